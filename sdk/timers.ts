/**
 * Workflow time: `condition` waits for a predicate over workflow state, optionally with a timeout
 * (a timer raced against it); `sleep` (sleep.ts) starts a durable timer.
 */
import { CancellationScope } from './cancellation-scope.ts';
import type { Duration } from './duration.ts';
import type { TimerOptions } from './interceptors.ts';
import { captureSite, currentRun } from './runtime/current.ts';
import { sleep } from './sleep.ts';

export { sleep } from './sleep.ts';

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
