/**
 * What workflow code imports from `@temporalio/common` (the build resolves that package here):
 * the failure classes and enum-like constants the TypeScript SDK defines there and
 * `@temporalio/workflow` re-exports, so both import paths give the same classes.
 */
export {
  ActivityCancellationType,
  type ActivityFunction,
  type ActivityOptions,
  type LocalActivityOptions,
  type RetryPolicy,
  type UntypedActivities,
} from './activities.ts';
export {
  WorkflowIdReusePolicy,
  type Workflow,
  type WorkflowResultType,
  type WithWorkflowArgs,
} from './child-workflows.ts';
export type { Duration } from './duration.ts';
export {
  ActivityFailure,
  ApplicationFailure,
  ApplicationFailureCategory,
  CancelledFailure,
  ChildWorkflowFailure,
  RetryState,
  rootCause,
  ServerFailure,
  TemporalFailure,
  TerminatedFailure,
  TimeoutFailure,
  TimeoutType,
  WorkflowExecutionAlreadyStartedError,
  type ApplicationFailureOptions,
} from './failures.ts';
export { HandlerUnfinishedPolicy } from './handlers.ts';
export type { Priority } from './priority.ts';
export type { SearchAttributes, SearchAttributeValue } from './search-attributes.ts';
