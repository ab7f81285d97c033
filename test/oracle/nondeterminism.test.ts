/**
 * Responders that do not do what the recorded workflow did. The expected messages are sdk-core's
 * format strings (crates/sdk-core/src/worker/workflow/machines/*), filled in by hand from the
 * history; the event is the one the message names, else the one sdk-core was about to apply.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { coresdk } from '../../src/engine/proto/index.ts';
import { SdkCoreReplayer, type Responder } from '../../src/node/oracle/index.ts';
import { binaryHistory, event, eventsOf, jsonHistory, duration } from './histories.ts';
import { loadHistory } from '../../src/engine/history/index.ts';
import { Replayer } from '../../src/engine/core/replay.ts';
import { determinismTable } from '../../src/engine/inspect/determinism.ts';

type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

const replayer = new SdkCoreReplayer();
afterAll(() => replayer.close());

const scripted =
  (commands: IWorkflowCommand[][]): Responder =>
  (_activation, index) => ({ successful: { commands: commands[index] ?? [] } });

const NDE = '[TMPRL1100] Nondeterminism error: ';

describe('nondeterminism on timer_workflow_history.bin (TimerStarted 5, TimerFired 6)', () => {
  const history = binaryHistory('sdk-core', 'timer_workflow_history.bin');
  const timer = (seq: number) => ({ startTimer: { seq, startToFireTimeout: duration(1) } });

  it('a different timer id fails when the timer fires', async () => {
    // The start is matched by kind; the id is compared when TimerFired arrives (timer machine).
    const run = await replayer.replay(history, scripted([[timer(1)]]));
    expect(run.verdict).toEqual({
      kind: 'nondeterminism',
      message: `${NDE}Timer fired event did not have expected timer id 1, it was 0!`,
      eventId: 6,
      eventIdFrom: 'position',
      lastProcessedEventId: 5,
      activationIndex: 0,
    });
    expect(run.eviction?.reason).toBe('NONDETERMINISM');
    expect(run.activations).toHaveLength(1);
  });

  it('an activity where a timer was started', async () => {
    const run = await replayer.replay(
      history,
      scripted([
        [{ scheduleActivity: { seq: 1, activityId: '1', activityType: 'a', taskQueue: 'q' } }],
      ]),
    );
    expect(run.verdict).toMatchObject({
      kind: 'nondeterminism',
      message: `${NDE}Activity machine does not handle this event: HistoryEvent(id: 5, TimerStarted)`,
      eventId: 5,
      eventIdFrom: 'message',
    });
  });

  it('no command where one was recorded', async () => {
    const run = await replayer.replay(history, scripted([[]]));
    expect(run.verdict).toMatchObject({
      kind: 'nondeterminism',
      message: `${NDE}No command scheduled for event HistoryEvent(id: 5, TimerStarted)`,
      eventId: 5,
      activationIndex: 0,
    });
  });

  it('an extra command stays queued and meets the next command event', async () => {
    // The second timer matches nothing in the first task, so it is still first in line when the
    // next command event (10, WorkflowExecutionCompleted) is matched.
    const run = await replayer.replay(
      history,
      scripted([[timer(0), timer(1)], [{ completeWorkflowExecution: {} }]]),
    );
    expect(run.verdict).toMatchObject({
      kind: 'nondeterminism',
      message: `${NDE}Timer machine does not handle this event: HistoryEvent(id: 10, WorkflowExecutionCompleted)`,
      eventId: 10,
      activationIndex: 1,
    });
  });
});

describe('activity id and type checks depend on the recorded core flag 1', () => {
  it('are made when the history says the SDK used IdAndTypeDeterminismChecks', async () => {
    const history = jsonHistory('sdk-typescript', 'lang_flags_replay_correctly_1_11_2.json');
    const events = eventsOf(history);
    expect(
      event(events, 4).workflowTaskCompletedEventAttributes!.sdkMetadata!.coreUsedFlags,
    ).toContain(1);
    const scheduled = event(events, 6).activityTaskScheduledEventAttributes!;
    const run = await replayer.replay(
      history,
      scripted([
        [
          { startTimer: { seq: 1, startToFireTimeout: duration(10) } },
          {
            scheduleActivity: {
              seq: 1,
              activityId: scheduled.activityId,
              activityType: 'otherActivity',
              taskQueue: scheduled.taskQueue!.name,
              scheduleToCloseTimeout: duration(10),
            },
          },
        ],
      ]),
    );
    expect(run.verdict).toEqual({
      kind: 'nondeterminism',
      message:
        `${NDE}Activity type of scheduled event '${scheduled.activityType!.name}' does not ` +
        "match activity type of activity command 'otherActivity'",
      eventId: 6,
      eventIdFrom: 'position',
      lastProcessedEventId: 5,
      activationIndex: 0,
    });
  });

  it('are skipped for a history recorded before the flag existed', async () => {
    // cancel_fake_progress was recorded by @temporalio/worker 0.17.2: no sdkMetadata at all.
    const history = binaryHistory('sdk-typescript', 'cancel_fake_progress_history.bin');
    const run = await replayer.replay(
      history,
      scripted([
        [
          {
            scheduleActivity: {
              seq: 1,
              activityId: 'not-1',
              activityType: 'notFakeProgress',
              taskQueue: 'test',
              startToCloseTimeout: duration(200),
              cancellationType: 1,
            },
          },
        ],
        [{ requestCancelActivity: { seq: 1 } }],
        [{ completeWorkflowExecution: {} }],
      ]),
    );
    expect(run.verdict.kind).toBe('ok');
  });

  it('our engine accepts the same, and says the activity differs and why it is accepted', () => {
    const bytes = binaryHistory('sdk-typescript', 'cancel_fake_progress_history.bin');
    const { events, workflowTasks } = loadHistory(bytes, { name: 'cancel_fake_progress' });
    const answers: IWorkflowCommand[][] = [
      [
        {
          scheduleActivity: {
            seq: 1,
            activityId: '1',
            activityType: 'notFakeProgress',
            taskQueue: 'test',
            startToCloseTimeout: duration(200),
            cancellationType: 1,
          },
        },
      ],
      [{ requestCancelActivity: { seq: 1 } }],
      [{ completeWorkflowExecution: {} }],
    ];
    const replayer = new Replayer(events);
    for (let step = replayer.next(); step; step = replayer.next())
      replayer.complete(answers[replayer.steps.length - 1] ?? []);
    expect(replayer.verdict).toEqual({ kind: 'ok' });
    // What sdk-core says where the flag applies (the test above), for the event it would name.
    const message =
      "Activity type of scheduled event 'fakeProgress' does not match activity type of activity command 'notFakeProgress'";
    expect(replayer.machines.uncheckedDifferences).toEqual([{ eventId: 5, message }]);
    const task = workflowTasks[0]!;
    const table = determinismTable({
      task: 0,
      wftStartedEventId: task.startedEventId!,
      commandEvents: task.commandEvents,
      steps: [{ index: 0, commands: answers[0]! }],
      finished: true,
      unchecked: replayer.machines.uncheckedDifferences,
    });
    expect(table.rows).toMatchObject([
      {
        status: 'mismatch',
        accepted: { message, explanation: expect.stringContaining('IdAndTypeDeterminismChecks') },
      },
    ]);
  });
});
