/**
 * A synthetic history for benchmarks: started, then `timers` workflow tasks that each start a
 * timer and see it fire, then completion (five events per timer).
 */
import Long from 'long';
import { ET } from '../src/engine/core/events.ts';
import { newHistoryEvent, type HistoryEvent } from '../src/engine/history/events.ts';
import type { temporal } from '../src/engine/proto/index.ts';

type IHistoryEvent = temporal.api.history.v1.IHistoryEvent;

export function timerLoopHistory(timers: number): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const base = Date.UTC(2024, 0, 1) / 1000;
  const add = (event: Omit<IHistoryEvent, 'eventId' | 'eventTime'>): Long => {
    const eventId = Long.fromNumber(events.length + 1);
    events.push(newHistoryEvent({ eventId, eventTime: { seconds: eventId.add(base) }, ...event }));
    return eventId;
  };
  const seconds = (n: number) => ({ seconds: Long.fromNumber(n) });
  const taskQueue = { name: 'bench' };
  const task = (): Long => {
    const scheduledEventId = add({
      eventType: ET.WorkflowTaskScheduled,
      workflowTaskScheduledEventAttributes: { taskQueue, attempt: 1 },
    });
    const startedEventId = add({
      eventType: ET.WorkflowTaskStarted,
      workflowTaskStartedEventAttributes: { scheduledEventId },
    });
    return add({
      eventType: ET.WorkflowTaskCompleted,
      workflowTaskCompletedEventAttributes: { scheduledEventId, startedEventId },
    });
  };
  add({
    eventType: ET.WorkflowExecutionStarted,
    workflowExecutionStartedEventAttributes: {
      workflowType: { name: 'timerLoop' },
      taskQueue,
      workflowTaskTimeout: seconds(10),
      originalExecutionRunId: 'bench-run',
      firstExecutionRunId: 'bench-run',
      attempt: 1,
    },
  });
  for (let i = 1; i <= timers; i++) {
    const workflowTaskCompletedEventId = task();
    const startedEventId = add({
      eventType: ET.TimerStarted,
      timerStartedEventAttributes: {
        timerId: String(i),
        startToFireTimeout: seconds(1),
        workflowTaskCompletedEventId,
      },
    });
    add({
      eventType: ET.TimerFired,
      timerFiredEventAttributes: { timerId: String(i), startedEventId },
    });
  }
  add({
    eventType: ET.WorkflowExecutionCompleted,
    workflowExecutionCompletedEventAttributes: { workflowTaskCompletedEventId: task() },
  });
  return events;
}
