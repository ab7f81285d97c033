/**
 * Workflow-task grouping exactly as sdk-core replays a complete history
 * (`HistoryUpdate::take_next_wft_sequence` → `find_end_index_of_next_wft_seq` in
 * crates/sdk-core/src/worker/workflow/history_update.rs, with `has_last_wft = true`).
 *
 * Each sequence runs from the previous boundary (exclusive) to the WorkflowTaskStarted that ends
 * it (inclusive): the previous task's completion and its command events, whatever happened since,
 * and the schedule/start of the next task. A WorkflowTaskStarted is not a boundary when
 * - the next event is WorkflowTaskFailed/TimedOut or the run timed out/was terminated/canceled
 *   (the attempt is folded into the sequence);
 * - it is a heartbeat: completed with no command since the last boundary and immediately
 *   followed by WorkflowTaskScheduled;
 * - nothing (no command event, no WorkflowExecutionStarted) has been seen since the last
 *   boundary and the next event is neither a completion nor one of the above;
 * and an accepted update moves the boundary back to the last unskipped WorkflowTaskStarted
 * before its `acceptedRequestSequencingEventId`. A run-closing event ends a sequence at once.
 */
import { HistoryError } from './errors.ts';
import {
  EventType,
  eventIdOf,
  isCommandEvent,
  isFinalExecutionEvent,
  toNumber,
  type HistoryEvent,
} from './events.ts';
import type { temporal } from '../proto/index.ts';

type Timestamp = NonNullable<HistoryEvent['eventTime']>;

/** Why a WorkflowTaskStarted inside a sequence did not end it (sdk-core's rules, above). */
export type FoldReason = 'failed' | 'timed-out' | 'run-closed' | 'heartbeat' | 'nothing-new';

export interface FoldedStart {
  started: HistoryEvent;
  reason: FoldReason;
  /** The event right after the start (the failure, time-out or completion), if any. */
  next?: HistoryEvent;
}

export interface SdkMetadata {
  coreUsedFlags: number[];
  langUsedFlags: number[];
  sdkName?: string;
  sdkVersion?: string;
}

export interface WorkflowTask {
  /** 0-based position in `workflowTasks`. */
  index: number;
  /** The events sdk-core hands to the state machines for this task, in order. */
  events: HistoryEvent[];
  firstEventId: number;
  lastEventId: number;
  /**
   * The WorkflowTaskStarted that ends the sequence: its id and time are the activation's
   * `history_length` bound and timestamp. Absent when the sequence ends otherwise (the run
   * closed, or the history ends inside a task).
   */
  started?: HistoryEvent;
  startedEventId?: number;
  startedTime?: Timestamp;
  /** sdk-core's `is_last`: no events follow this sequence. */
  isLast: boolean;
  /**
   * The event that closed `started` (WorkflowTaskCompleted, Failed or TimedOut), which lies in the
   * next sequence (or after the last one); absent while the task is still running.
   */
  completion?: HistoryEvent;
  /** Command events the completion recorded: after it, up to the next WorkflowTaskScheduled. */
  commandEvents: HistoryEvent[];
  /** `sdkMetadata` of the completion (flags core and lang used, SDK name and version). */
  sdkMetadata?: SdkMetadata;
  /** Task attempts inside this sequence that did not end it: heartbeats, failures, time-outs. */
  folded: FoldedStart[];
}

export interface WorkflowTaskGrouping {
  tasks: WorkflowTask[];
  /**
   * Events sdk-core never hands to the state machines: events after the run closed, and a lone
   * event after the last sequence (sdk-core reports "replay over" when one event remains, e.g. a
   * final WorkflowTaskCompleted with no commands). Their metadata still counts: see `completion`.
   */
  unappliedEvents: HistoryEvent[];
}

const WFT_SCHEDULED = EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;
const WFT_STARTED = EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
const WFT_COMPLETED = EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
const WFT_FAILED = EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
const WFT_TIMED_OUT = EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT;

/** Next-event types after which a WorkflowTaskStarted is not a boundary. */
const NOT_A_BOUNDARY = new Map<number, FoldReason>([
  [WFT_FAILED, 'failed'],
  [WFT_TIMED_OUT, 'timed-out'],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, 'run-closed'],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, 'run-closed'],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, 'run-closed'],
]);

interface SequenceEnd {
  /** Index of the last event of the sequence. */
  end: number;
  /** False when the history ran out before a boundary (sdk-core's `Incomplete`). */
  complete: boolean;
  folded: FoldedStart[];
}

/** Finds where the sequence starting at `start` ends (sdk-core: find_end_index_of_next_wft_seq). */
function findSequenceEnd(events: HistoryEvent[], start: number): SequenceEnd {
  let sawCommand = false;
  let sawCommandOrStarted = false;
  const folded: FoldedStart[] = [];
  // WorkflowTaskStarted events of this sequence that were not skipped, for the update rule.
  const unskippedStarts: { id: number; index: number }[] = [];
  for (let i = start; i < events.length; i++) {
    const event = events[i]!;
    if (isCommandEvent(event)) {
      sawCommand = true;
      sawCommandOrStarted = true;
    }
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
      sawCommandOrStarted = true;
    if (isFinalExecutionEvent(event)) return { end: i, complete: true, folded };
    if (event.eventType !== WFT_STARTED) continue;

    const next = events[i + 1];
    if (next === undefined) {
      // The history ends here; with the whole history at hand this closes the sequence only if
      // something happened in it (otherwise the sequence runs to the end, which is here anyway).
      if (sawCommandOrStarted) return { end: i, complete: true, folded };
      continue;
    }
    const foldReason = NOT_A_BOUNDARY.get(next.eventType);
    if (foldReason) {
      folded.push({ started: event, reason: foldReason, next });
      continue;
    }
    unskippedStarts.push({ id: eventIdOf(event), index: i });
    if (next.eventType === WFT_COMPLETED) {
      const afterCompletion = events[i + 2];
      if (afterCompletion !== undefined) {
        if (!sawCommand && afterCompletion.eventType === WFT_SCHEDULED) {
          folded.push({ started: event, reason: 'heartbeat', next });
          continue;
        }
        const accepted = afterCompletion.workflowExecutionUpdateAcceptedEventAttributes;
        if (accepted) {
          // The update was delivered with an earlier task: end the sequence at the last unskipped
          // start before its sequencing event, so that the next sequence includes the acceptance.
          const sequencingId = toNumber(accepted.acceptedRequestSequencingEventId);
          for (let k = unskippedStarts.length - 1; k >= 0; k--) {
            const candidate = unskippedStarts[k]!;
            if (candidate.id < sequencingId) {
              return {
                end: candidate.index,
                complete: true,
                folded: foldedBefore(folded, candidate.index, events),
              };
            }
          }
        }
        return { end: i, complete: true, folded };
      }
    }
    if (sawCommandOrStarted) return { end: i, complete: true, folded };
    folded.push({ started: event, reason: 'nothing-new', next });
  }
  return { end: events.length - 1, complete: false, folded };
}

function foldedBefore(
  folded: FoldedStart[],
  endIndex: number,
  events: HistoryEvent[],
): FoldedStart[] {
  const endId = eventIdOf(events[endIndex]!);
  return folded.filter((f) => eventIdOf(f.started) < endId);
}

/** Splits a complete history into the sequences sdk-core replays, with per-task summaries. */
export function groupWorkflowTasks(events: HistoryEvent[]): WorkflowTaskGrouping {
  const tasks: WorkflowTask[] = [];
  let start = 0;
  while (start < events.length) {
    const { end, complete, folded } = findSequenceEnd(events, start);
    // sdk-core cannot tell a one-event remainder from an empty one ("replay over"): it is dropped.
    if (!complete && end === start) break;
    const sequence = events.slice(start, end + 1);
    const last = sequence[sequence.length - 1]!;
    const started = last.eventType === WFT_STARTED ? last : undefined;
    tasks.push({
      index: tasks.length,
      events: sequence,
      firstEventId: eventIdOf(sequence[0]!),
      lastEventId: eventIdOf(last),
      ...(started && {
        started,
        startedEventId: eventIdOf(started),
        startedTime: started.eventTime ?? undefined,
      }),
      isLast: end === events.length - 1,
      commandEvents: [],
      folded,
    });
    start = end + 1;
    // Replay stops at the event that closes the run.
    if (isFinalExecutionEvent(last)) break;
  }
  for (const task of tasks) summarizeCompletion(task, events);
  const covered = tasks.length === 0 ? 0 : tasks[tasks.length - 1]!.lastEventId;
  const coveredIndex = events.findIndex((e) => eventIdOf(e) > covered);
  return { tasks, unappliedEvents: coveredIndex < 0 ? [] : events.slice(coveredIndex) };
}

function indexOfEventId(events: HistoryEvent[], id: number): number {
  // Ids are contiguous in a validated history, so the index is id - first id; verify and fall back.
  const guess = id - eventIdOf(events[0]!);
  if (events[guess] !== undefined && eventIdOf(events[guess]!) === id) return guess;
  return events.findIndex((e) => eventIdOf(e) === id);
}

function summarizeCompletion(task: WorkflowTask, events: HistoryEvent[]): void {
  if (task.startedEventId === undefined) return;
  const startedIndex = indexOfEventId(events, task.startedEventId);
  const completion = events[startedIndex + 1];
  if (
    completion === undefined ||
    (completion.eventType !== WFT_COMPLETED &&
      completion.eventType !== WFT_FAILED &&
      completion.eventType !== WFT_TIMED_OUT)
  ) {
    return;
  }
  task.completion = completion;
  if (completion.eventType !== WFT_COMPLETED) return;
  for (let i = startedIndex + 2; i < events.length; i++) {
    const event = events[i]!;
    if (event.eventType === WFT_SCHEDULED) break;
    if (isCommandEvent(event)) task.commandEvents.push(event);
  }
  const metadata = completion.workflowTaskCompletedEventAttributes?.sdkMetadata;
  if (metadata) task.sdkMetadata = sdkMetadataOf(metadata);
}

function sdkMetadataOf(metadata: temporal.api.sdk.v1.IWorkflowTaskCompletedMetadata): SdkMetadata {
  return {
    coreUsedFlags: [...(metadata.coreUsedFlags ?? [])],
    langUsedFlags: [...(metadata.langUsedFlags ?? [])],
    ...(metadata.sdkName ? { sdkName: metadata.sdkName } : {}),
    ...(metadata.sdkVersion ? { sdkVersion: metadata.sdkVersion } : {}),
  };
}

/** Thrown by callers that require a task to exist; kept here so the message names the rule. */
export function noWorkflowTask(source?: string): HistoryError {
  return new HistoryError(
    'not-history',
    'the history has no workflow task (no WorkflowTaskStarted after WorkflowExecutionStarted)',
    { source },
  );
}
