/**
 * Histories as a worker sees them mid-run: a running or stuck workflow's history ends at a
 * WorkflowTaskStarted (the task the worker is handed), and one read just after a task was
 * answered ends at its WorkflowTaskCompleted. Every such prefix of a recorded history is a
 * history sdk-core must replay, and the one the oracle compares most of our engine's replay
 * state on (which task is new work, which build id it runs on, which updates it delivers).
 */
import { ET, eventTypeName, type HistoryEvent } from '../../engine/core/events.ts';

export interface Prefix {
  /** e.g. "@7 WorkflowTaskStarted": the last event kept. */
  name: string;
  events: HistoryEvent[];
}

/** Every prefix ending at a WorkflowTaskStarted or WorkflowTaskCompleted, shortest first. */
export function workerPrefixesOf(events: readonly HistoryEvent[]): Prefix[] {
  const prefixes: Prefix[] = [];
  events.forEach((e, i) => {
    if (i === events.length - 1) return; // the whole history is compared as recorded
    if (e.eventType !== ET.WorkflowTaskStarted && e.eventType !== ET.WorkflowTaskCompleted) return;
    prefixes.push({ name: `@${i + 1} ${eventTypeName(e)}`, events: events.slice(0, i + 1) });
  });
  return prefixes;
}
