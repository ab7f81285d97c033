import { describe, expect, it } from 'vitest';
import { groupWorkflowTasks } from '../../src/engine/history/index.ts';
import { buildEventIndex } from '../../src/engine/inspect/event-index.ts';
import { taskViews } from '../../src/engine/inspect/timeline.ts';
import { HistoryBuilder } from '../history-builder.ts';

function timerHistory() {
  const b = new HistoryBuilder().started('greet', []).workflowTask(); // 1-4
  const timer = b.timerStarted('1'); // 5
  b.timerFired('1', timer).workflowTask().completed('done'); // 6, 7-9, 10
  return b.events;
}

describe('workflow tasks as the server counts them', () => {
  it('counts one task for a run completed by its first task (no task for the closing sequence)', () => {
    const events = new HistoryBuilder().started('greet', []).workflowTask().completed('x').events;
    // sdk-core's grouping has a second sequence (4-5) with no WorkflowTaskStarted.
    expect(groupWorkflowTasks(events).tasks).toHaveLength(2);
    const views = taskViews(groupWorkflowTasks(events).tasks);
    expect(views.map((t) => [t.index, t.firstEventId, t.lastEventId])).toEqual([[0, 1, 5]]);
    expect(views[0]!.replayEvents).toEqual({ from: 1, to: 3 });
    const index = buildEventIndex(events, groupWorkflowTasks(events).tasks);
    expect(Array.from(index.taskOf)).toEqual([0, 0, 0, 0, 0]);
  });

  it("puts a task's completion and command events in that task, in every view", () => {
    const events = timerHistory();
    const { tasks } = groupWorkflowTasks(events);
    const views = taskViews(tasks);
    expect(views.map((t) => [t.firstEventId, t.lastEventId])).toEqual([
      [1, 5],
      [6, 10],
    ]);
    // What replay applies with the second activation: the first task's completion and timer too.
    expect(views[1]!.replayEvents).toEqual({ from: 4, to: 8 });
    expect(views[0]!.commandEventIds).toEqual([5]);
    const index = buildEventIndex(events, tasks);
    expect(Array.from(index.taskOf)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    // The task a command event belongs to is the one that recorded it.
    for (const view of views)
      for (const id of view.commandEventIds) expect(index.taskOf[id - 1]).toBe(view.index);
  });

  it('leaves events after the last task (a task scheduled, not started) in no task', () => {
    const events = timerHistory().slice(0, 7); // ends with WorkflowTaskScheduled 7
    const index = buildEventIndex(events, groupWorkflowTasks(events).tasks);
    expect(Array.from(index.taskOf)).toEqual([0, 0, 0, 0, 0, -1, -1]);
    expect(taskViews(groupWorkflowTasks(events).tasks)).toHaveLength(1);
  });
});
