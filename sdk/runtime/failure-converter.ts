/**
 * Errors ↔ `temporal.api.failure.v1.Failure`, as Temporal's default failure converter maps them:
 * each failure class to its info variant, `cause` chains to `Failure.cause`, details and
 * heartbeat details through the payload converter. Errors that are not TemporalFailures encode as
 * ApplicationFailures typed by their `name`.
 */
import { fromPayloads, toPayloads } from '../../src/engine/proto/payload.ts';
import { msToDuration, toMs, durationToMs } from '../duration.ts';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  ServerFailure,
  TemporalFailure,
  TerminatedFailure,
  TimeoutFailure,
  type ApplicationFailureCategory,
  type RetryState,
  type TimeoutType,
} from '../failures.ts';
import { enumName, type IFailure } from './proto.ts';

/** Goes into `Failure.source`, telling readers which SDK wrote the failure. */
export const FAILURE_SOURCE = 'WorkflowPlaygroundSDK';

const RETRY_STATE = 'temporal.api.enums.v1.RetryState';
const TIMEOUT_TYPE = 'temporal.api.enums.v1.TimeoutType';
const ERROR_CATEGORY = 'temporal.api.enums.v1.ApplicationErrorCategory';

const prefixed = (prefix: string, name: string | undefined) =>
  name && name !== 'UNSPECIFIED' ? `${prefix}_${name}` : undefined;

/** An enum value by its prefix-free name; UNSPECIFIED (0) is `undefined`, as in the TS SDK. */
function decodeEnum<T extends string | undefined>(
  enumType: string,
  value: number | string | null | undefined,
): T {
  const name = enumName(enumType, value);
  return (name === 'UNSPECIFIED' ? undefined : name) as T;
}

function causeOf(error: Error): IFailure | undefined {
  return error.cause === undefined || error.cause === null
    ? undefined
    : errorToFailure(error.cause);
}

export function errorToFailure(error: unknown): IFailure {
  if (error instanceof TemporalFailure && error.failure) return error.failure;
  if (!(error instanceof Error)) {
    return {
      message: String(error),
      source: FAILURE_SOURCE,
      applicationFailureInfo: { type: 'Error', nonRetryable: false },
    };
  }
  const base: IFailure = {
    message: error.message,
    source: FAILURE_SOURCE,
    stackTrace: error.stack ?? '',
    cause: causeOf(error),
  };
  if (error instanceof ApplicationFailure) {
    return {
      ...base,
      applicationFailureInfo: {
        type: error.type ?? error.name,
        nonRetryable: error.nonRetryable,
        details: error.details?.length ? { payloads: toPayloads(error.details) } : undefined,
        nextRetryDelay:
          error.nextRetryDelay === undefined ? undefined : msToDuration(toMs(error.nextRetryDelay)),
        category: prefixed('APPLICATION_ERROR_CATEGORY', error.category) as never,
      },
    };
  }
  if (error instanceof CancelledFailure) {
    return {
      ...base,
      canceledFailureInfo: {
        details: error.details.length ? { payloads: toPayloads(error.details) } : undefined,
      },
    };
  }
  if (error instanceof TimeoutFailure) {
    return {
      ...base,
      timeoutFailureInfo: {
        timeoutType: prefixed('TIMEOUT_TYPE', error.timeoutType) as never,
        lastHeartbeatDetails:
          error.lastHeartbeatDetails === undefined
            ? undefined
            : { payloads: toPayloads([error.lastHeartbeatDetails]) },
      },
    };
  }
  if (error instanceof TerminatedFailure) return { ...base, terminatedFailureInfo: {} };
  if (error instanceof ServerFailure) {
    return { ...base, serverFailureInfo: { nonRetryable: error.nonRetryable } };
  }
  if (error instanceof ActivityFailure) {
    return {
      ...base,
      activityFailureInfo: {
        activityType: { name: error.activityType },
        activityId: error.activityId,
        identity: error.identity,
        retryState: prefixed('RETRY_STATE', error.retryState) as never,
      },
    };
  }
  if (error instanceof ChildWorkflowFailure) {
    return {
      ...base,
      childWorkflowExecutionFailureInfo: {
        namespace: error.namespace,
        workflowExecution: error.execution,
        workflowType: { name: error.workflowType },
        retryState: prefixed('RETRY_STATE', error.retryState) as never,
      },
    };
  }
  if (error instanceof TemporalFailure) return base;
  return { ...base, applicationFailureInfo: { type: error.name, nonRetryable: false } };
}

function failureToErrorInner(failure: IFailure): TemporalFailure {
  const message = failure.message ?? '';
  const cause = failure.cause ? failureToError(failure.cause) : undefined;
  const app = failure.applicationFailureInfo;
  if (app) {
    return new ApplicationFailure(
      message,
      app.type ?? undefined,
      Boolean(app.nonRetryable),
      fromPayloads(app.details?.payloads),
      cause,
      durationToMs(app.nextRetryDelay),
      decodeEnum<ApplicationFailureCategory | undefined>(ERROR_CATEGORY, app.category),
    );
  }
  const timeout = failure.timeoutFailureInfo;
  if (timeout) {
    return new TimeoutFailure(
      message,
      fromPayloads(timeout.lastHeartbeatDetails?.payloads)[0],
      decodeEnum<TimeoutType>(TIMEOUT_TYPE, timeout.timeoutType),
    );
  }
  if (failure.canceledFailureInfo) {
    return new CancelledFailure(
      message,
      fromPayloads(failure.canceledFailureInfo.details?.payloads),
      cause,
    );
  }
  if (failure.terminatedFailureInfo) return new TerminatedFailure(message, cause);
  if (failure.serverFailureInfo) {
    return new ServerFailure(message, Boolean(failure.serverFailureInfo.nonRetryable), cause);
  }
  if (failure.resetWorkflowFailureInfo) {
    return new ApplicationFailure(
      message,
      'ResetWorkflow',
      false,
      fromPayloads(failure.resetWorkflowFailureInfo.lastHeartbeatDetails?.payloads),
      cause,
    );
  }
  const activity = failure.activityFailureInfo;
  if (activity) {
    return new ActivityFailure(
      message,
      activity.activityType?.name ?? '',
      activity.activityId ?? undefined,
      decodeEnum<RetryState>(RETRY_STATE, activity.retryState),
      activity.identity ?? undefined,
      cause,
    );
  }
  const child = failure.childWorkflowExecutionFailureInfo;
  if (child) {
    return new ChildWorkflowFailure(
      child.namespace ?? undefined,
      {
        workflowId: child.workflowExecution?.workflowId ?? '',
        runId: child.workflowExecution?.runId ?? undefined,
      },
      child.workflowType?.name ?? '',
      decodeEnum<RetryState>(RETRY_STATE, child.retryState),
      cause,
    );
  }
  return new TemporalFailure(message, cause);
}

/** The error workflow code sees for a failure core reported; keeps the failure for re-sending. */
export function failureToError(failure: IFailure): TemporalFailure {
  const error = failureToErrorInner(failure);
  error.failure = failure;
  if (failure.stackTrace) error.stack = failure.stackTrace;
  return error;
}
