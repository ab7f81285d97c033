/**
 * The workflow authoring API, compiled into every component built with `workflow-playground build`.
 * Names and shapes follow @temporalio/workflow where they make sense; README.md in this folder
 * lists what differs.
 */
import { currentFrame } from './runtime/async-context.ts';
import { currentRun } from './runtime/current.ts';
import type { WorkflowInfo } from './workflow-info.ts';

export type { WorkflowInfo, ParentWorkflowInfo, RootWorkflowInfo } from './workflow-info.ts';
export type { Priority } from './priority.ts';
export type { SearchAttributes, SearchAttributeValue } from './search-attributes.ts';
export type { Duration } from './duration.ts';
export {
  proxyActivities,
  proxyLocalActivities,
  scheduleActivity,
  scheduleLocalActivity,
  ActivityCancellationType,
  LocalActivityDoBackoff,
  type ActivityFunction,
  type ActivityInterfaceFor,
  type ActivityOptions,
  type LocalActivityOptions,
  type RetryPolicy,
  type UntypedActivities,
} from './activities.ts';
export { sleep, condition } from './timers.ts';
export {
  defineSignal,
  defineQuery,
  defineUpdate,
  setHandler,
  setDefaultSignalHandler,
  setDefaultQueryHandler,
  setDefaultUpdateHandler,
  allHandlersFinished,
  currentUpdateInfo,
  HandlerUnfinishedPolicy,
  type DefaultSignalHandler,
  type DefaultQueryHandler,
  type DefaultUpdateHandler,
  type SignalDefinition,
  type QueryDefinition,
  type UpdateDefinition,
  type HandlerOptions,
  type MessageHandlerOptions,
  type UpdateHandlerOptions,
  type UpdateInfo,
} from './handlers.ts';
export { patched, deprecatePatch } from './patches.ts';
export {
  startChild,
  executeChild,
  type ChildWorkflowHandle,
  type ChildWorkflowOptions,
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  type Workflow,
  type WorkflowResultType,
  type WithWorkflowArgs,
} from './child-workflows.ts';
export { getExternalWorkflowHandle, type ExternalWorkflowHandle } from './external-workflows.ts';
export {
  continueAsNew,
  makeContinueAsNewFunc,
  ContinueAsNew,
  type ContinueAsNewOptions,
} from './continue-as-new.ts';
export {
  CancellationScope,
  RootCancellationScope,
  type CancellationScopeOptions,
} from './cancellation-scope.ts';
export {
  TemporalFailure,
  ApplicationFailure,
  CancelledFailure,
  TimeoutFailure,
  TerminatedFailure,
  ServerFailure,
  ActivityFailure,
  ChildWorkflowFailure,
  WorkflowExecutionAlreadyStartedError,
  DeterminismViolationError,
  IllegalStateError,
  isCancellation,
  rootCause,
  ApplicationFailureCategory,
  RetryState,
  TimeoutType,
  type ApplicationFailureOptions,
} from './failures.ts';
export { Trigger } from './trigger.ts';
export { log, type LogLevel } from './log.ts';
export { uuid4 } from './random.ts';
export type * from './interceptors.ts';

/** Facts about the running workflow, from its InitializeWorkflow job and current activation. */
export function workflowInfo(): WorkflowInfo {
  return currentRun('workflowInfo').info;
}

/** True when called from workflow code (as opposed to module loading). */
export function inWorkflowContext(): boolean {
  return currentFrame() !== undefined;
}

/** Text Temporal UIs show for the run (answered through the `__temporal_workflow_metadata` query). */
export function setCurrentDetails(details: string): void {
  currentRun('setCurrentDetails').setCurrentDetails(details);
}

export function getCurrentDetails(): string {
  return currentRun('getCurrentDetails').currentDetails;
}
