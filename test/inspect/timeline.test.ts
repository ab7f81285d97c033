/**
 * What the timeline draws, from real runs: example components built with componentize-js replaying
 * the histories their simulated runs recorded (through the Workbench, as the page gets them), and a
 * WASI-reading guest driven directly. Expectations come from the history's events and the ABI's
 * rules (written out by each assertion), never from this code's own output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Workbench } from '../../src/engine/workbench/workbench.ts';
import type { Opened, SessionSnapshot } from '../../src/engine/remote/protocol.ts';
import { loadComponent } from '../../src/engine/host/component.ts';
import { WorkflowRunDriver } from '../../src/engine/host/driver.ts';
import { firstActivation } from '../../src/engine/host/start.ts';
import { traceViews } from '../../src/engine/host/trace-view.ts';
import {
  guestHazardSummary,
  type GuestHazardView,
} from '../../src/engine/inspect/guest-hazards.ts';
import { callViews, type StepView } from '../../src/engine/inspect/timeline.ts';
import { buildExample } from '../../src/node/build/examples.ts';
import { guestComponent } from '../host/fixtures.ts';

const buffer = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const noProgress = () => {};

/**
 * The command sdk-core matches to each command event (machines/*_state_machine.rs), and whether the
 * guest pushes it or the host makes it: per the WIT world, the host turns the main routine's
 * `terminal` into the Complete/Fail/Cancel/ContinueAsNew command.
 */
const COMMAND_FOR_EVENT: Record<string, { serverKind: string; origin: 'guest' | 'host' }> = {
  TimerStarted: { serverKind: 'StartTimer', origin: 'guest' },
  TimerCanceled: { serverKind: 'CancelTimer', origin: 'guest' },
  ActivityTaskScheduled: { serverKind: 'ScheduleActivityTask', origin: 'guest' },
  WorkflowExecutionCompleted: { serverKind: 'CompleteWorkflowExecution', origin: 'host' },
};

function eventType(opened: Opened, eventId: number): string {
  const { index } = opened.history;
  return index.types[index.typeOf[eventId - 1]!]!;
}

async function simulatedRun(example: string, scenario: Record<string, unknown>) {
  const built = await buildExample(example);
  const bench = new Workbench();
  await bench.loadCode({ kind: 'bytes', bytes: buffer(built.component), label: `${example}.wasm` });
  const { opened } = await bench.simulate(scenario, example, noProgress);
  return { bench, opened };
}

describe('the timeline of a replayed run (signals-queries example, approve signal at 2h)', () => {
  let opened: Opened;
  let run: SessionSnapshot;
  beforeAll(async () => {
    const simulated = await simulatedRun('signals-queries', {
      workflowType: 'expenseApproval',
      input: ['expense-77'],
      signals: [{ name: 'approve', at: '2h', input: ['finance-lead'] }],
    });
    opened = simulated.opened;
    run = await simulated.bench.step({ kind: 'run' }, noProgress);
    expect(run.verdict).toEqual({ kind: 'ok' });
  });

  const stepOfTask = (task: number): StepView => run.steps.find((s) => s.task === task)!;

  it('shows, per workflow task, the command events history recorded, matched in order', () => {
    // Every task with a WorkflowTaskCompleted replays one activation whose commands are, row by
    // row, the command events that completion recorded: same kind, matched to that event.
    const replayed = opened.history.tasks.filter((t) => t.startedEventId !== undefined);
    expect(run.steps.map((s) => s.task)).toEqual(replayed.map((t) => t.index));
    for (const task of replayed) {
      const expected = task.commandEventIds.map((eventId, row) => ({
        ...COMMAND_FOR_EVENT[eventType(opened, eventId)],
        row,
        eventId,
        status: 'match',
      }));
      expect(stepOfTask(task.index).commands).toMatchObject(expected);
    }
    // The history's shape, read off its events: a timer, then (after the signal) the timer's
    // cancellation and the payExpense activity, then notifySubmitter, then the completion.
    expect(replayed.map((t) => t.commandEventIds.map((id) => eventType(opened, id)))).toEqual([
      ['TimerStarted'],
      ['TimerCanceled', 'ActivityTaskScheduled'],
      ['ActivityTaskScheduled'],
      ['WorkflowExecutionCompleted'],
    ]);
  });

  it('counts every command the guest pushed against the call that pushed it', () => {
    for (const step of run.steps) {
      const guestCommands = step.commands.filter((c) => c.origin === 'guest');
      // Each guest command names a call of its own activation, and the calls' push counts add up.
      expect(step.calls.reduce((n, c) => n + c.pushed, 0)).toBe(guestCommands.length);
      for (const call of step.calls)
        expect(call.pushed).toBe(guestCommands.filter((c) => c.call === call.seq).length);
      // The host-made completion was pushed by no call.
      for (const c of step.commands.filter((c) => c.origin === 'host'))
        expect(c.call).toBeUndefined();
    }
  });

  it('puts polls on routine lanes: the signal routine before main, until a pass makes no progress', () => {
    // The first activation instantiates the workflow; every activation is one `activate` call.
    expect(run.steps[0]!.calls.slice(0, 2).map((c) => c.type)).toEqual(['instantiate', 'activate']);
    for (const step of run.steps)
      expect(step.calls.filter((c) => c.type === 'activate')).toHaveLength(1);

    // The signal (event WorkflowExecutionSignaled "approve") lands in the second task: the host
    // polls its routine first, then main (every live signal/update routine, then id 0).
    const signalled = stepOfTask(1);
    expect(signalled.jobs).toEqual([{ kind: 'SignalWorkflow', detail: 'approve' }]);
    const polls = signalled.calls.filter((c) => c.type === 'poll');
    expect(polls[0]).toMatchObject({
      lane: 'signal:approve',
      laneKind: 'signal',
      laneLabel: 'signal approve',
      pass: 0,
      madeProgress: true,
    });
    expect(polls[1]).toMatchObject({ lane: 'main', laneKind: 'main', pass: 0 });

    // The poll loop ends with a pass that makes no progress, or with main's terminal result.
    for (const step of run.steps) {
      const stepPolls = step.calls.filter((c) => c.type === 'poll');
      const last = stepPolls.at(-1)!;
      if (last.outcome.startsWith('terminal')) continue;
      const lastPass = stepPolls.filter((c) => c.pass === last.pass);
      expect(lastPass.every((c) => c.madeProgress === false)).toBe(true);
    }
    // Only the last task completes the run: main returns `terminal` there and nowhere else.
    const terminal = run.steps.flatMap((s) =>
      s.calls.filter((c) => c.outcome.startsWith('terminal')).map(() => s.task),
    );
    expect(terminal).toEqual([3]);
  });
});

describe('the timeline of a divergent replay (patching-4 code, patching-1 history)', () => {
  it('marks the command that does not match the event history recorded', async () => {
    const { bench, opened } = await simulatedRun('patching-1-original', {
      workflowType: 'trialReminder',
      input: ['customer-12'],
    });
    await bench.loadCode({
      kind: 'bytes',
      bytes: buffer((await buildExample('patching-4-forgot-patch')).component),
      label: 'patching-4.wasm',
    });
    const run = await bench.step({ kind: 'run-to-divergence' }, noProgress);
    // Version 1 recorded ActivityTaskScheduled sendEmail after the day's timer fired; version 4
    // schedules sendSms there instead. The timer task still matches.
    const scheduled = opened.history.tasks[1]!.commandEventIds[0]!;
    expect(eventType(opened, scheduled)).toBe('ActivityTaskScheduled');
    const [timerStep, activityStep] = run.steps;
    expect(timerStep!.commands).toMatchObject([{ serverKind: 'StartTimer', status: 'match' }]);
    expect(activityStep!.commands).toMatchObject([
      {
        kind: 'ScheduleActivity',
        serverKind: 'ScheduleActivityTask',
        origin: 'guest',
        row: 0,
        eventId: scheduled,
        status: 'mismatch',
      },
    ]);
    expect(activityStep!.commands[0]!.detail).toContain('sendSms');
  });
});

describe('guest hazards on the timeline', () => {
  it('lists what the guest read outside the ABI on the call that read it, and per task', async () => {
    const component = await loadComponent(await guestComponent('wasi-user'), 'wasi-user.wasm');
    const { identity, activation } = firstActivation({ workflowType: 'wasi-user', args: [] });
    const driver = new WorkflowRunDriver(component, identity);
    await driver.activate(activation);
    // test/host/guests/wasi-user.js: activate() logs Date.now(); pollRoutine() reads Date.now()
    // once, Math.random() twice (two random u64s) and crypto.getRandomValues once (4 bytes). The
    // JS runtime itself reads the monotonic clock a varying number of times: left out here.
    const deliberate = (hazards: GuestHazardView[] | undefined) =>
      hazards?.filter((h) => h.kind !== 'monotonic-clock');
    for (const calls of [callViews(driver.trace), callViews(traceViews(driver.trace))]) {
      const activate = calls.find((c) => c.type === 'activate')!;
      const poll = calls.find((c) => c.type === 'poll')!;
      expect(deliberate(activate.hazards)).toEqual([
        {
          kind: 'wall-clock',
          function: 'wasi:clocks/wall-clock now',
          count: 1,
          denied: false,
          sentence: 'guest read the wall clock during activate at activation 1',
        },
      ]);
      expect(deliberate(poll.hazards)).toEqual([
        expect.objectContaining({
          function: 'wasi:clocks/wall-clock now',
          sentence: 'guest read the wall clock during poll-routine(0) at activation 1',
        }),
        expect.objectContaining({
          function: 'wasi:random/random get-random-u64',
          count: 2,
          sentence: 'guest read random bytes 2× during poll-routine(0) at activation 1',
        }),
        expect.objectContaining({ function: 'wasi:random/random get-random-bytes', count: 1 }),
      ]);
      // The guest's own code reads nothing while it is instantiated.
      expect(deliberate(calls.find((c) => c.type === 'instantiate')!.hazards)).toEqual([]);
      // The task's summary: every call's sentences, in call order.
      expect(guestHazardSummary([{ calls }])).toEqual(
        calls.flatMap((c) => c.hazards ?? []).map((h) => h.sentence),
      );
      expect(guestHazardSummary([{ calls }])).toContain(
        'guest read random bytes 2× during poll-routine(0) at activation 1',
      );
    }
  });
});
