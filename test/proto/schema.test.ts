import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { History, root } from '../../src/engine/proto/index.ts';
import { historiesDir } from '../paths.ts';

type Reflected = protobuf.Type | protobuf.Enum;

function allTypes(ns: protobuf.NamespaceBase, out: Reflected[] = []): Reflected[] {
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type || child instanceof protobuf.Enum) out.push(child);
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) allTypes(child, out);
  }
  return out;
}

function shape(t: Reflected): unknown {
  if (t instanceof protobuf.Enum) return t.values;
  return t.fieldsArray
    .map((f) => ({
      name: f.name,
      id: f.id,
      type: f.resolvedType?.fullName ?? f.type,
      repeated: f.repeated,
      map: f.map,
      keyType: (f as unknown as protobuf.MapField).keyType,
    }))
    .sort((a, b) => a.id - b.id);
}

describe('the trimmed protobuf schema', () => {
  root.resolveAll();
  const ours = allTypes(root);

  it('covers the core/lang protocol and histories', () => {
    const names = new Set(ours.map((t) => t.fullName));
    for (const name of [
      '.coresdk.workflow_activation.WorkflowActivation',
      '.coresdk.workflow_commands.WorkflowCommand',
      '.coresdk.workflow_completion.WorkflowActivationCompletion',
      '.temporal.api.history.v1.History',
      '.temporal.api.enums.v1.EventType',
      '.temporal.api.failure.v1.Failure',
    ]) {
      expect(names.has(name), name).toBe(true);
    }
  });

  it('agrees field by field with @temporalio/proto (an independent build of the same protos)', () => {
    const require = createRequire(import.meta.url);
    const theirs = require('@temporalio/proto/protos/json-module.js') as protobuf.Root;
    theirs.resolveAll();
    const mismatches: string[] = [];
    for (const t of ours) {
      const other = theirs.lookup(t.fullName) as Reflected | null;
      if (!other) mismatches.push(`${t.fullName}: missing in @temporalio/proto`);
      else if (JSON.stringify(shape(t)) !== JSON.stringify(shape(other)))
        mismatches.push(`${t.fullName}: fields differ`);
    }
    expect(mismatches).toEqual([]);
    expect(ours.length).toBeGreaterThan(200);
  });

  it('decodes the binary histories recorded by sdk-core and the TS SDK', () => {
    const files = ['sdk-core', 'sdk-typescript'].flatMap((dir) =>
      readdirSync(historiesDir(dir))
        .filter((f) => f.endsWith('.bin'))
        .map((f) => join(historiesDir(dir), f)),
    );
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      const history = History.decode(readFileSync(file));
      const events = history.events ?? [];
      expect(events.length, file).toBeGreaterThan(0);
      expect(
        History.type.lookupEnum('temporal.api.enums.v1.EventType').valuesById[
          events[0]!.eventType as number
        ],
        file,
      ).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
      events.forEach((e, i) => expect(Number(e.eventId), file).toBe(i + 1));
    }
  });
});
