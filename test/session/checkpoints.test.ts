/**
 * Checkpoints restore exactly: for every example (TypeScript, and Rust where built), a session
 * restored at every activation and run to the end produces the same trace of guest calls and
 * commands, and the same activations and commands, byte for byte, as one straight run. Both ways
 * of restoring are covered: into the running instance and into a fresh one.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExampleMeta } from '../../examples/manifest.ts';
import type { HistoryEvent } from '../../src/engine/core/events.ts';
import { loadComponent, type LoadedComponent } from '../../src/engine/host/component.ts';
import type { TraceEntry } from '../../src/engine/host/trace.ts';
import { WorkflowActivation, WorkflowActivationCompletion } from '../../src/engine/proto/index.ts';
import { simulate, type SimulateOptions } from '../../src/engine/sim/simulate.ts';
import type { CheckpointPolicy } from '../../src/engine/session/checkpoints.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { buildExample } from '../../src/node/build/examples.ts';
import { REPO } from '../paths.ts';

/** Smaller inputs where the default would make a very long history (the benchmark uses those). */
const INPUT_OVERRIDES: Record<string, unknown[]> = { 'long-loop': [12] };

interface Example {
  id: string;
  /** The component's bytes: a TypeScript example built here (cached), a Rust one as built. */
  wasm: () => Promise<Uint8Array>;
  meta: ExampleMeta;
  activities: string | undefined;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const [dir, prefix] of [
    ['examples', ''],
    ['examples-rust', 'rust-'],
  ] as const) {
    for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true })) {
      const metaPath = join(REPO, dir, entry.name, 'example.json');
      if (!entry.isDirectory() || !existsSync(metaPath)) continue;
      const name = entry.name;
      // Every TypeScript example is built (by content hash, so usually from the cache); a Rust one
      // needs the Rust toolchain, which `npm test` runs before the unit tests.
      const wasm =
        prefix === ''
          ? async () => (await buildExample(name)).component
          : async () => readFileSync(join(REPO, 'public', 'examples', `rust-${name}.wasm`));
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as ExampleMeta;
      const activities = join(REPO, 'examples', meta.activities ?? entry.name, 'activities.ts');
      out.push({
        id: `${prefix}${entry.name}`,
        wasm,
        meta,
        activities: existsSync(activities) ? activities : undefined,
      });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

async function history(example: Example, code: LoadedComponent): Promise<HistoryEvent[]> {
  const activities = example.activities
    ? ((await import(example.activities)) as SimulateOptions['activities'])
    : undefined;
  const { meta } = example;
  const result = await simulate(
    code,
    {
      ...meta.scenario,
      workflowType: meta.workflowType,
      input: INPUT_OVERRIDES[example.id] ?? meta.input,
    },
    activities ? { activities } : {},
  );
  return result.events;
}

/** Everything a run produced except wall-clock times: the trace, activations and completions. */
function transcript(session: ReplaySession): string {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const trace = session.driverTrace.map((entry: TraceEntry) => {
    const { atMs: _at, ...rest } = entry;
    if ('durationMs' in rest) delete (rest as { durationMs?: number }).durationMs;
    return rest;
  });
  const steps = session.steps.map((step) => ({
    activation: hex(WorkflowActivation.encode(step.activation)),
    commands: hex(WorkflowActivationCompletion.encode({ successful: { commands: step.commands } })),
    events: step.events,
    trace: step.trace,
  }));
  return JSON.stringify({ trace, steps, verdict: session.verdict }, (_key, value: unknown) =>
    typeof value === 'bigint' ? `${value}n` : value,
  );
}

async function straight(events: HistoryEvent[], code: LoadedComponent, policy: CheckpointPolicy) {
  const session = ReplaySession.open(
    events,
    { kind: 'component', component: code },
    { checkpoints: policy },
  );
  await session.runToEnd();
  return session;
}

describe('restoring a checkpoint at every activation replays the rest exactly', () => {
  for (const example of examples()) {
    it(`${example.id}`, async () => {
      const code = await loadComponent(await example.wasm(), `${example.id}.wasm`);
      const events = await history(example, code);
      const reference = await straight(events, code, { enabled: false });
      const expected = transcript(reference);
      expect(reference.steps.length).toBeGreaterThan(0);

      for (const freshInstance of [false, true]) {
        const session = await straight(events, code, { everyActivation: true, freshInstance });
        expect(session.checkpointNote).toBeUndefined();
        expect(session.checkpointStats.count).toBe(reference.steps.length + 1);
        expect(transcript(session)).toBe(expected);
        for (let at = reference.steps.length - 1; at >= -1; at--) {
          await session.goTo(at);
          expect(session.steps.length).toBe(at + 1);
          await session.runToEnd();
          expect(transcript(session), `restored after activation ${at + 1}`).toBe(expected);
        }
      }
    }, 120_000);
  }
});
