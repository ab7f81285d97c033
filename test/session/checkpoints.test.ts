/**
 * Checkpoints restore exactly: for every example (TypeScript, and Rust where built), a session
 * restored at every activation and run to the end produces the same trace of guest calls and
 * commands, and the same activations and commands, byte for byte, as one straight run. Both ways
 * of restoring are covered: into the running instance and into a fresh one. And a walk of jumps
 * back and forth (restores going forward too, instances set aside and reused) stays exact.
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
const INPUT_OVERRIDES: Record<string, unknown[]> = { 'long-loop': [12], 'long-loop-400': [400] };

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

/**
 * Everything a run produced except wall-clock times: the trace, activations and completions (of
 * its first `length` steps, and then without the verdict).
 */
function transcript(session: ReplaySession, length?: number): string {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const steps = session.steps.slice(0, length);
  const traced = length === undefined ? undefined : (steps.at(-1)?.trace?.to ?? 0);
  const trace = session.driverTrace.slice(0, traced).map((entry: TraceEntry) => {
    const { atMs: _at, ...rest } = entry;
    if ('durationMs' in rest) delete (rest as { durationMs?: number }).durationMs;
    return rest;
  });
  const shown = steps.map((step) => ({
    activation: hex(WorkflowActivation.encode(step.activation)),
    commands: hex(WorkflowActivationCompletion.encode({ successful: { commands: step.commands } })),
    events: step.events,
    trace: step.trace,
  }));
  const verdict = length === undefined ? session.verdict : undefined;
  return JSON.stringify({ trace, steps: shown, verdict }, (_key, value: unknown) =>
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

describe('jumping back and forth keeps instances of several sizes and stays exact', () => {
  it('long-loop, 40 jumps in a seeded order', async () => {
    const example = examples().find((e) => e.id === 'long-loop')!;
    const code = await loadComponent(await example.wasm(), 'long-loop.wasm');
    const events = await history({ ...example, id: 'long-loop-400' }, code);
    const reference = await straight(events, code, { enabled: false });
    const session = await straight(events, code, { everyActivation: true });
    // The same walk restoring into fresh instances: it compares memory there and then, every time.
    const twin = await straight(events, code, { everyActivation: true, freshInstance: true });
    const end = reference.steps.length - 1;
    for (let i = 0, seed = 7919; i < 40; i++) {
      seed = (seed * 48271) % 2147483647;
      const target = seed % (end + 1);
      // Every third jump after a pause, as a person makes them: the session prepares the next
      // restore meanwhile (what changed since the last checkpoint) and must use it exactly.
      if (i % 3 === 2) await new Promise((resolve) => setTimeout(resolve, 40));
      for (const s of [session, twin]) {
        await s.goTo(target);
        // A few activations on from the restored state: the guest must run on exactly as it did.
        await s.goTo(Math.min(end, target + 3));
      }
      const length = session.steps.length;
      expect(transcript(session, length), `jump ${i} to ${target}`).toBe(
        transcript(reference, length),
      );
      // Byte for byte: memory a restore failed to put back may not show in a few activations.
      const [mine, theirs] = [session.guestMemories(), twin.guestMemories()];
      expect(mine.length).toBeGreaterThan(0);
      mine.forEach((bytes, m) =>
        expect(Buffer.compare(bytes, theirs[m]!), `jump ${i}, memory ${m}`).toBe(0),
      );
    }
    // Memory grows over this run, so going back past a growth needs another instance than the
    // running one: the spare made when memory first grew, then those set aside.
    expect(session.instanceStats.reused).toBeGreaterThan(1);
    expect(session.instanceStats.prepared).toBeGreaterThan(3);
  }, 300_000);

  it('long-loop, stepping back from the end with pauses, checkpoints as taken by default', async () => {
    const example = examples().find((e) => e.id === 'long-loop')!;
    const code = await loadComponent(await example.wasm(), 'long-loop.wasm');
    const events = await history({ ...example, id: 'long-loop-400' }, code);
    const reference = await straight(events, code, { enabled: false });
    // Past the last checkpoint the guest's memory holds changes no checkpoint has: a restore
    // must find them, by comparing then or with what it worked out during the pause.
    const session = await straight(events, code, {});
    // The twin restores into fresh instances: it compares memory there and then, every time.
    const twin = await straight(events, code, { freshInstance: true });
    for (let i = 0; i < 12; i++) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      for (const s of [session, twin]) await s.goTo(s.steps.length - 2 - (i % 4));
      const length = session.steps.length;
      expect(transcript(session, length), `step back ${i}`).toBe(transcript(reference, length));
      const [mine, theirs] = [session.guestMemories(), twin.guestMemories()];
      mine.forEach((bytes, m) =>
        expect(Buffer.compare(bytes, theirs[m]!), `step back ${i}, memory ${m}`).toBe(0),
      );
    }
    expect(session.instanceStats.prepared).toBeGreaterThan(5);
  }, 300_000);
});
