/**
 * The failures workflow code throws and catches, with the names and shapes Temporal TypeScript
 * users know. Each maps to one `temporal.api.failure.v1.Failure` info variant (see
 * runtime/failure-converter.ts); `cause` chains map to `Failure.cause`.
 *
 * Throwing a TemporalFailure out of the workflow fails the workflow; throwing any other error
 * fails the workflow task, which Temporal retries (so a bug can be fixed and the run continues).
 */
import type { IFailure } from './runtime/proto.ts';

/**
 * Why a Temporal operation stopped retrying (`temporal.api.enums.v1.RetryState` without its
 * prefix); `undefined` when the server did not say (RETRY_STATE_UNSPECIFIED). The prefixed keys
 * are the TypeScript SDK's deprecated aliases, kept so that ported code compiles.
 */
export const RetryState = {
  IN_PROGRESS: 'IN_PROGRESS',
  NON_RETRYABLE_FAILURE: 'NON_RETRYABLE_FAILURE',
  TIMEOUT: 'TIMEOUT',
  MAXIMUM_ATTEMPTS_REACHED: 'MAXIMUM_ATTEMPTS_REACHED',
  RETRY_POLICY_NOT_SET: 'RETRY_POLICY_NOT_SET',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  CANCEL_REQUESTED: 'CANCEL_REQUESTED',
  /** @deprecated use IN_PROGRESS */
  RETRY_STATE_IN_PROGRESS: 'IN_PROGRESS',
  /** @deprecated use NON_RETRYABLE_FAILURE */
  RETRY_STATE_NON_RETRYABLE_FAILURE: 'NON_RETRYABLE_FAILURE',
  /** @deprecated use TIMEOUT */
  RETRY_STATE_TIMEOUT: 'TIMEOUT',
  /** @deprecated use MAXIMUM_ATTEMPTS_REACHED */
  RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED: 'MAXIMUM_ATTEMPTS_REACHED',
  /** @deprecated use RETRY_POLICY_NOT_SET */
  RETRY_STATE_RETRY_POLICY_NOT_SET: 'RETRY_POLICY_NOT_SET',
  /** @deprecated use INTERNAL_SERVER_ERROR */
  RETRY_STATE_INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** @deprecated use CANCEL_REQUESTED */
  RETRY_STATE_CANCEL_REQUESTED: 'CANCEL_REQUESTED',
  /** @deprecated use undefined */
  RETRY_STATE_UNSPECIFIED: undefined,
} as const;
export type RetryState = (typeof RetryState)[keyof typeof RetryState];

/** Which timeout fired (`temporal.api.enums.v1.TimeoutType` without its prefix). */
export const TimeoutType = {
  START_TO_CLOSE: 'START_TO_CLOSE',
  SCHEDULE_TO_START: 'SCHEDULE_TO_START',
  SCHEDULE_TO_CLOSE: 'SCHEDULE_TO_CLOSE',
  HEARTBEAT: 'HEARTBEAT',
  /** @deprecated use START_TO_CLOSE */
  TIMEOUT_TYPE_START_TO_CLOSE: 'START_TO_CLOSE',
  /** @deprecated use SCHEDULE_TO_START */
  TIMEOUT_TYPE_SCHEDULE_TO_START: 'SCHEDULE_TO_START',
  /** @deprecated use SCHEDULE_TO_CLOSE */
  TIMEOUT_TYPE_SCHEDULE_TO_CLOSE: 'SCHEDULE_TO_CLOSE',
  /** @deprecated use HEARTBEAT */
  TIMEOUT_TYPE_HEARTBEAT: 'HEARTBEAT',
  /** @deprecated use undefined */
  TIMEOUT_TYPE_UNSPECIFIED: undefined,
} as const;
export type TimeoutType = (typeof TimeoutType)[keyof typeof TimeoutType];

/** How severe an ApplicationFailure is (`temporal.api.enums.v1.ApplicationErrorCategory`). */
export const ApplicationFailureCategory = {
  /** Expected failures: activity workers log them at DEBUG and record no failure metrics. */
  BENIGN: 'BENIGN',
} as const;
export type ApplicationFailureCategory =
  (typeof ApplicationFailureCategory)[keyof typeof ApplicationFailureCategory];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function wrap(error: unknown): ApplicationFailure {
  const record = isRecord(error) ? error : undefined;
  const failure = ApplicationFailure.create({
    message: (record && String(record.message)) || String(error),
    type: (record && (record.constructor?.name ?? record.name)) || undefined,
  });
  failure.stack = (record && typeof record.stack === 'string' && record.stack) || '';
  return failure;
}

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

  /**
   * The ApplicationFailure for any thrown value, with `overrides` applied (as in the TS SDK, an
   * ApplicationFailure is itself updated). Others keep their message and stack and take the
   * name of their constructor as `type`; a thrown non-object has no type.
   */
  static fromError(error: unknown, overrides: ApplicationFailureOptions = {}): ApplicationFailure {
    const failure = error instanceof ApplicationFailure ? error : wrap(error);
    if (Object.keys(overrides).length > 0) {
      Object.assign(failure, overrides);
      // A failure decoded from core is re-sent as decoded; the overrides must be sent instead.
      failure.failure = undefined;
    }
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

/**
 * The message at the root of a failure chain: follows the causes of TemporalFailures (an
 * ActivityFailure's cause says why the activity failed); a string is its own message.
 */
export function rootCause(error: unknown): string | undefined {
  if (error instanceof TemporalFailure) return error.cause ? rootCause(error.cause) : error.message;
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : undefined;
}
