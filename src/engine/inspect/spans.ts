/**
 * What happened over the run's wall-clock time, as Temporal's Web UI draws it: each workflow
 * task, activity, timer, child workflow, update, Nexus operation and external signal or cancel is
 * one span from the event that began it to its last event, with its outcome. The Gantt draws the
 * spans as bars; the compact event list shows each as one row in place of its events.
 */
import { attributesOf, type EventChain, type LoadedHistory } from '../history/index.ts';
import type { EventIndex } from './event-index.ts';

export type SpanKind = EventChain['kind'];

export type SpanOutcome =
  'completed' | 'failed' | 'timed-out' | 'canceled' | 'terminated' | 'fired' | 'rejected' | 'open';

export interface Span {
  kind: SpanKind;
  /** What it is: the activity or child workflow type, the timer id, the update name… */
  name: string;
  rootEventId: number;
  lastEventId: number;
  /** How many events it folds. */
  events: number;
  startMs: number;
  /** Time of its last event; the same as `startMs` when nothing followed the root. */
  endMs: number;
  outcome: SpanOutcome;
  /** The workflow task whose commands began it (-1 for one the server began, like an update). */
  task: number;
}

export interface SpanView {
  spans: Span[];
  /**
   * The compact event list: for each row, the index of the event it shows (a span's root stands
   * for its whole span; events in no span show as they are), in history order.
   */
  compactRows: Int32Array;
  /** Event index → index in `spans` of the span it roots, or -1. */
  spanOfRoot: Int32Array;
}

const OUTCOMES: Array<[RegExp, SpanOutcome]> = [
  [/Completed$/, 'completed'],
  [/Failed$/, 'failed'],
  [/TimedOut$/, 'timed-out'],
  [/Cancel(l)?ed$/, 'canceled'],
  [/Terminated$/, 'terminated'],
  [/^TimerFired$/, 'fired'],
  // The other workflow got the signal or the cancel request.
  [/^ExternalWorkflowExecution(Signaled|CancelRequested)$/, 'completed'],
  [/Rejected$/, 'rejected'],
];

function outcomeOf(chain: EventChain): SpanOutcome {
  // A chain's root alone (scheduled, started, initiated) has not ended.
  if (chain.eventIds.length === 1 && chain.kind !== 'update') return 'open';
  for (const [pattern, outcome] of OUTCOMES) if (pattern.test(chain.lastEventType)) return outcome;
  return 'open';
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const nameField = (v: unknown) => str((v as { name?: unknown } | undefined)?.name);

function nameOf(chain: EventChain, attributes: Record<string, unknown> | undefined): string {
  const a = attributes ?? {};
  switch (chain.kind) {
    case 'activity':
      return nameField(a['activityType']);
    case 'timer':
      return str(a['timerId']);
    case 'child-workflow':
      return nameField(a['workflowType']);
    case 'update': {
      const request = (a['request'] ?? a['acceptedRequest'] ?? a['rejectedRequest']) as
        { input?: { name?: unknown } } | undefined;
      return str(request?.input?.name);
    }
    case 'nexus-operation':
      return str(a['operation']);
    case 'signal-external':
      return str(a['signalName']);
    case 'cancel-external':
      return str((a['workflowExecution'] as { workflowId?: unknown } | undefined)?.workflowId);
    case 'workflow-task':
      return '';
  }
}

export function buildSpans(history: LoadedHistory, index: EventIndex): SpanView {
  const { events } = history;
  const spanOfRoot = new Int32Array(events.length).fill(-1);
  const folded = new Uint8Array(events.length);
  const spans: Span[] = [];
  for (const chain of history.links.chains) {
    const root = chain.rootEventId - 1;
    const last = chain.eventIds[chain.eventIds.length - 1]! - 1;
    spanOfRoot[root] = spans.length;
    for (const id of chain.eventIds) if (id - 1 !== root) folded[id - 1] = 1;
    spans.push({
      kind: chain.kind,
      name: nameOf(chain, attributesOf(events[root]!)),
      rootEventId: chain.rootEventId,
      lastEventId: last + 1,
      events: chain.eventIds.length,
      startMs: index.timeMs[root]!,
      endMs: index.timeMs[last]!,
      outcome: outcomeOf(chain),
      task: index.taskOf[root]!,
    });
  }
  let rows = 0;
  for (let i = 0; i < events.length; i++) if (!folded[i]) rows++;
  const compactRows = new Int32Array(rows);
  for (let i = 0, row = 0; i < events.length; i++) if (!folded[i]) compactRows[row++] = i;
  return { spans, compactRows, spanOfRoot };
}
