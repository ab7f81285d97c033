/**
 * The run at a glance, as the head of Temporal's Web UI shows it: status, start and close time,
 * task queue, input and outcome, and who recorded the history (SDK and version from the task
 * completions' `sdkMetadata`, worker identities from the completions).
 */
import {
  eventTypeName,
  isFinalExecutionEvent,
  summarize,
  type HistoryEvent,
  type RunStatus,
  type WorkflowTask,
} from '../history/index.ts';
import { payloadsPreview, summarizeHistoryEvent } from './event-summary.ts';
import { timestampMs } from './event-index.ts';

export interface RunSummaryView {
  status: RunStatus;
  workflowId?: string;
  taskQueue: string;
  /** ms since the epoch; absent when the events carry no time. */
  startMs?: number;
  closeMs?: number;
  input: string;
  /** How the run closed: its result, failure, or the closing event's summary. */
  outcome?: { label: string; text: string };
  /** `temporal-typescript 1.11.2`, each SDK (or version) that completed a task, in order. */
  sdks: string[];
  /** Worker identities that completed tasks (`1234@host`), in first-seen order. */
  workers: string[];
}

const OUTCOME_LABEL: Partial<Record<string, string>> = {
  WorkflowExecutionCompleted: 'Result',
  WorkflowExecutionFailed: 'Failure',
  WorkflowExecutionContinuedAsNew: 'Continued as new',
};

export function runSummary(events: HistoryEvent[], tasks: WorkflowTask[]): RunSummaryView {
  const summary = summarize(events, tasks);
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const closing = events.find(isFinalExecutionEvent);
  const workers = new Set<string>();
  for (const event of events) {
    const identity = event.workflowTaskCompletedEventAttributes?.identity;
    if (identity) workers.add(identity);
  }
  const startMs = summary.startTime ? timestampMs(summary.startTime) : Number.NaN;
  const closeMs = summary.closeTime ? timestampMs(summary.closeTime) : Number.NaN;
  const type = closing ? eventTypeName(closing) : '';
  return {
    status: summary.status,
    ...(summary.workflowId ? { workflowId: summary.workflowId } : {}),
    taskQueue: summary.taskQueue,
    ...(Number.isFinite(startMs) ? { startMs } : {}),
    ...(Number.isFinite(closeMs) ? { closeMs } : {}),
    input: payloadsPreview(started?.input),
    ...(closing
      ? {
          outcome: {
            label: OUTCOME_LABEL[type] ?? type.replace(/^WorkflowExecution/, ''),
            text: summarizeHistoryEvent(closing),
          },
        }
      : {}),
    sdks: summary.sdks.map((s) => `${s.name} ${s.version}`.trim()),
    workers: [...workers],
  };
}
