/**
 * Workflow time: `sleep` starts a durable timer on the Temporal service; `condition` waits for a
 * predicate over workflow state, optionally with a timeout (a timer raced against it).
 */
import { CancellationScope } from './cancellation-scope.ts';
import { msToDuration, toMs, type Duration } from './duration.ts';
import { composeInterceptors, type TimerInput, type TimerOptions } from './interceptors.ts';
import { toPayload } from '../src/engine/proto/payload.ts';
import { currentRun, captureSite } from './runtime/run.ts';

/** A command's one-line summary, shown by Temporal UIs (`WorkflowCommand.user_metadata`). */
/** What Temporal UIs show for a command: a one-line summary and (child workflows) details. */
export function userMetadata(summary: string | undefined, details?: string) {
  if (summary === undefined && details === undefined) return undefined;
  return {
    summary: summary === undefined ? undefined : toPayload(summary),
    details: details === undefined ? undefined : toPayload(details),
  };
}

function startTimer({ seq, durationMs, options }: TimerInput): Promise<void> {
  const run = currentRun('sleep');
  const scope = CancellationScope.current();
  return new Promise<void>((resolve, reject) => {
    if (scope.consideredCancelled) return reject(scope.reason);
    const site = run.pushCommand({
      startTimer: { seq, startToFireTimeout: msToDuration(durationMs) },
      userMetadata: userMetadata(options?.summary),
    });
    const stopListening = scope.cancellable
      ? scope.onCancel((reason) => {
          if (!run.completions.timer.delete(seq)) return;
          run.pushCommand({ cancelTimer: { seq } }, site);
          reject(reason);
        })
      : () => undefined;
    run.completions.timer.set(seq, {
      waiter: run.waiter(site),
      resolve: () => {
        stopListening();
        resolve();
      },
      reject: (error) => {
        stopListening();
        reject(error);
      },
    });
  });
}

/** Waits `duration` of workflow time (at least 1 ms) on a durable timer. */
export function sleep(duration: Duration, options?: TimerOptions): Promise<void> {
  const run = currentRun('sleep');
  const durationMs = Math.max(1, toMs(duration));
  const seq = run.nextSeq('timer');
  return composeInterceptors(run.outbound, 'startTimer', startTimer)({ durationMs, seq, options });
}

function blockOn(fn: () => boolean): Promise<void> {
  const run = currentRun('condition');
  const scope = CancellationScope.current();
  return new Promise<void>((resolve, reject) => {
    if (scope.consideredCancelled) return reject(scope.reason);
    const seq = run.nextSeq('condition');
    const stopListening = scope.cancellable
      ? scope.onCancel((reason) => {
          if (run.conditions.delete(seq)) reject(reason);
        })
      : () => undefined;
    if (fn()) {
      stopListening();
      return resolve();
    }
    run.conditions.set(seq, {
      fn,
      waiter: run.waiter(captureSite()),
      resolve: () => {
        stopListening();
        resolve();
      },
    });
  });
}

/**
 * Resolves once `fn()` is true; `fn` is checked now and again after workflow code has run.
 * With a timeout, resolves to true when `fn()` became true first, false when the timeout won.
 */
export function condition(fn: () => boolean): Promise<void>;
export function condition(
  fn: () => boolean,
  timeout: Duration,
  options?: TimerOptions,
): Promise<boolean>;
export function condition(
  fn: () => boolean,
  timeout?: Duration,
  options?: TimerOptions,
): Promise<void | boolean> {
  currentRun('condition');
  if (timeout === undefined) return blockOn(fn);
  return CancellationScope.cancellable(async () => {
    try {
      return await Promise.race([
        sleep(timeout, options).then(() => false),
        blockOn(fn).then(() => true),
      ]);
    } finally {
      CancellationScope.current().cancel();
    }
  });
}
