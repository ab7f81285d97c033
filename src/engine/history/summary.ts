/** One-glance facts about a run, read from its events: what the header of a history view shows. */
import {
  EventType,
  eventIdOf,
  eventTypeName,
  isFinalExecutionEvent,
  type HistoryEvent,
} from './events.ts';
import type { WorkflowTask } from './workflow-tasks.ts';
import { taskEventRanges } from './task-events.ts';

type Timestamp = NonNullable<HistoryEvent['eventTime']>;

export type RunStatus =
  'running' | 'completed' | 'failed' | 'canceled' | 'terminated' | 'timed-out' | 'continued-as-new';

const STATUS_BY_FINAL_EVENT = new Map<number, RunStatus>([
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, 'completed'],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, 'failed'],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, 'canceled'],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, 'terminated'],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, 'timed-out'],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, 'continued-as-new'],
]);

export interface HistorySummary {
  workflowType: string;
  /** Present when the server recorded it in WorkflowExecutionStarted (recent servers do). */
  workflowId?: string;
  /** The run's original execution run id: the seed of its randomness and its identity on replay. */
  runId: string;
  taskQueue: string;
  startTime?: Timestamp;
  closeTime?: Timestamp;
  status: RunStatus;
  eventCount: number;
  /** Workflow tasks as the page numbers them (`taskEventRanges`). */
  workflowTaskCount: number;
  /** Count of events per type name, in first-seen order. */
  eventTypes: Record<string, number>;
  /** Every SDK name/version that completed a task, in order (a run may span worker upgrades). */
  sdks: { name: string; version: string; firstEventId: number }[];
  /** Union of the internal flags recorded in task completions. */
  coreUsedFlags: number[];
  langUsedFlags: number[];
}

export function summarize(events: HistoryEvent[], tasks: WorkflowTask[]): HistorySummary {
  const started = events[0]!.workflowExecutionStartedEventAttributes ?? {};
  const closing = events.find(isFinalExecutionEvent);
  const eventTypes: Record<string, number> = {};
  const sdks: HistorySummary['sdks'] = [];
  const core = new Set<number>();
  const lang = new Set<number>();
  for (const event of events) {
    const name = eventTypeName(event);
    eventTypes[name] = (eventTypes[name] ?? 0) + 1;
    const metadata = event.workflowTaskCompletedEventAttributes?.sdkMetadata;
    if (!metadata) continue;
    for (const flag of metadata.coreUsedFlags ?? []) core.add(flag);
    for (const flag of metadata.langUsedFlags ?? []) lang.add(flag);
    const last = sdks.at(-1);
    if (
      metadata.sdkName &&
      (last?.name !== metadata.sdkName || last.version !== metadata.sdkVersion)
    ) {
      sdks.push({
        name: metadata.sdkName,
        version: metadata.sdkVersion ?? '',
        firstEventId: eventIdOf(event),
      });
    }
  }
  return {
    workflowType: started.workflowType?.name ?? '',
    ...(started.workflowId ? { workflowId: started.workflowId } : {}),
    runId: started.originalExecutionRunId ?? '',
    taskQueue: started.taskQueue?.name ?? '',
    ...(events[0]!.eventTime ? { startTime: events[0]!.eventTime } : {}),
    ...(closing?.eventTime ? { closeTime: closing.eventTime } : {}),
    status: closing ? STATUS_BY_FINAL_EVENT.get(closing.eventType)! : 'running',
    eventCount: events.length,
    // As every view counts them (task-events.ts), not sdk-core's sequences.
    workflowTaskCount: taskEventRanges(tasks).length,
    eventTypes,
    sdks,
    coreUsedFlags: [...core].sort((a, b) => a - b),
    langUsedFlags: [...lang].sort((a, b) => a - b),
  };
}
