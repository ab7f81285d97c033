/**
 * A history read one workflow-task sequence at a time, as sdk-core's HistoryUpdate hands them to
 * its machines. Where a sequence ends is the history layer's `findSequenceEnd` (sdk-core's
 * `find_end_index_of_next_wft_seq`), the same cut the grouping shown to users is made with. The
 * events array may grow while it is read (a live or simulated run).
 */
import { findSequenceEnd } from '../history/workflow-tasks.ts';
import { eventIdOf, type HistoryEvent } from './events.ts';

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
    const { end, complete } = findSequenceEnd(this.events, this.position);
    // sdk-core cannot tell a one-event remainder from an empty one: it reports replay over and
    // never applies that event (a history of WorkflowExecutionStarted alone activates nothing).
    if (!complete && end === this.position) return 'replay-over';
    const taken = this.events.slice(this.position, end + 1);
    this.position = end + 1;
    return { events: taken, isLast: this.position >= this.events.length };
  }

  /** The sequence `take` would return next, without consuming it. */
  peek(fromWftStartedId: number): HistoryEvent[] {
    const start = this.skipTo(fromWftStartedId);
    if (start >= this.events.length) return [];
    return this.events.slice(start, findSequenceEnd(this.events, start).end + 1);
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
