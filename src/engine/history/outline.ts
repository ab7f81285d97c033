/**
 * A plain, JSON-ready outline of a loaded history: the workflow tasks with their events (numbered
 * and cut as the page does), what each task's completion recorded, and the run summary. The CLI prints it (`inspect --json`) and
 * the UI worker can post it as is (no Longs, no message instances).
 */
import { eventIdOf, eventTypeName, toNumber, type HistoryEvent } from './events.ts';
import type { HistoryWarning } from './errors.ts';
import type { HistoryFormat, LoadedHistory } from './load.ts';
import type { HistorySummary, RunStatus } from './summary.ts';
import type { FoldReason, SdkMetadata } from './workflow-tasks.ts';
import { taskEventRanges } from './task-events.ts';

type Timestamp = NonNullable<HistoryEvent['eventTime']>;

export interface EventOutline {
  id: number;
  type: string;
  time?: string;
}

/**
 * A workflow task as the page numbers it (`taskEventRanges`): the events that led to it, its
 * start, its completion and the command events that completion recorded.
 */
export interface WorkflowTaskOutline {
  /** 1-based, as people count tasks. */
  number: number;
  firstEventId: number;
  lastEventId: number;
  /** The events sdk-core's replay applies with this task's activation, when not the same. */
  replayEvents?: { from: number; to: number };
  startedEventId?: number;
  startedTime?: string;
  isLast: boolean;
  events: EventOutline[];
  completion?: EventOutline;
  commandEvents: EventOutline[];
  sdkMetadata?: SdkMetadata;
  folded: { startedEventId: number; reason: FoldReason }[];
}

export interface HistoryOutline {
  source?: string;
  format: HistoryFormat;
  summary: Omit<HistorySummary, 'startTime' | 'closeTime'> & {
    startTime?: string;
    closeTime?: string;
    status: RunStatus;
  };
  warnings: HistoryWarning[];
  workflowTasks: WorkflowTaskOutline[];
  /** Events after the last task: a task still pending, or what followed the run's close. */
  eventsInNoTask: EventOutline[];
  unappliedEvents: EventOutline[];
}

/** RFC 3339 with as many fractional digits as the timestamp carries (like proto3 JSON). */
export function formatTimestamp(ts: Timestamp): string {
  const seconds = toNumber(ts.seconds);
  const nanos = ts.nanos ?? 0;
  const iso = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '');
  if (nanos === 0) return `${iso}Z`;
  return `${iso}.${String(nanos)
    .padStart(9, '0')
    .replace(/(000)+$/, '')}Z`;
}

function eventOutline(event: HistoryEvent): EventOutline {
  return {
    id: eventIdOf(event),
    type: eventTypeName(event),
    ...(event.eventTime ? { time: formatTimestamp(event.eventTime) } : {}),
  };
}

export function outlineHistory(history: LoadedHistory): HistoryOutline {
  const { startTime, closeTime, ...summary } = history.summary;
  const ranges = taskEventRanges(history.workflowTasks);
  return {
    ...(history.source !== undefined && { source: history.source }),
    format: history.format,
    summary: {
      ...summary,
      ...(startTime ? { startTime: formatTimestamp(startTime) } : {}),
      ...(closeTime ? { closeTime: formatTimestamp(closeTime) } : {}),
    },
    warnings: history.warnings,
    workflowTasks: ranges.map((range, i) => {
      const task = history.workflowTasks[range.task]!;
      const sameEvents =
        task.firstEventId === range.firstEventId && task.lastEventId === range.lastEventId;
      return {
        number: range.task + 1,
        firstEventId: range.firstEventId,
        lastEventId: range.lastEventId,
        ...(!sameEvents && { replayEvents: { from: task.firstEventId, to: task.lastEventId } }),
        ...(task.startedEventId !== undefined && { startedEventId: task.startedEventId }),
        ...(task.startedTime && { startedTime: formatTimestamp(task.startedTime) }),
        isLast: i === ranges.length - 1,
        // Event ids run 1, 2, 3… (the loader checks), so an id is its index plus one.
        events: history.events.slice(range.firstEventId - 1, range.lastEventId).map(eventOutline),
        ...(task.completion && { completion: eventOutline(task.completion) }),
        commandEvents: task.commandEvents.map(eventOutline),
        ...(task.sdkMetadata && { sdkMetadata: task.sdkMetadata }),
        folded: task.folded.map((f) => ({
          startedEventId: eventIdOf(f.started),
          reason: f.reason,
        })),
      };
    }),
    eventsInNoTask: history.events.slice(ranges.at(-1)?.lastEventId ?? 0).map(eventOutline),
    unappliedEvents: history.unappliedEvents.map(eventOutline),
  };
}
