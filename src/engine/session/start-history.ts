/**
 * The history a server holds the moment a fresh run's first workflow task is handed to a worker:
 * WorkflowExecutionStarted, WorkflowTaskScheduled, WorkflowTaskStarted. Replaying it runs the first
 * workflow task of a new run (not a replay: history ends where the task starts), which is how a
 * component can be tried without a recorded history.
 */
import Long from 'long';
import { EventType, type HistoryEvent } from '../history/index.ts';
import { HistoryEventType } from '../history/events.ts';
import { toPayload } from '../proto/payload.ts';

export interface StartRequest {
  workflowType: string;
  /** Workflow arguments as plain values, each encoded with the default converter. */
  args: unknown[];
  taskQueue?: string;
  runId?: string;
  /** Virtual start time (ms since epoch). */
  startTimeMs?: number;
}

export function startHistory(request: StartRequest): HistoryEvent[] {
  const runId = request.runId ?? '00000000-0000-4000-8000-000000000001';
  const taskQueue = { name: request.taskQueue ?? 'playground', kind: 1 };
  const ms = request.startTimeMs ?? Date.UTC(2026, 0, 1);
  const time = { seconds: Long.fromNumber(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
  const event = (id: number, eventType: number, attributes: Record<string, unknown>) =>
    HistoryEventType.fromObject({
      eventId: id,
      eventTime: time,
      eventType,
      ...attributes,
    }) as unknown as HistoryEvent;
  return [
    event(1, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, {
      workflowExecutionStartedEventAttributes: {
        workflowType: { name: request.workflowType },
        taskQueue,
        input: { payloads: request.args.map(toPayload) },
        workflowTaskTimeout: { seconds: 10 },
        originalExecutionRunId: runId,
        firstExecutionRunId: runId,
        attempt: 1,
      },
    }),
    event(2, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, {
      workflowTaskScheduledEventAttributes: {
        taskQueue,
        startToCloseTimeout: { seconds: 10 },
        attempt: 1,
      },
    }),
    event(3, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, {
      workflowTaskStartedEventAttributes: { scheduledEventId: 2, requestId: 'playground' },
    }),
  ];
}
