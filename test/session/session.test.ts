import { describe, expect, it, vi } from 'vitest';
import { loadComponent } from '../../src/engine/host/component.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { helloComponent } from '../host/fixtures.ts';
import { HistoryBuilder } from '../history-builder.ts';

/** What a server records for examples/hello: one task that completes the run with the greeting. */
const helloHistory = () =>
  new HistoryBuilder()
    .started('greet', ['Temporal'])
    .workflowTask()
    .completed('Hello, Temporal! (from greet)').events;

describe('a replay session with the example component', () => {
  it('replays the history the example produces, with no divergence', async () => {
    const session = ReplaySession.open(helloHistory(), {
      kind: 'component',
      component: await loadComponent(await helloComponent()),
    });
    const steps = await session.runToEnd();
    expect(session.verdict).toEqual({ kind: 'ok' });
    expect(steps).toHaveLength(1);
    expect(steps[0]!.commands.map((c) => Object.keys(c))).toEqual([['completeWorkflowExecution']]);
    expect(session.driverTrace.some((e) => e.type === 'poll')).toBe(true);
  });

  it("reports where a changed history diverges, with sdk-core's message and both command lists", async () => {
    // History says the first task started a timer; the example completes instead.
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    const timer = b.timerStarted('1');
    b.timerFired('1', timer).workflowTask().completed('x');
    const session = ReplaySession.open(b.events, {
      kind: 'component',
      component: await loadComponent(await helloComponent()),
    });
    await session.runToDivergence();
    expect(session.verdict).toMatchObject({
      kind: 'nondeterminism',
      eventId: timer,
      eventType: 'TimerStarted',
    });
    expect(session.divergence).toMatchObject({
      kind: 'wrong-kind',
      message: `[TMPRL1100] Nondeterminism error: Complete workflow machine does not handle this event: HistoryEvent(id: ${timer}, TimerStarted)`,
      expected: [{ kind: 'StartTimer', detail: 'timer 1' }],
      actual: [{ kind: 'CompleteWorkflowExecution', detail: '' }],
      firstMismatch: 0,
    });
  });

  it('steps back by re-executing, arriving at the same state', async () => {
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    const timer = b.timerStarted('1');
    b.timerFired('1', timer).workflowTask().completed('x');
    const session = ReplaySession.open(b.events, { kind: 'echo' });
    await session.runToEnd();
    expect(session.verdict).toEqual({ kind: 'ok' });
    const all = session.steps.map((s) => s.activation);
    await session.stepBack();
    expect(session.steps.map((s) => s.activation)).toEqual(all.slice(0, -1));
    expect(session.done).toBe(false);
  });

  it('stops at a breakpoint on an event type', async () => {
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    const timer = b.timerStarted('1');
    b.timerFired('1', timer).workflowTask().completed('x');
    const session = ReplaySession.open(b.events, { kind: 'echo' });
    session.breakpoints.push({ kind: 'event-type', eventType: 'TimerFired' });
    const taken = await session.runToEnd();
    expect(taken.at(-1)!.activation.jobs?.[0]?.fireTimer).toBeTruthy();
  });
});

/**
 * Two timers one after the other, written by hand as a server records them:
 *   1 WorkflowExecutionStarted · 2-4 task (started 3) · 5 TimerStarted "1" · 6 TimerFired "1" ·
 *   7-9 task (started 8) · 10 TimerStarted "2" · 11 TimerFired "2" · 12-14 task (started 13) ·
 *   15 WorkflowExecutionCompleted.
 * Replayed with its own commands (echo) it gives three activations, by sdk-core's rules:
 *   step 0: events 1-3, InitializeWorkflow → StartTimer "1"
 *   step 1: events 4-8, FireTimer "1"      → StartTimer "2"
 *   step 2: events 9-13, FireTimer "2"     → CompleteWorkflowExecution
 */
function twoTimers() {
  const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
  b.timerFired('1', b.timerStarted('1')).workflowTask();
  b.timerFired('2', b.timerStarted('2')).workflowTask().completed('done');
  return ReplaySession.open(b.events, { kind: 'echo' });
}

describe('breakpoints of every kind stop a run at the step that hits them', () => {
  it('the layout above is what replay produces', async () => {
    const session = twoTimers();
    await session.runToEnd();
    expect(session.verdict).toEqual({ kind: 'ok' });
    expect(session.steps.map((s) => [s.events.from, s.events.to, s.wftStartedEventId])).toEqual([
      [1, 3, 3],
      [4, 8, 8],
      [9, 13, 13],
    ]);
  });

  it('on an event id: the step whose applied events include it', async () => {
    const session = twoTimers();
    session.breakpoints.push({ kind: 'event', eventId: 11 });
    const taken = await session.run();
    expect(taken.map((s) => s.index)).toEqual([0, 1, 2]);
    // Event 5, a command's event, is applied with the next task's events.
    const other = twoTimers();
    other.breakpoints.push({ kind: 'event', eventId: 5 });
    expect((await other.run()).at(-1)!.index).toBe(1);
    expect(other.breakpointsHitBy(other.steps[1]!)).toEqual([{ kind: 'event', eventId: 5 }]);
  });

  it('on a command type: every step that produces one, run after run', async () => {
    const session = twoTimers();
    session.breakpoints.push({ kind: 'command-type', commandType: 'StartTimer' });
    expect((await session.run()).at(-1)!.index).toBe(0);
    expect((await session.run()).at(-1)!.index).toBe(1);
    // No third StartTimer: the next run goes to the end.
    expect((await session.run()).at(-1)!.index).toBe(2);
    expect(session.verdict).toEqual({ kind: 'ok' });

    const completing = twoTimers();
    completing.breakpoints.push({
      kind: 'command-type',
      commandType: 'CompleteWorkflowExecution',
    });
    expect((await completing.run()).map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('on a workflow task: the step of the task started at that event', async () => {
    const session = twoTimers();
    session.breakpoints.push({ kind: 'workflow-task', wftStartedEventId: 8 });
    const taken = await session.run();
    expect(taken.map((s) => s.index)).toEqual([0, 1]);
    expect(session.done).toBe(false);
    expect(session.breakpointsHitBy(taken[1]!)).toEqual([
      { kind: 'workflow-task', wftStartedEventId: 8 },
    ]);
  });

  it('goes to a step by re-executing from the start, and on from there', async () => {
    const session = twoTimers();
    await session.runToEnd();
    await session.goTo(0);
    expect(session.steps.map((s) => s.index)).toEqual([0]);
    expect(session.steps[0]!.commands.map((c) => Object.keys(c))).toEqual([['startTimer']]);
    const next = await session.stepForward();
    expect(next?.activation.jobs?.map((j) => j.fireTimer?.seq)).toEqual([1]);
  });
});

describe('checkpoints during time travel', () => {
  /** History only, twelve timers one after another: thirteen activations. */
  const timers = () => {
    const b = new HistoryBuilder().started('loop', []).workflowTask();
    for (let i = 1; i <= 12; i++) b.timerFired(String(i), b.timerStarted(String(i))).workflowTask();
    return b.completed('done').events;
  };

  it('re-executing steps taken before adds none; steps never taken before do', async () => {
    const session = ReplaySession.open(timers(), { kind: 'echo' }, { checkpoints: {} });
    await session.goTo(8);
    const taken = session.checkpointStats.count;
    // From here every step appears to take a second: each one would be due a checkpoint.
    let now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000));
    try {
      // Back to the first checkpoints, then on again over the same steps: they were passed over
      // the first time, and capturing them now would make the request that re-executes them wait.
      await session.goTo(2);
      await session.goTo(8);
      expect(session.checkpointStats.count).toBe(taken);
      await session.goTo(11);
      expect(session.checkpointStats.count).toBe(taken + 3);
    } finally {
      clock.mockRestore();
    }
  });
});
