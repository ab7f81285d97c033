import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/engine/history/index.ts';
import {
  HistoryEventType,
  HistoryType,
  type HistoryEvent,
} from '../../src/engine/history/events.ts';
import { sample, samples } from './samples.ts';

/** A comparable view of an event: every field, enums by name, 64-bit ints and bytes as strings. */
const plain = (e: HistoryEvent) =>
  HistoryEventType.toObject(e as never, { enums: String, longs: String, bytes: String });

/**
 * The TypeScript SDK's own JSON history loader (`historyFromJSON` in @temporalio/common, what its
 * replay tests feed to sdk-core): an independent reading of the same files, built on a separate
 * protobufjs root. It understands both the canonical and the legacy PascalCase forms.
 */
function encodeWithTypescriptSdk(text: string): Uint8Array {
  const require = createRequire(import.meta.url);
  const { historyFromJSON } = require('@temporalio/common/lib/proto-utils.js') as {
    historyFromJSON: (json: unknown) => unknown;
  };
  const proto = require('@temporalio/proto') as {
    temporal: {
      api: { history: { v1: { History: { encode(m: unknown): { finish(): Uint8Array } } } } };
    };
  };
  return proto.temporal.api.history.v1.History.encode(historyFromJSON(JSON.parse(text))).finish();
}

function loadWithTypescriptSdk(text: string): HistoryEvent[] {
  return (
    HistoryType.decode(encodeWithTypescriptSdk(text)) as unknown as { events: HistoryEvent[] }
  ).events;
}

describe('loading the sample histories', () => {
  const all = samples();

  it('finds them all', () => {
    expect(all.length).toBeGreaterThanOrEqual(25);
  });

  for (const s of all) {
    it(`loads ${s.name}`, () => {
      const history = loadHistory(s.bytes, { name: s.name });
      expect(history.format.kind).toBe(s.name.endsWith('.bin') ? 'binary' : 'json');
      expect(history.events.length).toBeGreaterThan(0);
      expect(history.workflowTasks.length).toBeGreaterThan(0);
      // Nothing in these real histories is unknown to the schema except fields removed from the
      // API since they were recorded (ActivityTaskScheduled.namespace, .useCompatibleVersion).
      for (const w of history.warnings) {
        expect(w.code, w.message).toBe('unknown-field');
        expect(w.fieldPath, w.message).toMatch(
          /^activityTaskScheduledEventAttributes\.(namespace|useCompatibleVersion)$/,
        );
      }
    });
  }

  for (const s of all.filter((x) => x.name.endsWith('.json'))) {
    it(`reads ${s.name} exactly as the TypeScript SDK does`, () => {
      const ours = loadHistory(new TextDecoder().decode(s.bytes)).events.map(plain);
      const theirs = loadWithTypescriptSdk(new TextDecoder().decode(s.bytes)).map(plain);
      expect(ours).toEqual(theirs);
    });
  }

  it('tells the legacy PascalCase JSON form from the canonical one', () => {
    expect(
      loadHistory(sample('sdk-typescript/cancel_fake_progress_history.json').bytes).format,
    ).toEqual({
      kind: 'json',
      gzip: false,
      shape: 'history',
      dialect: 'legacy',
    });
    expect(
      loadHistory(sample('sdk-typescript/signal_workflow_1_13_1.json').bytes).format.dialect,
    ).toBe('canonical');
  });

  it('reads every JSON sample identically from its binary encoding (encoded by @temporalio/proto)', () => {
    for (const s of all.filter((x) => x.name.endsWith('.json'))) {
      const text = new TextDecoder().decode(s.bytes);
      const binary = encodeWithTypescriptSdk(text);
      const fromBinary = loadHistory(binary);
      const fromJson = loadHistory(text);
      expect(fromBinary.format.kind, s.name).toBe('binary');
      expect(fromBinary.events.map(plain), s.name).toEqual(fromJson.events.map(plain));
      const boundaries = (h: typeof fromJson) =>
        h.workflowTasks.map((t) => [t.firstEventId, t.lastEventId]);
      expect(boundaries(fromBinary), s.name).toEqual(boundaries(fromJson));
    }
  });

  it('gives the same model shape for cancel_fake_progress in legacy JSON and binary', () => {
    // These two files are two recordings of the same workflow (cancel-fake-progress.ts) by
    // different worker versions in 2022, not one history in two encodings: times, task ids,
    // identities and run ids differ, and the older run set a heartbeat timeout. What must agree
    // is everything the replay depends on.
    const legacy = loadHistory(sample('sdk-typescript/cancel_fake_progress_history.json').bytes);
    const binary = loadHistory(sample('sdk-typescript/cancel_fake_progress_history.bin').bytes);
    const shape = (h: typeof legacy) =>
      h.events.map((e) => {
        const p = plain(e);
        const attrs = (e.attributes ? p[e.attributes] : {}) as Record<string, unknown>;
        return {
          id: p['eventId'],
          type: p['eventType'],
          attributes: e.attributes,
          ids: Object.fromEntries(Object.entries(attrs).filter(([k]) => k.endsWith('EventId'))),
          activity: [attrs['activityId'], attrs['activityType']],
          signal: attrs['signalName'],
          kind: (attrs['taskQueue'] as Record<string, unknown> | undefined)?.['kind'],
          result: attrs['result'],
        };
      });
    expect(shape(legacy)).toEqual(shape(binary));
    const boundaries = (h: typeof legacy) =>
      h.workflowTasks.map((t) => [t.firstEventId, t.lastEventId]);
    expect(boundaries(legacy)).toEqual(boundaries(binary));
    // Spot checks against the file text, so the comparison above cannot pass vacuously.
    const started = legacy.events[0]!.workflowExecutionStartedEventAttributes!;
    expect(started.workflowType?.name).toBe('cancelFakeProgress');
    expect(started.taskQueue?.kind).toBe(1); // "Normal" → TASK_QUEUE_KIND_NORMAL
    expect(String(started.workflowTaskTimeout?.seconds)).toBe('10');
    expect(String(legacy.events[0]!.eventTime?.seconds)).toBe(
      String(Date.UTC(2022, 6, 6, 0, 33, 5) / 1000),
    );
    expect(plain(legacy.events[11]!)['eventType']).toBe('EVENT_TYPE_ACTIVITY_TASK_CANCELED');
  });
});
