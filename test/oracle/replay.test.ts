/**
 * Real sdk-core replaying real recorded histories, answered by responders written by hand from
 * what each history says its workflow did. Every expectation is read off the history or follows
 * from an sdk-core rule named beside it; none is copied from the oracle's output.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ORACLE_BUILD_ID, SdkCoreReplayer, type Responder } from '../../src/node/oracle/index.ts';
import type { coresdk } from '../../src/engine/proto/index.ts';
import { toPayload } from '../../src/engine/proto/payload.ts';
import {
  binaryHistory,
  event,
  eventsOf,
  instant,
  jobKinds,
  jsonHistory,
  duration,
} from './histories.ts';

const replayer = new SdkCoreReplayer();
afterAll(() => replayer.close());

type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

/** Answers activation i with commands[i] (a missing entry answers with no commands). */
function scripted(commands: IWorkflowCommand[][]): Responder & { calls: number } {
  const respond = Object.assign(
    (_activation: unknown, index: number) => {
      respond.calls++;
      return { successful: { commands: commands[index] ?? [] } };
    },
    { calls: 0 },
  );
  return respond;
}

describe('sdk-core replaying timer_workflow_history.bin (one 1 s timer, then complete)', () => {
  const history = binaryHistory('sdk-core', 'timer_workflow_history.bin');
  const events = eventsOf(history);
  // Events: 5 TimerStarted(timerId "0", 1 s) after the first WFT, 6 TimerFired, 8 WFTStarted,
  // 10 WorkflowExecutionCompleted.
  const timerResponder = () =>
    scripted([
      [{ startTimer: { seq: 0, startToFireTimeout: duration(1) } }],
      [{ completeWorkflowExecution: {} }],
    ]);

  it('builds one activation per workflow task and replays to ok', async () => {
    const respond = timerResponder();
    const run = await replayer.replay(history, respond, { workflowId: 'wf-timer' });

    expect(run.verdict).toEqual({ kind: 'ok', lastProcessedEventId: 10 });
    expect(run.eviction?.reason).toBe('LANG_REQUESTED');
    expect(respond.calls).toBe(2);
    expect(run.activations.map(jobKinds)).toEqual([['initializeWorkflow'], ['fireTimer']]);

    const [first, second] = run.activations;
    const init = first!.jobs![0]!.initializeWorkflow!;
    const started = event(events, 1).workflowExecutionStartedEventAttributes!;
    expect(init.workflowId).toBe('wf-timer');
    expect(init.workflowType).toBe(started.workflowType!.name);
    expect(init.firstExecutionRunId).toBe(started.firstExecutionRunId);
    expect(first!.runId).toBe(started.originalExecutionRunId);
    expect(Number(second!.jobs![0]!.fireTimer!.seq ?? 0)).toBe(0);

    // Activation timestamp = the WFTStarted event's time; history_length = that event's id.
    expect(instant(first!.timestamp)).toEqual(instant(event(events, 3).eventTime));
    expect(instant(second!.timestamp)).toEqual(instant(event(events, 8).eventTime));
    expect(run.activations.map((a) => a.historyLength)).toEqual([3, 8]);
    // Both workflow tasks were completed in the recorded run, so both are replayed.
    expect(run.activations.map((a) => a.isReplaying)).toEqual([true, true]);
    expect(run.completions).toHaveLength(2);
    expect(run.completions.every((c) => c.runId === first!.runId)).toBe(true);
  });

  it('uses the TS SDK default workflow id when neither caller nor history gives one', async () => {
    const run = await replayer.replay(history, timerResponder());
    expect(run.workflowId).toBe('fake');
    expect(run.activations[0]!.jobs![0]!.initializeWorkflow!.workflowId).toBe('fake');
  });

  it('accepts the history as a decoded object as well as bytes', async () => {
    const run = await replayer.replay({ events }, timerResponder());
    expect(run.verdict.kind).toBe('ok');
  });

  it('replays many histories on one runtime, concurrently too', async () => {
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        replayer.replay(history, timerResponder(), { workflowId: `wf-${i}` }),
      ),
    );
    expect(runs.map((r) => r.verdict.kind)).toEqual(Array(6).fill('ok'));
    expect(runs.map((r) => r.activations[0]!.jobs![0]!.initializeWorkflow!.workflowId)).toEqual(
      runs.map((_, i) => `wf-${i}`),
    );
  });
});

describe('sdk-core replaying fail_wf_task.bin (a workflow task failed, then retried)', () => {
  // Events: 5 TimerStarted "0" (200 ms), 6 TimerFired, 8 WFTStarted → 9 WFTFailed, 11 WFTStarted
  // → 12 WFTCompleted, 13 WorkflowExecutionCompleted.
  const history = binaryHistory('sdk-core', 'fail_wf_task.bin');
  const events = eventsOf(history);

  it('does not end a workflow task at a started event followed by WorkflowTaskFailed', async () => {
    const run = await replayer.replay(
      history,
      scripted([
        [{ startTimer: { seq: 0, startToFireTimeout: duration(0, 200e6) } }],
        [{ completeWorkflowExecution: {} }],
      ]),
    );
    expect(run.verdict).toEqual({ kind: 'ok', lastProcessedEventId: 13 });
    expect(run.activations.map(jobKinds)).toEqual([['initializeWorkflow'], ['fireTimer']]);
    // The timer fires in the retried task: WFTStarted 11, with that event's time.
    expect(run.activations[1]!.historyLength).toBe(11);
    expect(instant(run.activations[1]!.timestamp)).toEqual(instant(event(events, 11).eventTime));
  });
});

describe('sdk-core replaying evict_while_la_running_no_interference-16 (local activity marker)', () => {
  // sdk-core tests/common/workflows.rs LaProblemWorkflow: local activity "delay" (seq 1), then
  // activity "delay" (seq 2, id "2", startToClose 20 s), then return. Events: 5 signal, 7 WFTStarted,
  // 9 core_local_activity marker (seq 1), 10 ActivityTaskScheduled, 12 completed, then workflow
  // tasks that timed out (13-15, 16-18) and nothing after.
  const history = binaryHistory(
    'sdk-core',
    'evict_while_la_running_no_interference-16_history.bin',
  );

  it('pre-resolves the local activity from the marker and ends in a non-replaying task', async () => {
    const run = await replayer.replay(
      history,
      scripted([
        [
          {
            scheduleLocalActivity: {
              seq: 1,
              activityId: '1',
              activityType: 'delay',
              startToCloseTimeout: duration(15),
            },
          },
        ],
        [
          {
            scheduleActivity: {
              seq: 2,
              activityId: '2',
              activityType: 'delay',
              taskQueue: 'q',
              startToCloseTimeout: duration(20),
            },
          },
        ],
        [{ completeWorkflowExecution: {} }],
      ]),
    );
    expect(run.verdict).toEqual({ kind: 'ok', lastProcessedEventId: 18 });
    // Look-ahead: the marker in the next task resolves the local activity in this one, and local
    // resolutions are ordered after the other jobs.
    expect(run.activations.map(jobKinds)).toEqual([
      ['initializeWorkflow'],
      ['signalWorkflow', 'resolveActivity'],
      ['resolveActivity'],
    ]);
    expect(run.activations[1]!.jobs![1]!.resolveActivity).toMatchObject({ seq: 1, isLocal: true });
    // Timed-out tasks are no boundaries: the last activation covers the rest of the history, and
    // it is not a replay (no later task was completed), so sdk-core stamps its own build id on it.
    expect(run.activations.map((a) => a.historyLength)).toEqual([3, 7, 18]);
    expect(run.activations.map((a) => a.isReplaying)).toEqual([true, true, false]);
    expect(run.activations[2]!.deploymentVersionForCurrentTask?.buildId).toBe(ORACLE_BUILD_ID);
  });
});

describe('sdk-core replaying long_local_activity_with_update-0 (updates during a local activity)', () => {
  // sdk-core tests local_activities.rs `long_local_activity_with_update` (200 ms, no inner timer):
  // runs a 6 s local activity; each update is accepted and completed at once and bumps a counter
  // (starting at 1); returns the counter. Four updates are recorded, each accepted and completed.
  const history = binaryHistory('sdk-core', 'long_local_activity_with_update-0_history.bin');
  const events = eventsOf(history);
  const accepted = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);

  it('delivers each admitted update in the task it was sequenced in, and replays to ok', async () => {
    let counter = 1;
    const run = await replayer.replay(history, (activation) => {
      const commands: IWorkflowCommand[] = [];
      for (const job of activation.jobs ?? []) {
        if (job.initializeWorkflow) {
          commands.push({
            scheduleLocalActivity: {
              seq: 1,
              activityId: '1',
              activityType: 'delay',
              startToCloseTimeout: duration(6),
            },
          });
        }
        if (job.doUpdate) {
          counter++;
          const protocolInstanceId = job.doUpdate.protocolInstanceId;
          commands.push(
            { updateResponse: { protocolInstanceId, accepted: {} } },
            { updateResponse: { protocolInstanceId, completed: toPayload(undefined) } },
          );
        }
        if (job.resolveActivity) {
          commands.push({ completeWorkflowExecution: { result: toPayload(counter) } });
        }
      }
      return { successful: { commands } };
    });
    expect(run.verdict).toEqual({ kind: 'ok', lastProcessedEventId: events.length });
    expect(accepted).toHaveLength(4);
    expect(run.activations.map(jobKinds)).toEqual([
      ['initializeWorkflow'],
      ['doUpdate'],
      ['doUpdate'],
      ['doUpdate'],
      ['doUpdate', 'resolveActivity'],
    ]);
    const updates = run.activations.slice(1).map((a) => {
      const update = a.jobs![0]!.doUpdate!;
      return [a.historyLength, update.protocolInstanceId, update.runValidator];
    });
    // The update reaches the task whose WorkflowTaskScheduled is the accepted event's
    // acceptedRequestSequencingEventId (its WFTStarted is the next event); on replay sdk-core
    // does not ask for the validator to run again.
    expect(updates).toEqual(
      accepted.map((e) => {
        const attrs = e.workflowExecutionUpdateAcceptedEventAttributes!;
        return [
          Number(attrs.acceptedRequestSequencingEventId) + 1,
          attrs.protocolInstanceId,
          false,
        ];
      }),
    );
  });
});

describe('sdk-core replaying cancel_fake_progress_history.bin (activity cancelled after a signal)', () => {
  // sdk-typescript packages/test/src/workflows/cancel-fake-progress.ts: schedules fakeProgress
  // (startToClose 200 s, heartbeat 3 s, WAIT_CANCELLATION_COMPLETED), waits for the
  // activityStarted signal, cancels the activity, awaits its cancellation, returns.
  const history = binaryHistory('sdk-typescript', 'cancel_fake_progress_history.bin');
  const events = eventsOf(history);
  const scheduled = event(events, 5).activityTaskScheduledEventAttributes!;
  const schedule = (cancellationType: number) => ({
    scheduleActivity: {
      seq: 1,
      activityId: scheduled.activityId,
      activityType: scheduled.activityType!.name,
      taskQueue: scheduled.taskQueue!.name,
      startToCloseTimeout: duration(200),
      heartbeatTimeout: duration(3),
      cancellationType,
    },
  });
  const TRY_CANCEL = 0;
  const WAIT_CANCELLATION_COMPLETED = 1;

  it('resolves the activity when ActivityTaskCanceled is recorded (WAIT_CANCELLATION_COMPLETED)', async () => {
    const run = await replayer.replay(
      history,
      scripted([
        [schedule(WAIT_CANCELLATION_COMPLETED)],
        [{ requestCancelActivity: { seq: 1 } }],
        [{ completeWorkflowExecution: { result: toPayload(undefined) } }],
      ]),
    );
    expect(run.verdict).toEqual({ kind: 'ok', lastProcessedEventId: 16 });
    expect(run.activations.map(jobKinds)).toEqual([
      ['initializeWorkflow'],
      ['signalWorkflow'],
      ['resolveActivity'],
    ]);
    expect(run.activations[1]!.jobs![0]!.signalWorkflow!.signalName).toBe('activityStarted');
    // The cancellation resolves in the task after event 12 (ActivityTaskCanceled): WFTStarted 14.
    expect(run.activations.map((a) => a.historyLength)).toEqual([3, 8, 14]);
    const resolution = run.activations[2]!.jobs![0]!.resolveActivity!;
    expect(resolution.seq).toBe(1);
    expect(resolution.result?.cancelled).toBeTruthy();
  });

  it('resolves the activity at once, in the cancelling task, under TRY_CANCEL', async () => {
    // sdk-core's activity machine resolves a TRY_CANCEL cancellation immediately, so the
    // resolution arrives in a second activation of the same workflow task (WFTStarted 8).
    const run = await replayer.replay(
      history,
      scripted([[schedule(TRY_CANCEL)], [{ requestCancelActivity: { seq: 1 } }]]),
    );
    expect(run.activations.slice(0, 3).map(jobKinds)).toEqual([
      ['initializeWorkflow'],
      ['signalWorkflow'],
      ['resolveActivity'],
    ]);
    expect(run.activations.slice(0, 3).map((a) => a.historyLength)).toEqual([3, 8, 8]);
    expect(run.activations[2]!.jobs![0]!.resolveActivity!.result?.cancelled).toBeTruthy();
  });
});

describe('sdk-core replaying old_change_marker_format.bin (a patch, in the old marker format)', () => {
  // sdk-core tests/integ_tests/workflow_tests/patches.rs `writes_change_markers`:
  // if patched(id) timer 100 ms else 200 ms; timer 200 ms; if patched(id) timer 100 ms else 200 ms.
  // The history records the patched branch: marker (event 5), timers "1", "2", "3".
  const history = binaryHistory('sdk-core', 'old_change_marker_format.bin');
  const PATCH = 'integ_test_change_name';
  const timer = (seq: number, ms: number) => ({
    startTimer: { seq, startToFireTimeout: duration(0, ms * 1e6) },
  });

  it('announces the patch before the code runs and matches the marker', async () => {
    const run = await replayer.replay(
      history,
      scripted([
        [{ setPatchMarker: { patchId: PATCH, deprecated: false } }, timer(1, 100)],
        [timer(2, 200)],
        [timer(3, 100)],
        [{ completeWorkflowExecution: {} }],
      ]),
    );
    expect(run.verdict).toEqual({ kind: 'ok', lastProcessedEventId: 22 });
    // Look-ahead to the next task's core_patch marker → NotifyHasPatch, ordered after Initialize.
    expect(run.activations.map(jobKinds)).toEqual([
      ['initializeWorkflow', 'notifyHasPatch'],
      ['fireTimer'],
      ['fireTimer'],
      ['fireTimer'],
    ]);
    expect(run.activations[0]!.jobs![1]!.notifyHasPatch!.patchId).toBe(PATCH);
    // The UpsertWorkflowSearchAttributes event (6) has no command of its own: the core flag 2
    // (UpsertSearchAttributeOnPatch) in the task's sdkMetadata makes sdk-core issue it itself.
  });

  it("calls a non-deprecated marker without a patch command nondeterministic, in sdk-core's words", async () => {
    const run = await replayer.replay(history, scripted([[timer(1, 200)]]));
    expect(run.verdict).toEqual({
      kind: 'nondeterminism',
      // patch_state_machine.rs: a non-deprecated marker with no patch command.
      message:
        '[TMPRL1100] Nondeterminism error: Non-deprecated patch marker encountered for change ' +
        `${PATCH}, but there is no corresponding change command!`,
      eventId: 5,
      eventIdFrom: 'position',
      lastProcessedEventId: 4,
      activationIndex: 0,
    });
  });
});

describe('sdk-core replaying lang_flags_replay_correctly_1_11_2.json (timer, activity, flags)', () => {
  // sdk-typescript integration-workflows-common.ts `langFlagsReplayCorrectly`: starts a 10 s
  // timer and the noopActivity together, awaits the activity, cancels the timer, returns.
  const history = jsonHistory('sdk-typescript', 'lang_flags_replay_correctly_1_11_2.json');
  const events = eventsOf(history);
  const scheduled = event(events, 6).activityTaskScheduledEventAttributes!;

  it('replays to ok and exposes the lang flags recorded in sdkMetadata', async () => {
    const run = await replayer.replay(
      history,
      scripted([
        [
          { startTimer: { seq: 1, startToFireTimeout: duration(10) } },
          {
            scheduleActivity: {
              seq: 1,
              activityId: scheduled.activityId,
              activityType: scheduled.activityType!.name,
              taskQueue: scheduled.taskQueue!.name,
              scheduleToCloseTimeout: duration(10),
            },
          },
        ],
        [
          { cancelTimer: { seq: 1 } },
          { completeWorkflowExecution: { result: toPayload(undefined) } },
        ],
      ]),
    );
    expect(run.verdict).toEqual({ kind: 'ok', lastProcessedEventId: 13 });
    expect(run.activations.map(jobKinds)).toEqual([['initializeWorkflow'], ['resolveActivity']]);
    // WFTCompleted 4 records only core flags; WFTCompleted 11 records langUsedFlags [1]. sdk-core
    // applies a task's flags from the WFTCompleted that follows it (look-ahead), and exposes lang
    // flags only.
    const langFlags = event(events, 11).workflowTaskCompletedEventAttributes!.sdkMetadata!
      .langUsedFlags;
    expect(langFlags).toEqual([1]);
    expect(run.activations.map((a) => a.availableInternalFlags ?? [])).toEqual([[], [1]]);
  });
});

describe('sdk-core replaying signal_workflow_1_13_1.json (child workflow, signal external, timer)', () => {
  // sdk-typescript otel tests `topSecretGreeting`: starts a child, signals it "approve" and
  // sleeps 1 ms, then returns the child's result after the timer.
  const history = jsonHistory('sdk-typescript', 'signal_workflow_1_13_1.json');
  const events = eventsOf(history);
  const child = event(events, 5).startChildWorkflowExecutionInitiatedEventAttributes!;
  const result = event(events, 24).workflowExecutionCompletedEventAttributes!.result!.payloads![0];

  it('resolves each step in the task the history records it in', async () => {
    const run = await replayer.replay(
      history,
      scripted([
        [
          {
            startChildWorkflowExecution: {
              seq: 1,
              namespace: child.namespace,
              workflowId: child.workflowId,
              workflowType: child.workflowType!.name,
              taskQueue: child.taskQueue!.name,
            },
          },
        ],
        [
          { startTimer: { seq: 1, startToFireTimeout: duration(0, 1e6) } },
          {
            signalExternalWorkflowExecution: {
              seq: 1,
              childWorkflowId: child.workflowId,
              signalName: 'approve',
            },
          },
        ],
        [],
        [],
        [{ completeWorkflowExecution: { result } }],
      ]),
    );
    expect(run.verdict).toEqual({ kind: 'ok', lastProcessedEventId: 24 });
    expect(run.workflowId).toBe(
      event(events, 1).workflowExecutionStartedEventAttributes!.workflowId,
    );
    expect(run.activations.map(jobKinds)).toEqual([
      ['initializeWorkflow'],
      ['resolveChildWorkflowExecutionStart'],
      ['resolveSignalExternalWorkflow'],
      ['resolveChildWorkflowExecution'],
      ['fireTimer'],
    ]);
    expect(run.activations.map((a) => a.historyLength)).toEqual([3, 8, 14, 18, 22]);
    const started = run.activations[1]!.jobs![0]!.resolveChildWorkflowExecutionStart!;
    expect(started.succeeded?.runId).toBe(
      event(events, 6).childWorkflowExecutionStartedEventAttributes!.workflowExecution!.runId,
    );
    // sdkMetadata of WFTCompleted 4 names the SDK version; the first task already sees it.
    expect(run.activations[0]!.lastSdkVersion).toBe('1.13.1');
  });
});
