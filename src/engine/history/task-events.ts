/**
 * Which workflow task an event belongs to, as a Temporal developer counts them: one per
 * WorkflowTaskStarted that the server completed, holding the events that led to it (its inputs,
 * its schedule and start), then its completion and the command events that completion recorded.
 *
 * sdk-core cuts the history differently (`groupWorkflowTasks`): a sequence runs from after one
 * WorkflowTaskStarted to the next, so it opens with the previous task's completion and commands,
 * and a closed run leaves a last sequence with no start at all. Replay follows sequences; every
 * view numbers tasks by this attribution, so event 10 recorded by task 2 reads "task 2" everywhere.
 */
import { eventIdOf } from './events.ts';
import type { WorkflowTask } from './workflow-tasks.ts';

export interface TaskEventRange {
  /** Index in the grouping (sdk-core's sequence), which is also the task's number less one. */
  task: number;
  firstEventId: number;
  lastEventId: number;
}

/**
 * Contiguous event ranges of the workflow tasks. A sequence with no WorkflowTaskStarted after
 * the first (only the last one can lack it) is not a task of its own: its head is the previous
 * task's completion, and what follows (a pending task, events after the run closed) is in no task.
 */
export function taskEventRanges(tasks: readonly WorkflowTask[]): TaskEventRange[] {
  const ranges: TaskEventRange[] = [];
  for (const task of tasks) {
    if (task.startedEventId === undefined && ranges.length > 0) break;
    const firstEventId = ranges.length
      ? ranges[ranges.length - 1]!.lastEventId + 1
      : task.firstEventId;
    let lastEventId = task.startedEventId ?? task.lastEventId;
    if (task.completion) lastEventId = Math.max(lastEventId, eventIdOf(task.completion));
    for (const event of task.commandEvents) lastEventId = Math.max(lastEventId, eventIdOf(event));
    ranges.push({ task: task.index, firstEventId, lastEventId });
  }
  return ranges;
}
