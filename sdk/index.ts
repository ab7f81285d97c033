/**
 * The workflow authoring API, compiled into every component built with `workflow-playground build`.
 * Names and shapes follow @temporalio/workflow where they make sense.
 */
import { runContext, type WorkflowInfo } from './runtime/context.ts';

export type { WorkflowInfo };

/** Facts about the running workflow, from its InitializeWorkflow job. */
export function workflowInfo(): WorkflowInfo {
  return runContext().info;
}
