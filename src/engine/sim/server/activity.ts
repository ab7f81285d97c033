/** ScheduleActivityTask and RequestCancelActivityTask: the server runs the scenario's outcome. */
import { fromPayload, toPayload } from '../../proto/payload.ts';
import type { temporal } from '../../proto/index.ts';
import {
  durationMs,
  failureFrom,
  IDENTITY,
  long,
  RETRY_STATE,
  TASK_QUEUE_KIND_NORMAL,
  TIMEOUT_TYPE,
  type CommandResponse,
  type Pending,
} from './server.ts';

export const scheduleActivity: CommandResponse = async (server, a) => {
  const type = (a['activityType'] as unknown as { name: string }).name;
  const scheduledEventId = server.add('ActivityTaskScheduled', {
    ...withServerDefaults(a),
    taskQueue: { ...(a['taskQueue'] as unknown as object), kind: TASK_QUEUE_KIND_NORMAL },
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
  });
  const spec = await server.resolveOutcome('activities', type, argsOf(a['input']));
  const path = `activities.${type}`;
  const attempts = (spec.failAttempts ?? 0) + 1;
  const retryable = spec.failure && !spec.failure.nonRetryable;
  const finalAttempt = spec.failure ? (retryable ? Math.max(attempts, 1) : 1) : attempts;
  const state = {
    pending: undefined as Pending | undefined,
    activityId: String(a['activityId']),
  };
  state.pending = server.schedule(server.durationOf(spec, path) * finalAttempt, () => {
    state.pending = undefined;
    const startedEventId = server.add('ActivityTaskStarted', {
      scheduledEventId: long(scheduledEventId),
      identity: IDENTITY,
      requestId: server.requestId(),
      attempt: finalAttempt,
    });
    const ids = {
      scheduledEventId: long(scheduledEventId),
      startedEventId: long(startedEventId),
    };
    if (spec.timeout) {
      server.add('ActivityTaskTimedOut', {
        ...ids,
        failure: {
          message: 'activity timeout',
          timeoutFailureInfo: { timeoutType: TIMEOUT_TYPE[`TIMEOUT_TYPE_${spec.timeout}`] },
        },
        retryState: RETRY_STATE['RETRY_STATE_TIMEOUT'],
      });
    } else if (spec.failure) {
      server.add('ActivityTaskFailed', {
        ...ids,
        failure: failureFrom(spec.failure),
        identity: IDENTITY,
        retryState: retryable
          ? RETRY_STATE['RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED']
          : RETRY_STATE['RETRY_STATE_NON_RETRYABLE_FAILURE'],
      });
    } else {
      server.add('ActivityTaskCompleted', {
        ...ids,
        result: { payloads: [toPayload(spec.result)] },
        identity: IDENTITY,
      });
    }
    return true;
  });
  server.activities.set(scheduledEventId, state);
  return undefined;
};

export const requestCancelActivity: CommandResponse = (server, a) => {
  const scheduledEventId = Number(a['scheduledEventId']);
  const requested = server.add('ActivityTaskCancelRequested', {
    scheduledEventId: long(scheduledEventId),
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
  });
  const activity = server.activities.get(scheduledEventId);
  if (activity?.pending) {
    // Not started yet: the server cancels it at once.
    server.cancelPending(activity.pending);
    activity.pending = undefined;
    server.schedule(0, () => {
      server.add('ActivityTaskCanceled', {
        scheduledEventId: long(scheduledEventId),
        latestCancelRequestedEventId: long(requested),
        startedEventId: long(0),
        identity: IDENTITY,
      });
      return true;
    });
  }
  return undefined;
};

/**
 * An activity's schedule as the server completes it before recording: the timeouts it derives
 * from schedule-to-close, an explicit zero heartbeat timeout, the default retry policy's
 * intervals, an empty header, and no input field when there are no arguments.
 */
function withServerDefaults(a: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  out['header'] ??= {};
  const set = (d: unknown) => durationMs(d) > 0;
  if (!set(out['startToCloseTimeout']) && set(out['scheduleToCloseTimeout']))
    out['startToCloseTimeout'] = out['scheduleToCloseTimeout'];
  if (!set(out['scheduleToStartTimeout']))
    out['scheduleToStartTimeout'] = set(out['scheduleToCloseTimeout'])
      ? out['scheduleToCloseTimeout']
      : {};
  out['heartbeatTimeout'] ??= {};
  const retry = (out['retryPolicy'] ?? {}) as Record<string, unknown>;
  const initial = set(retry['initialInterval']) ? durationMs(retry['initialInterval']) : 1000;
  const ms = (n: number) => ({ seconds: long(Math.floor(n / 1000)), nanos: (n % 1000) * 1e6 });
  out['retryPolicy'] = {
    ...retry,
    initialInterval: ms(initial),
    backoffCoefficient: (retry['backoffCoefficient'] as number | undefined) || 2,
    maximumInterval: set(retry['maximumInterval']) ? retry['maximumInterval'] : ms(100 * initial),
  };
  const input = out['input'] as { payloads?: unknown[] } | null | undefined;
  if (!input?.payloads?.length) delete out['input'];
  return out;
}

/** A command's arguments, decoded for an activity implementation or a child run. */
export function argsOf(input: unknown): unknown[] {
  const payloads =
    (input as { payloads?: temporal.api.common.v1.IPayload[] } | null | undefined)?.payloads ?? [];
  return payloads.map(fromPayload);
}
