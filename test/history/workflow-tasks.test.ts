/**
 * Workflow-task grouping, checked against expectations written by hand from sdk-core's rules
 * (history_update.rs `find_end_index_of_next_wft_seq`, replaying a complete history), reading the
 * event list of each sample. Each comment says which rule ends or extends each sequence:
 *   [end]      a WorkflowTaskStarted followed by a completion that is followed by something other
 *              than WorkflowTaskScheduled ends the sequence;
 *   [heartbeat] Started→Completed→Scheduled with no command since the last boundary does not;
 *   [fail]     Started followed by WorkflowTaskFailed/TimedOut does not;
 *   [update]   UpdateAccepted right after the completion moves the end back to the last unskipped
 *              Started before its acceptedRequestSequencingEventId;
 *   [final]    a run-closing event ends the sequence;
 *   [rest]     with the whole history at hand, what remains after the last boundary is one
 *              sequence, except a lone event, which sdk-core never applies ("replay over").
 */
import Long from 'long';
import { describe, expect, it } from 'vitest';
import {
  loadHistory,
  groupWorkflowTasks,
  type LoadedHistory,
} from '../../src/engine/history/index.ts';
import { HistoryEventType, type HistoryEvent } from '../../src/engine/history/events.ts';
import { root } from '../../src/engine/proto/index.ts';
import { sample } from './samples.ts';

const load = (name: string): LoadedHistory => loadHistory(sample(name).bytes, { name });
const spans = (h: { workflowTasks: { firstEventId: number; lastEventId: number }[] }) =>
  h.workflowTasks.map((t) => `${t.firstEventId}-${t.lastEventId}`);
const ids = (events: HistoryEvent[]) => events.map((e) => Number(e.eventId));
const folded = (h: LoadedHistory, task: number) =>
  h.workflowTasks[task]!.folded.map((f) => `${Number(f.started.eventId)}:${f.reason}`);

describe('workflow tasks of the sample histories (expectations derived by hand)', () => {
  it('timer_workflow_history: the textbook shape', () => {
    const h = load('sdk-core/timer_workflow_history.bin');
    // 3 [end: 4 completed, 5 TimerStarted]; 8 [end: 9 completed, 10 WorkflowExecutionCompleted]; 10 [final]
    expect(spans(h)).toEqual(['1-3', '4-8', '9-10']);
    expect(h.workflowTasks.map((t) => t.isLast)).toEqual([false, false, true]);
    expect(h.workflowTasks.map((t) => t.startedEventId)).toEqual([3, 8, undefined]);
    expect(ids(h.workflowTasks[0]!.commandEvents)).toEqual([5]);
    expect(ids(h.workflowTasks[1]!.commandEvents)).toEqual([10]);
    expect(ids([h.workflowTasks[0]!.completion!, h.workflowTasks[1]!.completion!])).toEqual([4, 9]);
    expect(h.unappliedEvents).toEqual([]);
  });

  it('fail_wf_task: a failed task is folded into the next sequence', () => {
    const h = load('sdk-core/fail_wf_task.bin');
    // 3 [end: 5 TimerStarted]; 8 [fail: 9 failed]; 11 [end: 13 closes]; 13 [final]
    expect(spans(h)).toEqual(['1-3', '4-11', '12-13']);
    expect(folded(h, 1)).toEqual(['8:failed']);
    expect(h.workflowTasks[1]!.startedEventId).toBe(11);
  });

  it('ends_empty_wft_complete: a lone final completion is never applied, but its flags count', () => {
    const h = load('sdk-core/ends_empty_wft_complete.bin');
    // 3 [end: 5 ActivityTaskScheduled]; 9 [end: 10 completed, nothing after it, a command seen];
    // 10 alone [rest: replay over].
    expect(spans(h)).toEqual(['1-3', '4-9']);
    expect(h.workflowTasks[1]!.isLast).toBe(false);
    expect(ids(h.unappliedEvents)).toEqual([10]);
    expect(ids(h.workflowTasks[0]!.commandEvents)).toEqual([5]);
    expect(Number(h.workflowTasks[1]!.completion!.eventId)).toBe(10);
    expect(h.workflowTasks[1]!.commandEvents).toEqual([]);
    expect(h.workflowTasks[1]!.sdkMetadata).toEqual({ coreUsedFlags: [1], langUsedFlags: [] });
  });

  it('evict_while_la_running-16: timed-out tasks at the end stay in the last sequence', () => {
    const h = load('sdk-core/evict_while_la_running_no_interference-16_history.bin');
    // 3 [end: 5 signal]; 7 [end: 9 marker]; 14 and 17 [fail: timed out]; 18 [rest]
    expect(spans(h)).toEqual(['1-3', '4-7', '8-18']);
    expect(folded(h, 2)).toEqual(['14:timed-out', '17:timed-out']);
    expect(h.workflowTasks[2]!.started).toBeUndefined();
    expect(h.workflowTasks[2]!.isLast).toBe(true);
  });

  it('evict_while_la_running-23: time-outs before the first completion', () => {
    const h = load('sdk-core/evict_while_la_running_no_interference-23_history.bin');
    // 3, 7 [fail]; 10 [end: 12 marker]; 17, 20 [fail]; 23 [end: 25 activity]; 29, 32 [fail]; [rest]
    expect(spans(h)).toEqual(['1-10', '11-23', '24-33']);
    expect(folded(h, 0)).toEqual(['3:timed-out', '7:timed-out']);
    expect(folded(h, 1)).toEqual(['17:timed-out', '20:timed-out']);
    expect(folded(h, 2)).toEqual(['29:failed', '32:failed']);
  });

  it('evict_while_la_running-85: a heartbeat after time-outs', () => {
    const h = load('sdk-core/evict_while_la_running_no_interference-85_history.bin');
    // 3, 7 [fail]; 10 [heartbeat: 11 completed, 12 scheduled, no command]; 13 [end: 15 marker];
    // 20, 23 [fail]; [rest]
    expect(spans(h)).toEqual(['1-13', '14-24']);
    expect(folded(h, 0)).toEqual(['3:timed-out', '7:timed-out', '10:heartbeat']);
    expect(h.workflowTasks[0]!.startedEventId).toBe(13);
  });

  it('long_local_activity_with_update-0: accepted updates move boundaries back', () => {
    const h = load('sdk-core/long_local_activity_with_update-0_history.bin');
    // 3 [heartbeat], 6: 8 accepts an update sequenced at 5 [update → back to 3];
    // 6 [update: no unskipped Started before 5 in this sequence → 6]; 11 [end: 13 after commands];
    // 14 [update seq 13 → none earlier → 14]; 19 [end]; 22 [update seq 21 → 22]; 27 [end];
    // 30 [update seq 29 → 30]; 35 [final]
    expect(spans(h)).toEqual([
      '1-3',
      '4-6',
      '7-11',
      '12-14',
      '15-19',
      '20-22',
      '23-27',
      '28-30',
      '31-35',
    ]);
    expect(folded(h, 0)).toEqual([]);
    expect(ids(h.workflowTasks[1]!.commandEvents)).toEqual([8, 9]);
  });

  it('long_local_activity_with_update-1: heartbeats, a timer and updates', () => {
    const h = load('sdk-core/long_local_activity_with_update-1_history.bin');
    // [1-3] update seq 5 → back to 3; [4-6] update seq 5 → 6; [7-11] end (13 scheduled but
    // commands 8, 9 seen); 14 [heartbeat], 17 [end: 19 TimerFired]; 21 [end: 23 UpdateCompleted];
    // 25 [end]; 28 [update seq 27 → 28]; 33 [final]
    expect(spans(h)).toEqual(['1-3', '4-6', '7-11', '12-17', '18-21', '22-25', '26-28', '29-33']);
    expect(folded(h, 3)).toEqual(['14:heartbeat']);
  });

  it('long_local_activity_with_update-2: the update rule picks a heartbeat Started', () => {
    const h = load('sdk-core/long_local_activity_with_update-2_history.bin');
    // 3, 6, 9 [heartbeat]; 12: 14 accepts an update sequenced at 11 → back to 9, the last
    // Started before 11 (heartbeats are not skipped for this rule); [10-12] seq 11 → 12;
    // [13-17] end; 20, 23 [heartbeat], 26: 28 accepts seq 25 → back to 23; [24-26]; [27-31] final
    expect(spans(h)).toEqual(['1-9', '10-12', '13-17', '18-23', '24-26', '27-31']);
    expect(folded(h, 0)).toEqual(['3:heartbeat', '6:heartbeat']);
    expect(folded(h, 3)).toEqual(['20:heartbeat']);
  });

  it('long_local_activity_with_update-3', () => {
    const h = load('sdk-core/long_local_activity_with_update-3_history.bin');
    // as -2 up to 17; 20 [heartbeat], 23 [end: 25 TimerFired]; 27 [end: 29 UpdateCompleted]; final
    expect(spans(h)).toEqual(['1-9', '10-12', '13-17', '18-23', '24-27', '28-31']);
  });

  it('old_change_marker_format', () => {
    const h = load('sdk-core/old_change_marker_format.bin');
    // 3 [end: 5 marker]; 10, 15, 20 [end: timers]; 22 [final]
    expect(spans(h)).toEqual(['1-3', '4-10', '11-15', '16-20', '21-22']);
    expect(ids(h.workflowTasks[0]!.commandEvents)).toEqual([5, 6, 7]);
    expect(h.workflowTasks[0]!.sdkMetadata).toEqual({ coreUsedFlags: [2], langUsedFlags: [] });
  });

  it('random-replay-1.17.2: a task failed by a reset', () => {
    const h = load('sdk-typescript/random-replay-1.17.2.json');
    // 8 [fail: 9 failed (reset)]; 12 [end: 14 TimerStarted]; then every task has commands
    expect(spans(h)).toEqual([
      '1-3',
      '4-12',
      '13-17',
      '18-22',
      '23-27',
      '28-31',
      '32-36',
      '37-41',
      '42-45',
      '46-50',
      '51-55',
      '56-59',
      '60-63',
      '64-65',
    ]);
    expect(folded(h, 1)).toEqual(['8:failed']);
    // The file says "cause": "WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW".
    expect(h.workflowTasks[1]!.folded[0]!.next!.workflowTaskFailedEventAttributes!.cause).toBe(
      root.lookupEnum('temporal.api.enums.v1.WorkflowTaskFailedCause').values[
        'WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW'
      ],
    );
  });

  it('otel_1_11_3: a signal before the first task', () => {
    const h = load('sdk-typescript/otel_1_11_3.json');
    // 4 [end: 6 marker]; 9 [final]
    expect(spans(h)).toEqual(['1-4', '5-9']);
    expect(h.workflowTasks[0]!.sdkMetadata).toEqual({
      coreUsedFlags: [1, 3, 2],
      langUsedFlags: [2],
      sdkName: 'temporal-typescript',
      sdkVersion: '1.11.3',
    });
    expect(ids(h.workflowTasks[0]!.commandEvents)).toEqual([6, 7, 8, 9]);
  });

  it('complete_update_after_workflow_returns_pre1488', () => {
    const h = load('sdk-typescript/complete_update_after_workflow_returns_pre1488.json');
    // 3: 5 accepts an update sequenced at 2, and no Started precedes 2 → 3; 6 [final]
    expect(spans(h)).toEqual(['1-3', '4-6']);
  });

  it('signal_workflow_1_13_1 and cancel_fake_progress', () => {
    // children, signals and timers: every task has a command after its completion
    expect(spans(load('sdk-typescript/signal_workflow_1_13_1.json'))).toEqual([
      '1-3',
      '4-8',
      '9-14',
      '15-18',
      '19-22',
      '23-24',
    ]);
    expect(spans(load('sdk-typescript/cancel_fake_progress_history.json'))).toEqual([
      '1-3',
      '4-8',
      '9-14',
      '15-16',
    ]);
    const lang = load('sdk-typescript/lang_flags_replay_correctly_1_11_2.json');
    expect(spans(lang)).toEqual(['1-3', '4-10', '11-13']);
    expect(lang.workflowTasks[1]!.sdkMetadata).toEqual({ coreUsedFlags: [], langUsedFlags: [1] });
  });
});

/**
 * sdk-core's own unit test `heartbeats_skipped` (history_update.rs), rebuilt event by event as its
 * TestHistoryBuilder makes it; the expected sequence lengths are the ones that test asserts.
 */
describe("sdk-core's heartbeats_skipped scenario", () => {
  type Step = 'started' | 'wft' | 'timer' | 'signal' | 'completed';
  const TYPES: Record<Step, string[]> = {
    started: ['EVENT_TYPE_WORKFLOW_EXECUTION_STARTED'],
    wft: [
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
    ],
    timer: ['EVENT_TYPE_TIMER_STARTED'],
    signal: ['EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED'],
    completed: ['EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED'],
  };
  const build = (steps: Step[]): HistoryEvent[] =>
    steps
      .flatMap((s) => TYPES[s])
      .map((type, i) => {
        const field = type
          .slice('EVENT_TYPE_'.length)
          .toLowerCase()
          .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
        return HistoryEventType.fromObject({
          eventId: Long.fromNumber(i + 1),
          eventType: type,
          [`${field}EventAttributes`]: {},
        }) as unknown as HistoryEvent;
      });

  it('groups into sequences of 6, 4, 9, 4, 4 and 2 events', () => {
    const events = build([
      'started',
      'wft',
      'wft',
      'timer',
      'wft',
      'wft',
      'wft',
      'wft',
      'timer',
      'wft',
      'signal',
      'wft',
      'completed',
    ]);
    const { tasks } = groupWorkflowTasks(events);
    expect(tasks.map((t) => t.events.length)).toEqual([6, 4, 9, 4, 4, 2]);
    expect(tasks.map((t) => t.startedEventId)).toEqual([6, 10, 19, 23, 27, undefined]);
  });
});
