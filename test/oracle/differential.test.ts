/**
 * Our replay engine against real sdk-core, on every sample history (plus generated Nexus histories,
 * since no recorded one exists) and on a mutation suite built from them: both answered with the
 * same commands, both must produce the same activations field by field, the same verdict, and for a
 * nondeterminism the same event.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/engine/history/index.ts';
import { loadComponent } from '../../src/engine/host/component.ts';
import { simulate } from '../../src/engine/sim/simulate.ts';
import { SdkCoreReplayer } from '../../src/node/oracle/index.ts';
import {
  compareCodeWithSdkCore,
  compareWithSdkCore,
  type Comparison,
} from '../../src/node/oracle/differential.ts';
import { HistoryBuilder } from '../history-builder.ts';
import { mutationsOf } from '../../src/node/oracle/mutations.ts';
import { workerPrefixesOf } from '../../src/node/oracle/prefixes.ts';
import { helloComponent } from '../host/fixtures.ts';
import { nexusHistories } from './fixtures/nexus-histories.ts';
import { historiesDir } from '../paths.ts';
import { otherSdkHistories } from '../fixtures/other-sdk-histories.ts';

const replayer = new SdkCoreReplayer();
afterAll(() => replayer.close());

function sampleHistories() {
  return ['sdk-core', 'sdk-typescript'].flatMap((dir) =>
    readdirSync(historiesDir(dir))
      .filter((f) => /\.(bin|json)$/.test(f))
      .map((f) => ({
        name: `${dir}/${f}`,
        events: loadHistory(new Uint8Array(readFileSync(join(historiesDir(dir), f))), { name: f })
          .events,
      })),
  );
}

const report = (c: Comparison) => `${c.name}\n  ${c.differences.join('\n  ')}`;

const isNexus = (c: Comparison) => c.name.startsWith('nexus/');

describe('our engine and sdk-core agree', () => {
  const corpus = [...sampleHistories(), ...nexusHistories()];

  it('on every sample history, activation by activation', async () => {
    const results = await Promise.all(
      corpus.map((h) => compareWithSdkCore(replayer, h.name, h.events)),
    );
    expect(results.filter((r) => !r.agree).map(report)).toEqual([]);
    expect(results.filter((r) => !isNexus(r)).length).toBeGreaterThanOrEqual(25);
    // Echo of a real history must replay cleanly in both; so must every generated Nexus history,
    // or sdk-core found it malformed.
    expect(results.filter((r) => r.core.verdict !== 'ok').map((r) => r.name)).toEqual([]);
    const activations = (rs: Comparison[]) => rs.reduce((n, r) => n + r.core.activations.length, 0);
    const nexus = results.filter(isNexus);
    console.log(
      `differential: ${results.length} histories, ${activations(results)} activations compared ` +
        `(Nexus: ${nexus.length} histories, ${activations(nexus)} activations)`,
    );
  });

  it('on every mutation of the commands they recorded (dropped, retyped, renamed, swapped, extra)', async () => {
    const comparisons: Comparison[] = [];
    for (const h of corpus) {
      for (const m of mutationsOf(h.events))
        comparisons.push(
          await compareWithSdkCore(replayer, `${h.name} ${m.name}`, h.events, m.mutate),
        );
    }
    expect(comparisons.filter((c) => !c.agree).map(report)).toEqual([]);
    const caught = comparisons.filter((c) => c.core.verdict === 'nondeterminism').length;
    expect(comparisons.length).toBeGreaterThan(300);
    // Most changes are nondeterministic; some (e.g. renaming a signal) are legitimately accepted.
    expect(caught).toBeGreaterThan(comparisons.length / 2);
    const nexus = comparisons.filter(isNexus);
    console.log(
      `mutations: ${comparisons.length} compared, ${caught} nondeterministic in both engines ` +
        `(Nexus: ${nexus.length} compared, ${nexus.filter((c) => c.core.verdict === 'nondeterminism').length} nondeterministic)`,
    );
  });

  it('on every prefix a worker sees (cut at each WorkflowTaskStarted and WorkflowTaskCompleted)', async () => {
    const comparisons = await Promise.all(
      corpus.flatMap((h) =>
        workerPrefixesOf(h.events).map((p) =>
          compareWithSdkCore(replayer, `${h.name} ${p.name}`, p.events),
        ),
      ),
    );
    expect(comparisons.filter((c) => !c.agree).map(report)).toEqual([]);
    expect(comparisons.filter((c) => !isNexus(c)).length).toBeGreaterThanOrEqual(220);
    // A cut at WorkflowTaskStarted is a task to do: sdk-core's last activation is new work there.
    const newWork = comparisons.filter((c) => c.core.activations.at(-1)?.['isReplaying'] !== true);
    expect(newWork.length).toBeGreaterThan(comparisons.length / 3);
    console.log(
      `prefixes: ${comparisons.length} compared, ${newWork.length} ending in a task that is new work`,
    );
  });

  it('on an update admitted before any task took it, and once one has', async () => {
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    b.updateAdmitted('update-1', 'rename', ['Ada']);
    const admitted = await compareWithSdkCore(replayer, 'update admitted', b.events);
    b.taskStarted();
    const taken = await compareWithSdkCore(replayer, 'update admitted, task started', b.events);
    expect(admitted.differences).toEqual([]);
    expect(taken.differences).toEqual([]);
    const updates = (c: Comparison) =>
      c.core.activations.flatMap((a) =>
        ((a['jobs'] ?? []) as Record<string, unknown>[]).filter((j) => j['doUpdate']),
      );
    expect(updates(admitted)).toEqual([]);
    expect(updates(taken)).toMatchObject([{ doUpdate: { id: 'update-1', runValidator: true } }]);
  });

  it('on Go and Java histories (real recordings), whose markers sdk-core has no command for', async () => {
    for (const h of otherSdkHistories()) {
      const result = await compareWithSdkCore(replayer, h.name, h.events);
      expect(result.differences).toEqual([]);
      // The first marker, right after the first task's completion (event 4), matches no command.
      expect(result.core).toMatchObject({ verdict: 'nondeterminism', eventId: 5 });
      expect(result.core.message).toContain('HistoryEvent(id: 5, MarkerRecorded)');
      // And every prefix a worker could see (cut at a task started or completed).
      const prefixes = await Promise.all(
        workerPrefixesOf(h.events).map((p) =>
          compareWithSdkCore(replayer, `${h.name} ${p.name}`, p.events),
        ),
      );
      expect(prefixes.length).toBeGreaterThanOrEqual(4);
      expect(prefixes.filter((c) => !c.agree).map(report)).toEqual([]);
    }
  });

  it('on a timer whose id is not a number (the Java SDK names timers by UUID)', async () => {
    const id = '6f1c3a52-8d1e-4f7e-9b3a-2c5d7e9f1a4b';
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    const timer = b.timerStarted(id);
    b.timerFired(id, timer).workflowTask().completed('x');
    const result = await compareWithSdkCore(replayer, 'uuid timer', b.events);
    expect(result.differences).toEqual([]);
    // sdk-core's timers are named by sequence number: echo gives this one 1, which the id is not.
    expect(result.core).toMatchObject({ verdict: 'nondeterminism', eventId: timer + 1 });
    expect(result.ours.message).toContain(`expected timer id 1, it was ${id}!`);
  });

  it('on histories the simulator produces, answered by echo and by the component itself', async () => {
    const component = await loadComponent(await helloComponent());
    const { events } = await simulate(component, {
      workflowType: 'greet',
      input: ['Differential'],
    });
    const echoed = await compareWithSdkCore(replayer, 'simulated hello (echo)', events);
    expect(echoed.differences).toEqual([]);
    expect(echoed.core.verdict).toBe('ok');
    const hosted = await compareCodeWithSdkCore(
      replayer,
      'simulated hello (component)',
      events,
      component,
    );
    expect(hosted.differences).toEqual([]);
    expect(hosted.core.verdict).toBe('ok');
  });

  it('on a history the example component no longer matches: the same nondeterminism at the same event', async () => {
    // History says the first task started a timer; the component completes instead.
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    const timer = b.timerStarted('1');
    b.timerFired('1', timer).workflowTask().completed('x');
    const component = await loadComponent(await helloComponent());
    const result = await compareCodeWithSdkCore(replayer, 'changed hello', b.events, component);
    expect(result.differences).toEqual([]);
    expect(result.core).toMatchObject({ verdict: 'nondeterminism', eventId: timer });
  });
});
