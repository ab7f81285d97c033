/**
 * Cutting a history into the event sequences that make up each workflow task, as sdk-core does
 * (`find_end_index_of_next_wft_seq` in history_update.rs): a sequence runs from just after the last
 * handled WorkflowTaskStarted to the next WorkflowTaskStarted that really starts a task. A started
 * event followed by a failed or timed-out task is skipped, a completed task with no command in
 * between followed by another scheduled task is a heartbeat, and an accepted update moves the end
 * back to the task its request was sequenced in.
 */
import {
  ET,
  eventIdOf,
  isCommandEvent,
  isFinalExecutionEvent,
  num,
  type HistoryEvent,
} from './events.ts';

const NOT_A_BOUNDARY_AFTER_STARTED = new Set(
  [
    'WorkflowTaskFailed',
    'WorkflowTaskTimedOut',
    'WorkflowExecutionTimedOut',
    'WorkflowExecutionTerminated',
    'WorkflowExecutionCanceled',
  ].map((n) => ET[n]!),
);

/**
 * Index (into `events`, searching from `start`) of the last event of the next sequence, and
 * whether that sequence is complete.
 */
export function nextSequenceEnd(
  events: readonly HistoryEvent[],
  start: number,
  fromEventId: number,
  hasLastWft: boolean,
): { index: number; complete: boolean } {
  if (start >= events.length) return { index: start, complete: false };
  let lastIndex = start;
  let sawCommandOrStarted = false;
  let sawCommand = false;
  const startedIndices: Array<[eventId: number, index: number]> = [];
  for (let ix = start; ix < events.length; ix++) {
    const e = events[ix]!;
    lastIndex = ix;
    if (eventIdOf(e) <= fromEventId) continue;
    if (isCommandEvent(e)) {
      sawCommand = true;
      sawCommandOrStarted = true;
    }
    if (e.eventType === ET.WorkflowExecutionStarted) sawCommandOrStarted = true;
    if (isFinalExecutionEvent(e)) return { index: ix, complete: true };
    if (e.eventType !== ET.WorkflowTaskStarted) continue;

    startedIndices.push([eventIdOf(e), ix]);
    const next = events[ix + 1];
    if (next) {
      if (NOT_A_BOUNDARY_AFTER_STARTED.has(next.eventType ?? 0)) {
        startedIndices.pop();
        continue;
      }
      if (next.eventType === ET.WorkflowTaskCompleted) {
        const afterNext = events[ix + 2];
        if (afterNext) {
          if (!sawCommand && afterNext.eventType === ET.WorkflowTaskScheduled) continue; // heartbeat
          const accepted = afterNext.workflowExecutionUpdateAcceptedEventAttributes;
          if (accepted) {
            const sequencedAt = num(accepted.acceptedRequestSequencingEventId);
            for (let i = startedIndices.length - 1; i >= 0; i--) {
              const [eid, index] = startedIndices[i]!;
              if (eid < sequencedAt) return { index, complete: true };
            }
          }
          return { index: ix, complete: true };
        } else if (!hasLastWft && !sawCommandOrStarted) {
          continue;
        }
      }
    } else if (!hasLastWft && !sawCommandOrStarted) {
      continue;
    }
    if (sawCommandOrStarted) return { index: ix, complete: true };
  }
  return { index: lastIndex, complete: false };
}

/** A whole, already-fetched history read one workflow-task sequence at a time. */
export class HistoryCursor {
  private position = 0;

  constructor(private readonly events: readonly HistoryEvent[]) {}

  private skipTo(fromWftStartedId: number): number {
    let ix = this.position;
    while (ix < this.events.length && eventIdOf(this.events[ix]!) <= fromWftStartedId) ix++;
    return ix;
  }

  /** The next sequence after `fromWftStartedId`, consuming it; `isLast` when history ends there. */
  take(fromWftStartedId: number): { events: HistoryEvent[]; isLast: boolean } | 'replay-over' {
    this.position = this.skipTo(fromWftStartedId);
    if (this.position >= this.events.length) return 'replay-over';
    const end = nextSequenceEnd(this.events, this.position, fromWftStartedId, true);
    const taken = this.events.slice(this.position, end.index + 1);
    this.position = end.index + 1;
    return { events: taken, isLast: this.position >= this.events.length };
  }

  /** The sequence `take` would return next, without consuming it. */
  peek(fromWftStartedId: number): HistoryEvent[] {
    const start = this.skipTo(fromWftStartedId);
    if (start >= this.events.length) return [];
    return this.events.slice(
      start,
      nextSequenceEnd(this.events, start, fromWftStartedId, true).index + 1,
    );
  }

  /** WorkflowTaskCompleted attributes of the first such event at or after `fromEventId`. */
  peekNextWftCompleted(fromEventId: number): HistoryEvent['workflowTaskCompletedEventAttributes'] {
    for (let ix = this.position; ix < this.events.length; ix++) {
      const e = this.events[ix]!;
      if (eventIdOf(e) < fromEventId) continue;
      if (e.workflowTaskCompletedEventAttributes) return e.workflowTaskCompletedEventAttributes;
    }
    return undefined;
  }
}
