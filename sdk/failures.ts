/**
 * The failures workflow code throws and catches, with the names and shapes Temporal TypeScript
 * users know. Each maps to one `temporal.api.failure.v1.Failure` info variant (see
 * runtime/failure-converter.ts); `cause` chains map to `Failure.cause`.
 *
 * Throwing a TemporalFailure out of the workflow fails the workflow; throwing any other error
 * fails the workflow task, which Temporal retries (so a bug can be fixed and the run continues).
 */
import type { IFailure } from './runtime/proto.ts';

/** Why a Temporal operation failed: a prefix-free `temporal.api.enums.v1.RetryState` name. */
export type RetryState =
  | 'UNSPECIFIED'
  | 'IN_PROGRESS'
  | 'NON_RETRYABLE_FAILURE'
  | 'TIMEOUT'
  | 'MAXIMUM_ATTEMPTS_REACHED'
  | 'RETRY_POLICY_NOT_SET'
  | 'INTERNAL_SERVER_ERROR'
  | 'CANCEL_REQUESTED';

/** A prefix-free `temporal.api.enums.v1.TimeoutType` name. */
export type TimeoutType =
  'UNSPECIFIED' | 'START_TO_CLOSE' | 'SCHEDULE_TO_START' | 'SCHEDULE_TO_CLOSE' | 'HEARTBEAT';

/** A prefix-free `temporal.api.enums.v1.ApplicationErrorCategory` name. */
export type ApplicationFailureCategory = 'UNSPECIFIED' | 'BENIGN';

/** Base class of every failure that crosses the Temporal boundary. */
export class TemporalFailure extends Error {
  override name = 'TemporalFailure';
  /** The failure this error was decoded from, re-sent unchanged if the error is rethrown. */
  failure?: IFailure;

  constructor(
    message?: string,
    public override readonly cause?: Error,
  ) {
    super(message ?? '');
  }
}

export interface ApplicationFailureOptions {
  message?: string;
  type?: string;
  nonRetryable?: boolean;
  details?: unknown[];
  /** Delay before the next retry of the failed activity, overriding its retry policy. */
  nextRetryDelay?: number | string;
  cause?: Error;
  category?: ApplicationFailureCategory;
}

/** A failure raised by application code, the one workflows and activities throw on purpose. */
export class ApplicationFailure extends TemporalFailure {
  override name = 'ApplicationFailure';

  constructor(
    message?: string,
    public readonly type?: string,
    public readonly nonRetryable = false,
    public readonly details?: unknown[],
    cause?: Error,
    public readonly nextRetryDelay?: number | string,
    public readonly category?: ApplicationFailureCategory,
  ) {
    super(message, cause);
  }

  static create(options: ApplicationFailureOptions): ApplicationFailure {
    const {
      message,
      type,
      nonRetryable = false,
      details,
      cause,
      nextRetryDelay,
      category,
    } = options;
    return new ApplicationFailure(
      message,
      type,
      nonRetryable,
      details,
      cause,
      nextRetryDelay,
      category,
    );
  }

  /** Wraps any thrown value, keeping its message, name (as `type`) and stack. */
  static fromError(error: unknown, overrides: ApplicationFailureOptions = {}): ApplicationFailure {
    if (error instanceof ApplicationFailure) return error;
    const failure =
      error instanceof Error
        ? ApplicationFailure.create({ message: error.message, type: error.name, ...overrides })
        : ApplicationFailure.create({ message: String(error), type: 'Error', ...overrides });
    if (error instanceof Error && error.stack) failure.stack = error.stack;
    return failure;
  }

  static retryable(message?: string, type?: string, ...details: unknown[]): ApplicationFailure {
    return new ApplicationFailure(message, type ?? 'Error', false, details);
  }

  static nonRetryable(message?: string, type?: string, ...details: unknown[]): ApplicationFailure {
    return new ApplicationFailure(message, type ?? 'Error', true, details);
  }
}

/** An operation (or the workflow) was cancelled. */
export class CancelledFailure extends TemporalFailure {
  override name = 'CancelledFailure';

  constructor(
    message?: string,
    public readonly details: unknown[] = [],
    cause?: Error,
  ) {
    super(message, cause);
  }
}

/** An activity, child workflow or workflow ran out of time. */
export class TimeoutFailure extends TemporalFailure {
  override name = 'TimeoutFailure';

  constructor(
    message: string | undefined,
    public readonly lastHeartbeatDetails: unknown,
    public readonly timeoutType: TimeoutType,
  ) {
    super(message);
  }
}

/** The workflow execution was terminated. */
export class TerminatedFailure extends TemporalFailure {
  override name = 'TerminatedFailure';
}

/** The Temporal server failed the operation. */
export class ServerFailure extends TemporalFailure {
  override name = 'ServerFailure';

  constructor(
    message: string | undefined,
    public readonly nonRetryable: boolean,
    cause?: Error,
  ) {
    super(message, cause);
  }
}

/** An activity failed; `cause` says why (ApplicationFailure, TimeoutFailure, CancelledFailure…). */
export class ActivityFailure extends TemporalFailure {
  override name = 'ActivityFailure';

  constructor(
    message: string | undefined,
    public readonly activityType: string,
    public readonly activityId: string | undefined,
    public readonly retryState: RetryState,
    public readonly identity: string | undefined,
    cause?: Error,
  ) {
    super(message, cause);
  }
}

/** A child workflow failed; `cause` says why. */
export class ChildWorkflowFailure extends TemporalFailure {
  override name = 'ChildWorkflowFailure';

  constructor(
    public readonly namespace: string | undefined,
    public readonly execution: { workflowId: string; runId?: string },
    public readonly workflowType: string,
    public readonly retryState: RetryState,
    cause?: Error,
  ) {
    super('Child Workflow execution failed', cause);
  }
}

/** A child workflow could not start because a run with its workflow id exists. */
export class WorkflowExecutionAlreadyStartedError extends TemporalFailure {
  override name = 'WorkflowExecutionAlreadyStartedError';

  constructor(
    message: string,
    public readonly workflowId: string,
    public readonly workflowType: string,
  ) {
    super(message);
  }
}

/** Workflow code did something that would make replay diverge (e.g. network I/O, WeakRef). */
export class DeterminismViolationError extends Error {
  override name = 'DeterminismViolationError';
}

/** The SDK was used in a way its state does not allow (e.g. a workflow API outside a workflow). */
export class IllegalStateError extends Error {
  override name = 'IllegalStateError';
}

/** True for a cancellation, directly or as the cause of an activity or child workflow failure. */
export function isCancellation(error: unknown): boolean {
  return (
    error instanceof CancelledFailure ||
    ((error instanceof ActivityFailure || error instanceof ChildWorkflowFailure) &&
      error.cause instanceof CancelledFailure)
  );
}

/** The innermost `cause` of an error chain. */
export function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current;
}
