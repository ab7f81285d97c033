/**
 * `Trigger`: a promise that workflow code resolves or rejects from elsewhere (typically a signal
 * handler), as in the TypeScript SDK. Created in a cancellable scope, it rejects when that scope
 * is cancelled, so `await trigger` never outlives the scope waiting on it.
 */
import { CancellationScope } from './cancellation-scope.ts';

export class Trigger<T> implements PromiseLike<T> {
  readonly resolve: (value: T | PromiseLike<T>) => void;
  readonly reject: (reason?: unknown) => void;
  protected readonly promise: Promise<T>;

  constructor() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    this.promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.resolve = resolve;
    this.reject = reject;
    const scope = CancellationScope.current();
    if (scope.cancellable) {
      // A listener (not `cancelRequested`) also hears cancellation coming from parent scopes.
      const stopListening = scope.onCancel(reject);
      this.promise.then(stopListening, stopListening);
    } else {
      // Nobody has to await a trigger; its rejection must not count as unhandled.
      this.promise.catch(() => undefined);
    }
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return this.promise.then(onfulfilled, onrejected);
  }
}
