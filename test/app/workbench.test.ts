/**
 * The engine worker's Workbench driven directly in Node: the intents the page sends, with real
 * histories and the real example component.
 */
import { describe, expect, it } from 'vitest';
import { Workbench } from '../../src/engine/workbench/workbench.ts';
import { engineError } from '../../src/engine/workbench/errors.ts';
import { History } from '../../src/engine/proto/index.ts';
import { buildExample } from '../../src/node/build/examples.ts';
import { helloComponent } from '../host/fixtures.ts';
import { HistoryBuilder } from '../history-builder.ts';
import { smorgasbordBytes, smorgasbordRaw, typeName } from '../inspect/smorgasbord.ts';

const buffer = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const noProgress = () => {};

async function openSmorgasbord() {
  const bench = new Workbench();
  const opened = await bench.openHistory(
    { kind: 'bytes', bytes: buffer(smorgasbordBytes()) },
    'smorgasbord.json',
  );
  return { bench, opened };
}

describe('the workbench', () => {
  it('opens a history with the cursor before the first activation', async () => {
    const { opened } = await openSmorgasbord();
    expect(opened.history.index.count).toBe(smorgasbordRaw().length);
    expect(opened.session).toMatchObject({ stepCount: 0, cursor: { step: -1 }, mode: 'echo' });
  });

  it('keeps the loaded session when a history does not load', async () => {
    const { bench } = await openSmorgasbord();
    await bench.step({ kind: 'forward' }, noProgress);
    await expect(
      bench.openHistory({ kind: 'text', text: '{"events": 3}' }, 'bad.json'),
    ).rejects.toThrow(/bad\.json.*"events" must be an array/);
    const snapshot = await bench.step({ kind: 'forward' }, noProgress);
    expect(snapshot.stepCount).toBe(2);
  });

  it('runs to a breakpoint, says which one, and steps back by re-executing', async () => {
    const { bench } = await openSmorgasbord();
    const fired = Number(
      smorgasbordRaw().find((e) => typeName(e.eventType) === 'TimerFired')!.eventId,
    );
    bench.toggleBreakpoint({ kind: 'event-type', eventType: 'TimerFired' });
    const stopped = await bench.step({ kind: 'run' }, noProgress);
    expect(stopped.stop).toEqual({
      kind: 'breakpoint',
      breakpoints: [{ kind: 'event-type', eventType: 'TimerFired' }],
    });
    const current = stopped.steps.at(-1)!;
    expect(current.events.from).toBeLessThanOrEqual(fired);
    expect(current.events.to).toBeGreaterThanOrEqual(fired);
    const back = await bench.step({ kind: 'back' }, noProgress);
    expect(back.stepCount).toBe(stopped.stepCount - 1);
    expect(back.keep).toBeLessThanOrEqual(back.stepCount);
    const end = await bench.step({ kind: 'run-to-divergence' }, noProgress);
    expect(end.verdict).toEqual({ kind: 'ok' });
    expect(end.stop).toEqual({ kind: 'end' });
  });

  it('walks through the host↔guest calls of an activation one at a time', async () => {
    const bench = new Workbench();
    await bench.loadCode({
      kind: 'bytes',
      bytes: buffer(await helloComponent()),
      label: 'hello.wasm',
    });
    const history = new HistoryBuilder()
      .started('greet', ['Temporal'])
      .workflowTask()
      .completed('Hello, Temporal! (from greet)');
    const opened = await bench.openHistory(
      { kind: 'bytes', bytes: buffer(History.encode({ events: history.events })) },
      'greet.bin',
    );
    expect(opened.session.mode).toBe('component');
    const first = await bench.step({ kind: 'next-call' }, noProgress);
    expect(first.cursor).toEqual({ step: 0, call: 0 });
    const calls = first.steps[0]!.calls;
    expect(calls.map((c) => c.type).slice(0, 2)).toEqual(['instantiate', 'activate']);
    for (let k = 1; k < calls.length; k++) {
      const next = await bench.step({ kind: 'next-call' }, noProgress);
      expect(next.cursor).toEqual({ step: 0, call: k });
    }
    const previous = await bench.step({ kind: 'previous-call' }, noProgress);
    expect(previous.cursor).toEqual({ step: 0, call: calls.length - 2 });
    // The completion matched the history's command event: the run is replayed, no divergence.
    const detail = await bench.determinism(0);
    expect(detail.rows).toEqual([
      expect.objectContaining({
        status: 'match',
        expected: expect.objectContaining({ eventId: 5 }),
      }),
    ]);
  });

  it('answers a new run of the component with its first workflow task', async () => {
    const bench = new Workbench();
    await bench.loadCode({
      kind: 'bytes',
      bytes: buffer(await helloComponent()),
      label: 'hello.wasm',
    });
    const opened = bench.newRun('greet', ['Wasm']);
    expect(opened.history.index.count).toBe(3);
    const run = await bench.step({ kind: 'run' }, noProgress);
    expect(run.result).toBe('"Hello, Wasm! (from greet)"');
    expect(run.steps[0]!.commands).toEqual([
      expect.objectContaining({ kind: 'CompleteWorkflowExecution', origin: 'host', status: 'new' }),
    ]);
  });
});

describe('simulated runs in the workbench', () => {
  it("runs an example's default scenario with its own activities and opens the recorded history", async () => {
    const built = await buildExample('hello-activity');
    // The examples' activities, as the page's worker bundles them.
    const bench = new Workbench({
      activities: async (id) =>
        (await import(`../../examples/${id}/activities.ts`)) as Record<string, never>,
    });
    await bench.loadCode({
      kind: 'bytes',
      bytes: buffer(built.component),
      label: 'hello-activity.wasm',
    });
    const notes: unknown[] = [];
    const simulated = await bench.simulate(
      { workflowType: 'greetWithActivity', input: ['Temporal'] },
      'hello-activity',
      (note) => notes.push(note),
    );
    expect(simulated.outcome).toBe('completed');
    // The example's activity (examples/hello-activity/activities.ts) composed the result, and the
    // history that opened is the one the page can download.
    const events = (JSON.parse(simulated.historyJson) as { events: Array<Record<string, unknown>> })
      .events;
    expect(events.at(-1)!['eventType']).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    expect(JSON.stringify(events.at(-1))).toContain(
      Buffer.from('"Hello, Temporal!"').toString('base64'),
    );
    expect(simulated.opened.history.index.count).toBe(events.length);
    expect(simulated.opened.session).toMatchObject({ mode: 'component', stepCount: 0 });
    expect(bench.exportHistory().json).toBe(simulated.historyJson);
    const done = await bench.step({ kind: 'run' }, noProgress);
    expect(done.verdict).toEqual({ kind: 'ok' });
  });

  it('refuses a bad scenario naming the field, and keeps the open session', async () => {
    const { bench, opened } = await openSmorgasbord();
    await bench.loadCode({
      kind: 'bytes',
      bytes: buffer(await helloComponent()),
      label: 'hello.wasm',
    });
    const error = await bench
      .simulate(
        { workflowType: 'greet', signals: [{ name: 's', at: 'later' }] },
        undefined,
        noProgress,
      )
      .catch((e: unknown) => e);
    // As the worker sends it to the page: a code, the sentence, and the field for the editor.
    expect(engineError(error)).toMatchObject({
      code: 'scenario',
      message: expect.stringContaining('scenario.signals[0].at: "later" is not a duration'),
      location: { fieldPath: 'signals[0].at' },
    });
    expect(bench.exportHistory().label).toBe(opened.history.label);
  });
});
