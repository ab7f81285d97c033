/**
 * Live runs as the timeline and inspectors show them (src/engine/inspect/live-run.ts), from what a
 * real bridge reported: sdk-core's replay worker builds every activation, the page client runs it
 * through a real component and sdk-core judges the completions. The views are compared with what
 * sdk-core itself recorded (the oracle run the bridge returns: its activations, the completions it
 * got, its verdict) and with expectations derived by hand from the histories and the guests' code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeClientEvent } from '../../src/app/bridge/client.ts';
import { timestampMs } from '../../src/engine/inspect/event-index.ts';
import {
  LiveRunLog,
  liveRunView,
  liveStepDetail,
  sdkCoreOutcome,
  type LiveRun,
} from '../../src/engine/inspect/live-run.ts';
import { commandVariant, jobVariant } from '../../src/engine/proto/index.ts';
import type { OracleRun } from '../../src/node/oracle/index.ts';
import {
  clientPage,
  eventually,
  greetExpectingTimer,
  ofKind,
  replayOf,
  startBridge,
  stopStarted,
  tickerHistory,
} from '../bridge/harness.ts';
import { guestComponent, helloComponent } from '../host/fixtures.ts';

afterEach(stopStarted);

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Feeds the client's events to a log, as the app does, calling `each` after every one. */
function feed(events: BridgeClientEvent[], each?: (log: LiveRunLog, e: BridgeClientEvent) => void) {
  const log = new LiveRunLog();
  for (const e of events) {
    if (e.kind === 'activation') log.activation(e);
    else if (e.kind === 'activation-done') log.answer(e);
    else if (e.kind === 'run-ended') log.ended(e);
    each?.(log, e);
  }
  return log;
}

/** Runs a replay to its end; returns the page's events and sdk-core's own record of the replay. */
async function replay(
  history: ReturnType<typeof tickerHistory>,
  component: Uint8Array | undefined,
  bridgeComponent?: Uint8Array,
): Promise<{ events: BridgeClientEvent[]; oracle: OracleRun }> {
  const { bridge } = await startBridge({
    mode: replayOf(history),
    ...(bridgeComponent ? { component: { bytes: bridgeComponent, label: 'c.wasm' } } : {}),
  });
  const page = await clientPage(bridge, component);
  await eventually(() => ofKind(page.events, 'run-ended')[0], 'the run to end');
  page.client.close();
  await bridge.shutdown('replay over');
  const { replays } = await bridge.done;
  return { events: page.events, oracle: replays[0]! };
}

describe('a live run from real sdk-core, as timeline views', () => {
  it('has one column per workflow task and one row per activation, as sdk-core sent them', async () => {
    const history = tickerHistory(3);
    const { events, oracle } = await replay(history, await guestComponent('ticker'));
    const log = feed(events);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.info).toMatchObject({ workflowType: 'ticker', workflowId: 'wf-bridge' });
    const view = liveRunView(run);

    // Three tasks: the ticker history's WorkflowTaskStarted events are 3, 8 and 13 (each timer
    // adds WFTCompleted, TimerStarted, TimerFired, WFTScheduled, WFTStarted).
    expect(view.tasks.map((t) => [t.firstEventId, t.lastEventId, t.startedEventId])).toEqual([
      [1, 3, 3],
      [4, 8, 8],
      [9, 13, 13],
    ]);
    expect(view.tasks.map((t) => t.eventsUnknown)).toEqual([true, true, true]);
    expect(view.tasks.map((t) => t.isLast)).toEqual([false, false, true]);
    // …which is what sdk-core put on its activations.
    expect(oracle.activations.map((a) => Number(a.historyLength))).toEqual([3, 8, 13]);
    expect(view.steps.map((s) => s.wftStartedEventId)).toEqual([3, 8, 13]);
    expect(view.steps.map((s) => s.task)).toEqual([0, 1, 2]);
    // Task start times are the activations' timestamps: the WorkflowTaskStarted events' times.
    const startedTimes = [3, 8, 13].map((id) => timestampMs(history[id - 1]!.eventTime));
    expect(view.tasks.map((t) => t.startedAtMs)).toEqual(startedTimes);
    expect(oracle.activations.map((a) => timestampMs(a.timestamp))).toEqual(startedTimes);

    // Jobs as sdk-core sent them.
    expect(view.steps.map((s) => s.jobs.map((j) => j.kind))).toEqual(
      oracle.activations.map((a) => (a.jobs ?? []).map((j) => pascal(jobVariant(j)))),
    );
    expect(view.steps.map((s) => s.jobs.map((j) => j.kind))).toEqual([
      ['InitializeWorkflow'],
      ['FireTimer'],
      ['FireTimer'],
    ]);
    expect(view.steps.map((s) => s.isReplaying)).toEqual(
      oracle.activations.map((a) => !!a.isReplaying),
    );

    // Commands as sdk-core got them: the ticker starts timer n in activation n.
    expect(view.steps.map((s) => s.commands.map((c) => c.kind))).toEqual(
      oracle.completions.map((c) =>
        (c.successful?.commands ?? []).map((command) => pascal(commandVariant(command))),
      ),
    );
    expect(
      view.steps.map((s) => s.commands.map((c) => [c.serverKind, c.detail, c.origin])),
    ).toEqual([
      [['StartTimer', 'timer 1', 'guest']],
      [['StartTimer', 'timer 2', 'guest']],
      [['StartTimer', 'timer 3', 'guest']],
    ]);

    // The host calls (the ticker guest's code: one activate, then two polls of main, the first
    // pushing the timer and making progress, the second not). Activation 1 instantiates first.
    expect(view.steps[0]!.calls.map((c) => c.type)).toEqual([
      'instantiate',
      'activate',
      'poll',
      'poll',
    ]);
    const calls = view.steps[1]!.calls;
    expect(calls.map((c) => [c.type, c.lane ?? '', c.madeProgress ?? null, c.pushed])).toEqual([
      ['activate', '', null, 0],
      ['poll', 'main', true, 1],
      ['poll', 'main', false, 0],
    ]);
    expect(view.steps[1]!.commands[0]!.call).toBe(calls[1]!.seq);

    expect(view.steps.map((s) => s.live)).toEqual(
      [0, 1, 2].map(() => ({ ranBy: 'page', answeredBy: 'page' })),
    );
    // sdk-core applied all 15 events: its verdict, and no failure marker.
    expect(oracle.verdict).toEqual({ kind: 'ok', lastProcessedEventId: 15 });
    expect(run.end).toMatchObject({
      reason: 'LANG_REQUESTED',
      outcome: { kind: 'ok', lastEventId: 15 },
    });
    expect(view.verdict).toEqual({ kind: 'ok' });
    expect(view.lastEventId).toBe(13);
  });

  it('shows each activation as it arrives: jobs first, then calls and commands once answered', async () => {
    const { events } = await replay(tickerHistory(3), await guestComponent('ticker'));
    const seen: Array<{ steps: number; answered: boolean; calls: number; commands: number }> = [];
    const incremental = feed(events, (log, e) => {
      if (e.kind !== 'activation' && e.kind !== 'activation-done') return;
      const step = liveRunView(log.runs.at(-1)!).steps.at(-1)!;
      seen.push({
        steps: liveRunView(log.runs.at(-1)!).steps.length,
        answered: step.live?.answeredBy !== undefined,
        calls: step.calls.length,
        commands: step.commands.length,
      });
    });
    expect(seen).toEqual([
      { steps: 1, answered: false, calls: 0, commands: 0 },
      { steps: 1, answered: true, calls: 4, commands: 1 },
      { steps: 2, answered: false, calls: 0, commands: 0 },
      { steps: 2, answered: true, calls: 3, commands: 1 },
      { steps: 3, answered: false, calls: 0, commands: 0 },
      { steps: 3, answered: true, calls: 3, commands: 1 },
    ]);
    // Views built report by report are the views built from the whole run at once.
    expect(liveRunView(incremental.runs[0]!)).toEqual(liveRunView(feed(events).runs[0]!));
  });

  it("carries sdk-core's nondeterminism to the activation it was applying", async () => {
    const { events, oracle } = await replay(greetExpectingTimer(), await helloComponent());
    const run = feed(events).runs[0]!;
    // Event 5 is the TimerStarted history recorded; hello completed the workflow instead.
    expect(oracle.verdict).toMatchObject({
      kind: 'nondeterminism',
      eventId: 5,
      activationIndex: 0,
    });
    const outcome = run.end!.outcome;
    expect(outcome).toMatchObject({ kind: 'nondeterminism', eventId: 5, activation: 0 });
    expect(outcome.kind === 'nondeterminism' && outcome.message).toBe(
      (oracle.verdict as { message: string }).message,
    );
    expect(outcome.kind === 'nondeterminism' && outcome.message).toMatch(
      /^\[TMPRL1100\] Nondeterminism error: /,
    );
    const view = liveRunView(run);
    expect(view.verdict).toMatchObject({ kind: 'nondeterminism', eventId: 5, activation: 0 });
    // What hello answered, which sdk-core could not match: the host's terminal command.
    expect(view.steps[0]!.commands.map((c) => [c.kind, c.origin])).toEqual([
      ['CompleteWorkflowExecution', 'host'],
    ]);
    expect(view.result).toBe('"Hello, Temporal! (from greet)"');
  });

  it('shows a failed activation and the task failure sdk-core reported for it', async () => {
    // No component in the page: lang fails the activation, sdk-core fails the task (LANG_FAIL).
    const { events, oracle } = await replay(tickerHistory(2), undefined);
    const run = feed(events).runs[0]!;
    expect(oracle.verdict).toMatchObject({ kind: 'task-failure', activationIndex: 0 });
    expect(run.end!.outcome).toMatchObject({ kind: 'task-failure', activation: 0 });
    const view = liveRunView(run);
    const failure = oracle.completions[0]!.failed!.failure!.message!;
    expect(failure).toMatch(/^No component is loaded: pick an example or open a component file/);
    expect(view.steps[0]).toMatchObject({ failure, commands: [], calls: [] });
    expect(view.verdict).toMatchObject({ kind: 'task-failure', activation: 0 });
    const detail = await liveStepDetail(run, 0);
    expect(detail?.failure?.message).toBe(failure);
  });

  it('marks activations the bridge ran itself, with the origins its host reported', async () => {
    const ticker = await guestComponent('ticker');
    const { events, oracle } = await replay(tickerHistory(2), undefined, ticker);
    const view = liveRunView(feed(events).runs[0]!);
    expect(oracle.verdict).toMatchObject({ kind: 'ok' });
    expect(view.steps.map((s) => s.live)).toEqual([
      { ranBy: 'bridge', answeredBy: 'bridge' },
      { ranBy: 'bridge', answeredBy: 'bridge' },
    ]);
    expect(view.steps[1]!.calls.map((c) => c.type)).toEqual(['activate', 'poll', 'poll']);
    expect(view.steps.map((s) => s.commands.map((c) => [c.detail, c.origin]))).toEqual([
      [['timer 1', 'guest']],
      [['timer 2', 'guest']],
    ]);
  });

  it('gives the inspectors the activation, the commands and the trace of one activation', async () => {
    const { events, oracle } = await replay(tickerHistory(2), await guestComponent('ticker'));
    const run = feed(events).runs[0]!;
    const detail = (await liveStepDetail(run, 1))!;
    expect(detail.index).toBe(1);
    expect(detail.activation['runId']).toBe(oracle.activations[1]!.runId);
    expect(detail.activation['historyLength']).toBe(8);
    expect(detail.activation['jobs']).toEqual([{ fireTimer: { seq: 1 } }]);
    expect(detail.commands).toEqual([
      {
        origin: 'guest',
        command: expect.objectContaining({ startTimer: expect.objectContaining({ seq: 2 }) }),
      },
    ]);
    expect(detail.trace.map((e) => e.type)).toEqual(['activate', 'poll', 'command', 'poll']);
    expect(await liveStepDetail(run, 2)).toBeUndefined();
  });
});

describe('runs in the log', () => {
  it('a run id that starts over (a new replay, a retried task) is a new run', async () => {
    const { bridge } = await startBridge({ mode: replayOf(tickerHistory(2)) });
    const page = await clientPage(bridge, await guestComponent('ticker'));
    await eventually(() => ofKind(page.events, 'run-ended')[0], 'the first replay');
    await page.client.replay();
    await eventually(() => ofKind(page.events, 'run-ended')[1], 'the second replay');
    page.client.close();
    const log = feed(page.events);
    expect(log.runs.map((r) => [r.key, r.info.runId, r.activations.length])).toEqual([
      [1, log.runs[0]!.info.runId, 2],
      [2, log.runs[0]!.info.runId, 2],
    ]);
    expect(log.get(2)).toBe(log.runs[1]);
  });

  it('keeps the newest runs within its limit', () => {
    const log = new LiveRunLog(2);
    for (const runId of ['a', 'b', 'c'])
      log.ended({ run: info(runId), reason: 'CACHE_FULL', message: '' });
    expect(log.runs.map((r) => r.info.runId)).toEqual(['b', 'c']);
    expect(log.dropped).toBe(1);
  });
});

const info = (runId: string) => ({
  runId,
  workflowId: 'wf',
  workflowType: 'greet',
  namespace: 'default',
  taskQueue: 'tq',
});

describe("sdk-core's outcome from an eviction without a verdict (live mode)", () => {
  // sdk-core's EvictionReason names; the message is its own text, shown as-is.
  const run: LiveRun = {
    key: 1,
    info: info('r'),
    activations: [
      {
        index: 0,
        activation: {},
        ranBy: 'page',
        answer: { by: 'page', completion: {}, trace: [] },
      },
      {
        index: 1,
        activation: {},
        ranBy: 'page',
        answer: { by: 'page', completion: {}, trace: [] },
      },
    ],
  };
  const end = (reason: string, message = 'm') =>
    sdkCoreOutcome({ run: run.info, reason, message }, run);

  it('NONDETERMINISM and LANG_FAIL point at the last answered activation', () => {
    expect(end('NONDETERMINISM', '[TMPRL1100] Nondeterminism error: x')).toEqual({
      kind: 'nondeterminism',
      message: '[TMPRL1100] Nondeterminism error: x',
      activation: 1,
    });
    expect(end('LANG_FAIL')).toEqual({ kind: 'task-failure', message: 'm', activation: 1 });
  });

  it('FATAL is fatal; any other reason is an eviction (the run ended, the cache was full…)', () => {
    expect(end('FATAL')).toEqual({ kind: 'fatal', reason: 'FATAL', message: 'm' });
    expect(end('WORKFLOW_EXECUTION_ENDING')).toEqual({
      kind: 'evicted',
      reason: 'WORKFLOW_EXECUTION_ENDING',
      message: 'm',
    });
    expect(end('CACHE_FULL').kind).toBe('evicted');
  });

  it('a verdict of an unknown kind falls back to the eviction reason', () => {
    expect(
      sdkCoreOutcome(
        { run: run.info, reason: 'LANG_FAIL', message: 'm', verdict: { kind: 'new' } },
        run,
      ),
    ).toEqual({ kind: 'task-failure', message: 'm', activation: 1 });
  });
});
