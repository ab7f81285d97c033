/**
 * A compact, columnar index of a loaded history: what a list or a timeline needs to draw every
 * event without holding the events themselves (a 50,000-event history crosses the worker boundary
 * as a few typed arrays and one array of short strings). Full events stay with the engine and are
 * fetched one at a time for inspection.
 */
import { eventIdOf, eventTypeName, type HistoryEvent } from '../history/index.ts';
import type { WorkflowTask } from '../history/index.ts';
import { EVENT_CATEGORIES, categoryOf } from './categories.ts';
import { summarizeHistoryEvent } from './event-summary.ts';
import { taskEventRanges } from '../history/task-events.ts';

export interface EventIndex {
  count: number;
  ids: Int32Array;
  /** Distinct type names; `typeOf[i]` indexes into it. */
  types: string[];
  typeOf: Uint16Array;
  /** Index into EVENT_CATEGORIES. */
  categoryOf: Uint8Array;
  /** Event time, ms since the epoch (NaN when the event has none). */
  timeMs: Float64Array;
  /** Workflow task the event belongs to (see task-events.ts); -1 when it is in none. */
  taskOf: Int32Array;
  summary: string[];
}

/** A protobuf Timestamp in ms since the epoch (NaN when absent). */
export function timestampMs(t: HistoryEvent['eventTime']): number {
  if (!t) return Number.NaN;
  return Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

export function buildEventIndex(
  events: readonly HistoryEvent[],
  tasks: readonly WorkflowTask[],
): EventIndex {
  const count = events.length;
  const index: EventIndex = {
    count,
    ids: new Int32Array(count),
    types: [],
    typeOf: new Uint16Array(count),
    categoryOf: new Uint8Array(count),
    timeMs: new Float64Array(count),
    taskOf: new Int32Array(count).fill(-1),
    summary: new Array<string>(count),
  };
  const typeIds = new Map<string, number>();
  events.forEach((event, i) => {
    const type = eventTypeName(event);
    let typeId = typeIds.get(type);
    if (typeId === undefined) {
      typeId = index.types.length;
      typeIds.set(type, typeId);
      index.types.push(type);
    }
    index.ids[i] = eventIdOf(event);
    index.typeOf[i] = typeId;
    index.categoryOf[i] = EVENT_CATEGORIES.indexOf(categoryOf(type));
    index.timeMs[i] = timestampMs(event.eventTime);
    index.summary[i] = summarizeHistoryEvent(event);
  });
  const position = positionsById(index.ids);
  for (const range of taskEventRanges(tasks)) {
    for (let id = range.firstEventId; id <= range.lastEventId; id++) {
      const at = position(id);
      if (at >= 0) index.taskOf[at] = range.task;
    }
  }
  return index;
}

/** Position of an event id in the history: ids are contiguous from 1 in a valid history. */
export function positionsById(ids: Int32Array): (id: number) => number {
  const first = ids[0] ?? 1;
  return (id) => {
    const guess = id - first;
    if (guess >= 0 && guess < ids.length && ids[guess] === id) return guess;
    return ids.indexOf(id);
  };
}
