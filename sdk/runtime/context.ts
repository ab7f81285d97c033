/**
 * The run whose code is executing right now. A component serves one run per instance, so this is
 * set once at instantiate-workflow and read by the workflow API (workflowInfo, log, ...).
 */
import type { coresdk } from '../../src/engine/proto/index.ts';

export interface WorkflowInfo {
  workflowType: string;
  workflowId: string;
  runId: string;
  namespace: string;
  taskQueue: string;
  attempt: number;
}

export interface RunContext {
  info: WorkflowInfo;
  init: coresdk.workflow_activation.IInitializeWorkflow;
}

let current: RunContext | undefined;

export function setRunContext(context: RunContext): void {
  current = context;
}

export function runContext(): RunContext {
  if (!current)
    throw new Error('No workflow is running: workflow APIs may only be used inside a workflow.');
  return current;
}
