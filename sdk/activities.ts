/**
 * Activities: `proxyActivities` and `proxyLocalActivities` return objects whose every property is
 * a function that schedules the activity of that name and resolves with its result (or rejects
 * with an ActivityFailure whose cause says why it failed).
 */
import { toPayloads } from '../src/engine/proto/payload.ts';
import { CancellationScope } from './cancellation-scope.ts';
import { optionalDuration, type Duration } from './duration.ts';
import { encodePriority, type Priority } from './priority.ts';
import {
  composeInterceptors,
  type ActivityInput,
  type LocalActivityInput,
} from './interceptors.ts';
import { currentRun, captureSite } from './runtime/current.ts';
import { settlers } from './runtime/settlers.ts';
import { sleep, userMetadata } from './sleep.ts';

export interface RetryPolicy {
  /** Delay before the first retry. Default 1 s. */
  initialInterval?: Duration;
  /** Each retry waits this many times longer than the previous one. Default 2. */
  backoffCoefficient?: number;
  /** Upper bound of the delay between retries. Default 100 × initialInterval. */
  maximumInterval?: Duration;
  /** 0 (default) retries forever; 1 disables retries. */
  maximumAttempts?: number;
  /** ApplicationFailure types that are never retried. */
  nonRetryableErrorTypes?: string[];
}

/**
 * What happens when the scope holding the activity is cancelled: TRY_CANCEL asks the activity to
 * stop and fails at once; WAIT_CANCELLATION_COMPLETED waits for the activity to acknowledge;
 * ABANDON fails at once without asking.
 */
export const ActivityCancellationType = {
  TRY_CANCEL: 'TRY_CANCEL',
  WAIT_CANCELLATION_COMPLETED: 'WAIT_CANCELLATION_COMPLETED',
  ABANDON: 'ABANDON',
} as const;
export type ActivityCancellationType =
  (typeof ActivityCancellationType)[keyof typeof ActivityCancellationType];

export interface ActivityOptions {
  /** Default: the activity's sequence number in this run. */
  activityId?: string;
  /** Default: the workflow's task queue. */
  taskQueue?: string;
  /** One of startToCloseTimeout and scheduleToCloseTimeout is required. */
  startToCloseTimeout?: Duration;
  scheduleToCloseTimeout?: Duration;
  scheduleToStartTimeout?: Duration;
  heartbeatTimeout?: Duration;
  retry?: RetryPolicy;
  cancellationType?: ActivityCancellationType;
  /** Default true: let the worker that runs this workflow task start the activity eagerly. */
  allowEagerDispatch?: boolean;
  /** One-line summary shown by Temporal UIs. */
  summary?: string;
  /** Priority and fairness of the activity's task. */
  priority?: Priority;
}

export interface LocalActivityOptions {
  startToCloseTimeout?: Duration;
  scheduleToCloseTimeout?: Duration;
  scheduleToStartTimeout?: Duration;
  retry?: RetryPolicy;
  /** Retries with a longer backoff than this become a workflow timer. Default 1 min. */
  localRetryThreshold?: Duration;
  cancellationType?: ActivityCancellationType;
  summary?: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- as the TS SDK types them, for any activity */
/** An activity as workflow code sees it: any arguments, a promised result. */
export type ActivityFunction<P extends any[] = any[], R = any> = (...args: P) => Promise<R>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Activities by name, for `proxyActivities` without an activity module to type them. */
export type UntypedActivities = Record<string, ActivityFunction>;

/** The proxied activities, each with its declared arguments and result. */
export type ActivityInterfaceFor<T> = {
  [K in keyof T]: T[K] extends ActivityFunction ? T[K] : never;
};

// Core's enum coresdk.workflow_commands.ActivityCancellationType.
const CANCELLATION_TYPE: Record<ActivityCancellationType, number> = {
  TRY_CANCEL: 0,
  WAIT_CANCELLATION_COMPLETED: 1,
  ABANDON: 2,
};

function checkTimeouts(options: {
  startToCloseTimeout?: Duration;
  scheduleToCloseTimeout?: Duration;
}) {
  if (options.startToCloseTimeout === undefined && options.scheduleToCloseTimeout === undefined) {
    throw new TypeError(
      'Activity options need startToCloseTimeout or scheduleToCloseTimeout (or both)',
    );
  }
}

export function retryPolicy(policy: RetryPolicy | undefined) {
  if (!policy) return undefined;
  if (policy.backoffCoefficient !== undefined && policy.backoffCoefficient < 1)
    throw new TypeError(
      `RetryPolicy.backoffCoefficient must be at least 1, got ${policy.backoffCoefficient}`,
    );
  return {
    initialInterval: optionalDuration(policy.initialInterval),
    backoffCoefficient: policy.backoffCoefficient,
    maximumInterval: optionalDuration(policy.maximumInterval),
    maximumAttempts: policy.maximumAttempts,
    nonRetryableErrorTypes: policy.nonRetryableErrorTypes,
  };
}

/** Registers the operation's completion and, in a cancellable scope, how to ask for its cancel. */
function awaitResolution(
  seq: number,
  requestCancel: (origin: Error) => void,
  push: () => Error,
): Promise<unknown> {
  const run = currentRun('scheduleActivity');
  const scope = CancellationScope.current();
  return new Promise((resolve, reject) => {
    if (scope.consideredCancelled) return reject(scope.reason);
    const site = push();
    const stopListening = scope.cancellable
      ? scope.onCancel(() => {
          // Core answers with a ResolveActivity (cancelled) job; the promise rejects then.
          if (run.completions.activity.has(seq)) requestCancel(site);
        })
      : () => undefined;
    run.completions.activity.set(seq, {
      waiter: run.waiter(site),
      ...settlers(stopListening, resolve, reject),
    });
  });
}

function scheduleActivityCommand({
  activityType,
  args,
  options,
  headers,
  seq,
}: ActivityInput): Promise<unknown> {
  const run = currentRun('scheduleActivity');
  checkTimeouts(options);
  return awaitResolution(
    seq,
    (origin) => run.pushCommand({ requestCancelActivity: { seq } }, origin),
    () =>
      run.pushCommand({
        scheduleActivity: {
          seq,
          activityId: options.activityId ?? String(seq),
          activityType,
          taskQueue: options.taskQueue ?? run.info.taskQueue,
          headers,
          arguments: toPayloads(args),
          scheduleToCloseTimeout: optionalDuration(options.scheduleToCloseTimeout),
          scheduleToStartTimeout: optionalDuration(options.scheduleToStartTimeout),
          startToCloseTimeout: optionalDuration(options.startToCloseTimeout),
          heartbeatTimeout: optionalDuration(options.heartbeatTimeout),
          retryPolicy: retryPolicy(options.retry),
          cancellationType: CANCELLATION_TYPE[options.cancellationType ?? 'TRY_CANCEL'],
          doNotEagerlyExecute: !(options.allowEagerDispatch ?? true),
          priority: encodePriority(options.priority),
        },
        userMetadata: userMetadata(options.summary),
      }),
  );
}

function scheduleLocalActivityCommand({
  activityType,
  args,
  options,
  headers,
  seq,
  attempt,
  originalScheduleTime,
}: LocalActivityInput): Promise<unknown> {
  const run = currentRun('scheduleLocalActivity');
  checkTimeouts(options);
  return awaitResolution(
    seq,
    (origin) => run.pushCommand({ requestCancelLocalActivity: { seq } }, origin),
    () =>
      run.pushCommand({
        scheduleLocalActivity: {
          seq,
          activityId: String(seq),
          activityType,
          attempt,
          originalScheduleTime: originalScheduleTime as never,
          headers,
          arguments: toPayloads(args),
          scheduleToCloseTimeout: optionalDuration(options.scheduleToCloseTimeout),
          scheduleToStartTimeout: optionalDuration(options.scheduleToStartTimeout),
          startToCloseTimeout: optionalDuration(options.startToCloseTimeout),
          retryPolicy: retryPolicy(options.retry),
          localRetryThreshold: optionalDuration(options.localRetryThreshold),
          cancellationType: CANCELLATION_TYPE[options.cancellationType ?? 'TRY_CANCEL'],
        },
        userMetadata: userMetadata(options.summary),
      }),
  );
}

/** Schedules activity `activityType` with `args`; what `proxyActivities` functions call. */
export function scheduleActivity<R = unknown>(
  activityType: string,
  args: unknown[],
  options: ActivityOptions,
): Promise<R> {
  const run = currentRun('scheduleActivity');
  const seq = run.nextSeq('activity');
  return composeInterceptors(
    run.outbound,
    'scheduleActivity',
    scheduleActivityCommand,
  )({
    activityType,
    args,
    options,
    headers: {},
    seq,
  }) as Promise<R>;
}

/**
 * Core asks for a backoff longer than a workflow task may wait (`DoBackoff`): the workflow sleeps
 * on a timer, then schedules the local activity again with the attempt core gave.
 */
export class LocalActivityDoBackoff extends Error {
  override name = 'LocalActivityDoBackoff';

  constructor(
    readonly attempt: number,
    readonly backoffMs: number,
    readonly originalScheduleTime: LocalActivityInput['originalScheduleTime'],
  ) {
    super(`Local activity backs off for ${backoffMs} ms before attempt ${attempt}`);
  }
}

/** Schedules local activity `activityType` with `args`. */
export async function scheduleLocalActivity<R = unknown>(
  activityType: string,
  args: unknown[],
  options: LocalActivityOptions,
): Promise<R> {
  const run = currentRun('scheduleLocalActivity');
  // Retries run from reactions with no workflow frame on their stack: their commands' source
  // location is where the workflow asked for the activity.
  const origin = captureSite();
  let attempt = 1;
  let originalScheduleTime: LocalActivityInput['originalScheduleTime'];
  for (;;) {
    const seq = run.nextSeq('activity');
    try {
      const scheduled = run.withOrigin(origin, () =>
        composeInterceptors(
          run.outbound,
          'scheduleLocalActivity',
          scheduleLocalActivityCommand,
        )({ activityType, args, options, headers: {}, seq, attempt, originalScheduleTime }),
      );
      return (await scheduled) as R;
    } catch (error) {
      if (!(error instanceof LocalActivityDoBackoff)) throw error;
      await run.withOrigin(origin, () => sleep(error.backoffMs));
      attempt = error.attempt;
      originalScheduleTime = error.originalScheduleTime;
    }
  }
}

function proxy<O>(
  options: O,
  schedule: (activityType: string, args: unknown[], options: O) => Promise<unknown>,
): Record<string, (...args: unknown[]) => Promise<unknown>> {
  return new Proxy(
    {},
    {
      get(_, activityType) {
        if (typeof activityType !== 'string')
          throw new TypeError(`Activity names are strings; got ${String(activityType)}`);
        return (...args: unknown[]) => schedule(activityType, args, options);
      },
    },
  );
}

/** Activities by name, scheduled with `options` (validated now, so mistakes show early). */
export function proxyActivities<A = UntypedActivities>(
  options: ActivityOptions,
): ActivityInterfaceFor<A> {
  checkTimeouts(options);
  return proxy(options, scheduleActivity) as ActivityInterfaceFor<A>;
}

/** Local activities by name: run by the workflow's own worker, recorded as markers. */
export function proxyLocalActivities<A = UntypedActivities>(
  options: LocalActivityOptions,
): ActivityInterfaceFor<A> {
  checkTimeouts(options);
  return proxy(options, scheduleLocalActivity) as ActivityInterfaceFor<A>;
}
