/**
 * The first workflow task of a fresh run, as a Temporal worker would receive it: the
 * InitializeWorkflow job for a workflow type and its input, inside the first activation.
 */
import Long from 'long';
import type { coresdk } from '../proto/index.ts';
import { toPayload } from '../proto/payload.ts';

export interface StartRequest {
  workflowType: string;
  /** Workflow arguments as plain values, each encoded with the default converter. */
  args: unknown[];
  workflowId?: string;
  runId?: string;
  namespace?: string;
  taskQueue?: string;
  /** Virtual start time (ms since epoch). */
  startTimeMs?: number;
}

export interface StartedRun {
  identity: { namespace: string; taskQueue: string; runId: string };
  activation: coresdk.workflow_activation.IWorkflowActivation;
}

function timestamp(ms: number) {
  return { seconds: Long.fromNumber(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
}

export function firstActivation(request: StartRequest): StartedRun {
  const runId = request.runId ?? '00000000-0000-4000-8000-000000000001';
  const workflowId = request.workflowId ?? `${request.workflowType}-playground`;
  const start = timestamp(request.startTimeMs ?? Date.UTC(2026, 0, 1));
  const init: coresdk.workflow_activation.IInitializeWorkflow = {
    workflowType: request.workflowType,
    workflowId,
    arguments: request.args.map(toPayload),
    firstExecutionRunId: runId,
    attempt: 1,
    startTime: start,
  };
  return {
    identity: {
      namespace: request.namespace ?? 'default',
      taskQueue: request.taskQueue ?? 'playground',
      runId,
    },
    activation: {
      runId,
      timestamp: start,
      isReplaying: false,
      historyLength: 3,
      jobs: [{ initializeWorkflow: init }],
    },
  };
}
