/**
 * Every example, run by the simulator (its own activity implementations, its default scenario),
 * produces a history that real sdk-core accepts with the example's component answering, with the
 * same activations and verdict as this engine; and the versioning examples replayed across
 * versions diverge (or not) exactly where sdk-core says.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExampleMeta } from '../../examples/manifest.ts';
import type { HistoryEvent } from '../../src/engine/core/events.ts';
import { simulate, type SimulateOptions } from '../../src/engine/sim/simulate.ts';
import { compareCodeWithSdkCore, compareWithSdkCore } from '../../src/node/oracle/differential.ts';
import { SdkCoreReplayer } from '../../src/node/oracle/index.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { example } from '../sdk/harness.ts';
import { REPO } from '../paths.ts';

const replayer = new SdkCoreReplayer();
afterAll(() => replayer.close());

/** Smaller inputs where the default would make a very long history (the benchmark uses those). */
const INPUT_OVERRIDES: Record<string, unknown[]> = { 'long-loop': [40] };

const ids = readdirSync(join(REPO, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(REPO, 'examples', d.name, 'example.json')))
  .map((d) => d.name)
  .sort();

async function exampleHistory(id: string): Promise<{ events: HistoryEvent[]; outcome: string }> {
  const meta = JSON.parse(
    readFileSync(join(REPO, 'examples', id, 'example.json'), 'utf8'),
  ) as ExampleMeta;
  const activitiesPath = join(REPO, 'examples', id, 'activities.ts');
  const activities = existsSync(activitiesPath)
    ? ((await import(activitiesPath)) as SimulateOptions['activities'])
    : undefined;
  const result = await simulate(
    await example(id),
    { ...meta.scenario, workflowType: meta.workflowType, input: INPUT_OVERRIDES[id] ?? meta.input },
    { ...(activities ? { activities } : {}) },
  );
  return { events: result.events, outcome: result.outcome };
}

describe('simulated example histories against real sdk-core', () => {
  for (const id of ids) {
    it(`${id}: sdk-core replays it with the component, agreeing with this engine`, async () => {
      const { events, outcome } = await exampleHistory(id);
      expect(['completed', 'failed', 'continued-as-new']).toContain(outcome);
      const hosted = await compareCodeWithSdkCore(
        replayer,
        `${id} (component)`,
        events,
        await example(id),
      );
      expect(hosted.differences).toEqual([]);
      expect(hosted.core.verdict).toBe('ok');
      const echoed = await compareWithSdkCore(replayer, `${id} (echo)`, events);
      expect(echoed.differences).toEqual([]);
      expect(echoed.core.verdict).toBe('ok');
    });
  }
});

describe('versioning examples replayed across versions', () => {
  const cases: Array<[from: string, to: string, expected: 'ok' | 'nondeterminism']> = [
    ['patching-1-original', 'patching-2-patched', 'ok'],
    ['patching-2-patched', 'patching-3-deprecated', 'ok'],
    ['patching-1-original', 'patching-4-forgot-patch', 'nondeterminism'],
  ];
  for (const [from, to, expected] of cases) {
    it(`a ${from} history replayed by ${to}: ${expected}, as in sdk-core`, async () => {
      const { events } = await exampleHistory(from);
      const result = await compareCodeWithSdkCore(
        replayer,
        `${from} → ${to}`,
        events,
        await example(to),
      );
      expect(result.differences).toEqual([]);
      expect(result.core.verdict).toBe(expected);
    });
  }
});

describe('what the examples log', () => {
  it('reaches the host trace as workflow log lines, leaving current details alone', async () => {
    const { events } = await exampleHistory('signals-queries');
    const session = ReplaySession.open(events, {
      kind: 'component',
      component: await example('signals-queries'),
    });
    await session.runToEnd();
    const logs = session.driverTrace.filter((e) => e.type === 'log');
    expect(logs.length).toBeGreaterThan(0);
    expect(
      logs.every((e) => e.type === 'log' && e.source === 'workflow' && e.replaying === true),
    ).toBe(true);
    expect(
      session.driverTrace.some((e) => e.type === 'details' && e.text.startsWith('\u001e')),
    ).toBe(false);
  });
});
