/**
 * Lang internal flags, as the TypeScript SDK (1.24, lib/flags.js) and sdk-core handle them. Flag 1
 * gates `CancellationScope.withTimeout` cancelling its timer when the body settles first: a task
 * executed for the first time takes that path and reports the flag (sdk-core, and our simulator,
 * write it into the task's WorkflowTaskCompleted as `sdkMetadata.langUsedFlags`); replaying a task
 * recorded without it takes the old path (timer left running). The TS SDK 1.24 replaying a
 * flag-less copy of this run fails at the deadline's TimerCanceled; with the flag it passes.
 */
import { describe, expect, it } from 'vitest';
import { eventTypeName } from '../../src/engine/core/events.ts';
import { activationCompletion } from '../../src/engine/host/completion.ts';
import {
  exportHistoryJson,
  loadHistory,
  type HistoryEvent,
} from '../../src/engine/history/index.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { simulate } from '../../src/engine/sim/simulate.ts';
import { commands, component, example, job, TestRun } from './harness.ts';

const ID = 'timers-cancellation';
// The charge settles after 1 s, well inside the 5 minute deadline and the 1 minute reminder.
const SCENARIO = { workflowType: 'chargeWithDeadline', input: ['order-1001', 4999] };

const eventId = (e: HistoryEvent) => Number(e.eventId);

interface JsonEvent {
  eventId: string;
  workflowTaskCompletedEventAttributes?: { sdkMetadata?: { langUsedFlags?: number[] } };
}

/** The history as canonical JSON, edited by `edit`, loaded again as a user's file would be. */
function edited(events: HistoryEvent[], edit: (json: JsonEvent[]) => JsonEvent[]) {
  const json = JSON.parse(exportHistoryJson(events).text) as { events: JsonEvent[] };
  return loadHistory(JSON.stringify({ events: edit(json.events) })).events;
}

/** Drops the flag WorkflowTaskCompleted 12 recorded. */
const withoutFlag = (json: JsonEvent[]) => {
  const metadata = json[11]!.workflowTaskCompletedEventAttributes!.sdkMetadata!;
  expect(metadata.langUsedFlags).toEqual([1]);
  delete metadata.langUsedFlags;
  return json;
};

async function replay(events: HistoryEvent[]) {
  const session = ReplaySession.open(events, { kind: 'component', component: await example(ID) });
  await session.runToEnd();
  // Two workflow tasks: the guest answered both activations (not an empty replay).
  expect(session.steps.length).toBe(2);
  return session.verdict;
}

describe('lang flag 1 (withTimeout cancels its timer)', () => {
  it('a simulated run records langUsedFlags [1] on the task that cancels the deadline timer', async () => {
    const { events, outcome } = await simulate(await example(ID), SCENARIO);
    expect(outcome).toBe('completed');
    const completed = events.filter((e) => e.workflowTaskCompletedEventAttributes);
    expect(completed.map(eventId)).toEqual([4, 12]);
    // The first task starts both timers and the charge: nothing flagged yet.
    expect(
      completed[0]!.workflowTaskCompletedEventAttributes!.sdkMetadata?.langUsedFlags ?? [],
    ).toEqual([]);
    expect(completed[1]!.workflowTaskCompletedEventAttributes!.sdkMetadata!.langUsedFlags).toEqual([
      1,
    ]);
    // That task's commands: the deadline timer (2, started by event 6) is cancelled, then the
    // reminder (1), then the run completes.
    const after = events.filter((e) => eventId(e) > 12);
    expect(after.map(eventTypeName)).toEqual([
      'TimerCanceled',
      'TimerCanceled',
      'WorkflowExecutionCompleted',
    ]);
    expect(after[0]!.timerCanceledEventAttributes).toMatchObject({ timerId: '2' });
    expect(Number(after[0]!.timerCanceledEventAttributes!.workflowTaskCompletedEventId)).toBe(12);

    // Replays: the flagged history cleanly. Without the flag the guest takes the old path and
    // issues no CancelTimer for the deadline, so its commands (cancel the reminder, complete) run
    // out at the second TimerCanceled (14): where the TS SDK 1.24 fails on the same history
    // ("Complete workflow machine does not handle this event: HistoryEvent(id: 14, TimerCanceled)").
    expect(await replay(edited(events, (json) => json))).toEqual({ kind: 'ok' });
    expect(await replay(edited(events, withoutFlag))).toMatchObject({
      kind: 'nondeterminism',
      eventId: 14,
    });
  });

  it('replays an old-style history (no flag, deadline timer never cancelled) on the old path', async () => {
    // What the TS SDK before 1.10.2 recorded for this run: the same, minus the deadline's
    // TimerCanceled and the flag.
    const { events } = await simulate(await example(ID), SCENARIO);
    const old = edited(events, (json) =>
      withoutFlag(json)
        .filter((e) => e.eventId !== '13')
        .map((e) =>
          Number(e.eventId) > 13 ? { ...e, eventId: String(Number(e.eventId) - 1) } : e,
        ),
    );
    expect(old.map(eventTypeName).slice(12)).toEqual([
      'TimerCanceled',
      'WorkflowExecutionCompleted',
    ]);
    expect(await replay(old)).toEqual({ kind: 'ok' });
  });
});

describe('flag 1 in activations, as sdk-core sends them', () => {
  const drive = async (options: { replaying: boolean; available?: number[]; buildId?: string }) => {
    const run = new TestRun(await example(ID), {
      workflowType: 'chargeWithDeadline',
      args: ['order-1001', 4999],
      replaying: options.replaying,
      activation: {
        availableInternalFlags: options.available ?? [],
        ...(options.buildId && {
          deploymentVersionForCurrentTask: { deploymentName: '', buildId: options.buildId },
        }),
      },
    });
    const first = await run.start();
    const second = await run.activate([job.activityCompleted(1, 'charged')], 1000);
    return { first, second };
  };
  const cancelDeadline = { cancelTimer: { seq: 2 } };
  const cancelReminder = { cancelTimer: { seq: 1 } };

  it('executing: cancels the deadline timer and reports the flag in that completion only', async () => {
    const { first, second } = await drive({ replaying: false });
    expect(first.status === 'success' && first.usedInternalFlags).toBeFalsy();
    expect(commands(second).slice(0, 2)).toEqual([cancelDeadline, cancelReminder]);
    expect(second.status === 'success' && second.usedInternalFlags).toEqual([1]);
    // What a worker sends sdk-core for it: WorkflowActivationCompletion.successful.usedInternalFlags.
    expect(activationCompletion('run', second).successful?.usedInternalFlags).toEqual([1]);
  });

  it('replaying a task recorded without the flag: leaves the deadline timer running', async () => {
    const { second } = await drive({ replaying: true });
    expect(commands(second).slice(0, 1)).toEqual([cancelReminder]);
    expect(commands(second)).not.toContainEqual(cancelDeadline);
    expect(second.status === 'success' && second.usedInternalFlags).toBeFalsy();
  });

  it('replaying a task recorded with the flag (availableInternalFlags): cancels it', async () => {
    const { second } = await drive({ replaying: true, available: [1] });
    expect(commands(second).slice(0, 2)).toEqual([cancelDeadline, cancelReminder]);
  });

  it('replaying a task of TS SDK 1.11.0/1.11.1 (which used flag 1 without recording it): cancels it', async () => {
    const { second } = await drive({ replaying: true, buildId: '@temporalio/worker@1.11.1+abc' });
    expect(commands(second).slice(0, 2)).toEqual([cancelDeadline, cancelReminder]);
  });
});

describe('flag 1: child scopes of a cancelled non-cancellable scope', () => {
  const SHIELDING = 'test/sdk/workflows/scope-shielding.ts';
  const drive = async (workflowType: string, replaying: boolean, available: number[] = []) => {
    const run = new TestRun(await component(SHIELDING), {
      workflowType,
      replaying,
      activation: { availableInternalFlags: available },
    });
    const first = await run.start();
    expect(commands(first)).toEqual([
      { startTimer: { seq: 1, startToFireTimeout: { seconds: 3600 } } },
    ]);
    const cancelled = await run.activate([job.cancel()], 1000);
    return { cancelled, flags: cancelled.status === 'success' && cancelled.usedInternalFlags };
  };
  const completed = (result: string) => ({
    completeWorkflowExecution: { result: { payload: result } },
  });

  it('a scope running when the workflow is cancelled: shielded when executing (flag reported)', async () => {
    const { cancelled, flags } = await drive('shieldedWork', false);
    expect(commands(cancelled)).toEqual([]);
    expect(flags).toEqual([1]);
  });

  it('…cancelled when replaying a task recorded without the flag, shielded with it', async () => {
    const old = await drive('shieldedWork', true);
    expect(commands(old.cancelled)).toEqual([
      { cancelTimer: { seq: 1 } },
      completed('inner scope cancelled'),
    ]);
    expect(old.flags).toBeFalsy();
    expect(commands((await drive('shieldedWork', true, [1])).cancelled)).toEqual([]);
  });

  it('a scope made after the cancellation (condition’s deadline in cleanup): the same, both ways', async () => {
    const fresh = await drive('shieldedCleanup', false);
    expect(commands(fresh.cancelled)).toEqual([
      { cancelTimer: { seq: 1 } },
      { startTimer: { seq: 2, startToFireTimeout: { seconds: 60 } } },
    ]);
    expect(fresh.flags).toEqual([1]);
    const old = await drive('shieldedCleanup', true);
    expect(commands(old.cancelled)).toEqual([
      { cancelTimer: { seq: 1 } },
      completed('cleanup cancelled'),
    ]);
    expect(old.flags).toBeFalsy();
  });

  it('making a child scope in a non-cancellable scope does not consult the flag (its cancellation does)', async () => {
    // The TS SDK asks only once the non-cancellable scope is cancelled, so reports nothing here.
    const run = new TestRun(await component(SHIELDING), { workflowType: 'shieldedWork' });
    const first = await run.start();
    expect(first.status === 'success' && first.usedInternalFlags).toBeFalsy();
  });
});
