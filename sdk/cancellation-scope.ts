/**
 * Cancellation scopes, as in the TypeScript SDK: every timer, activity, child workflow, condition
 * and signal to another workflow belongs to the scope current when it started. Cancelling a scope
 * cancels what it holds (a timer or condition rejects at once with CancelledFailure; an activity
 * or child workflow is asked to cancel and rejects when Temporal reports the outcome) and every
 * cancellable scope beneath it. A non-cancellable scope shields what it holds, including its own
 * child scopes, from cancellation of the scopes above it (or of itself). Workflow cancellation
 * cancels the root.
 *
 * Shielding child scopes is gated by the TS SDK's lang flag 1, as in that SDK: on a task replayed
 * from a history recorded without the flag, cancellation reaching a non-cancellable scope passes
 * on to its child scopes (the behaviour before TS SDK 1.10.2).
 */
import type { Duration } from './duration.ts';
import { CancelledFailure, IllegalStateError } from './failures.ts';
import { currentFrame, inFrame } from './runtime/async-context.ts';
import { currentScope } from './runtime/current.ts';
import { SdkFlags } from './runtime/flags.ts';
import { sleep } from './sleep.ts';

export interface CancellationScopeOptions {
  /** Default true. A non-cancellable scope ignores cancellation from the scopes above it. */
  cancellable?: boolean;
  /** Default: the current scope. */
  parent?: CancellationScope;
  /** Cancel the scope when this much workflow time has passed (starts a timer). */
  timeout?: Duration;
}

type CancelListener = (reason: CancelledFailure) => void;

export class CancellationScope {
  readonly cancellable: boolean;
  readonly parent?: CancellationScope;
  /** Rejects with the cancellation reason once cancellation is requested. */
  readonly cancelRequested: Promise<never>;
  protected readonly timeout?: Duration;
  #reason?: CancelledFailure;
  #reject!: (reason: CancelledFailure) => void;
  readonly #listeners = new Set<CancelListener>();
  /** Unsubscribes from the parent; set while this scope listens to it. */
  #detach?: () => void;
  /** The parent is non-cancellable and was cancelled, and lang flag 1 kept that from this scope. */
  #shielded = false;
  #running = 0;

  constructor(options: CancellationScopeOptions = {}, root = false) {
    this.cancellable = options.cancellable ?? true;
    this.timeout = options.timeout;
    this.cancelRequested = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    // Nobody has to observe cancelRequested; keep its rejection from counting as unhandled.
    this.cancelRequested.catch(() => undefined);
    if (root) return;
    this.parent = options.parent ?? CancellationScope.current();
    // A parent cancelled already passes it on now (the TS SDK decides at construction too).
    const parentReason = this.parent.reason;
    if (parentReason) this.#inherit(parentReason);
    this.#attach();
  }

  /** Cancellation was requested and this scope lets it through. */
  get consideredCancelled(): boolean {
    return this.reason !== undefined && this.cancellable;
  }

  /** Why the scope was cancelled, once it was (directly or through a cancellable parent). */
  get reason(): CancelledFailure | undefined {
    // A scope that holds nothing stops listening to its parent (see #detachIfIdle), so it also
    // looks the parent's state up.
    if (!this.#reason && !this.#shielded) {
      const inherited = this.parent?.reason;
      if (inherited) this.#inherit(inherited);
    }
    return this.#reason;
  }

  /**
   * The parent was cancelled: so is this scope, unless the parent is non-cancellable and lang
   * flag 1 applies. The flag is consulted only then, as the TS SDK does (so a task executed for
   * the first time reports it exactly when the TS SDK would).
   */
  #inherit(reason: CancelledFailure): void {
    const shields =
      !this.parent!.cancellable &&
      (currentFrame()?.run.hasFlag(SdkFlags.NonCancellableScopesAreShieldedFromPropagation) ??
        true);
    if (shields) this.#shielded = true;
    else this.cancelWith(reason);
  }

  /**
   * Calls `listener` when the scope is cancelled (at once if it already was); returns a function
   * that unregisters it, for operations that finish first.
   */
  onCancel(listener: CancelListener): () => void {
    const reason = this.reason;
    if (reason) {
      listener(reason);
      return () => undefined;
    }
    this.#attach();
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
      this.#detachIfIdle();
    };
  }

  /** Runs `fn` in this scope: what it starts, even after awaiting, belongs to the scope. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const frame = currentFrame();
    if (!frame)
      throw new IllegalStateError('CancellationScope.run() may only be used in a workflow.');
    this.#running++;
    this.#attach();
    return inFrame({ ...frame, scope: this }, () => this.runInScope(fn)).finally(() => {
      this.#running--;
      this.#detachIfIdle();
    });
  }

  private async runInScope<T>(fn: () => Promise<T>): Promise<T> {
    if (this.timeout === undefined) return fn();
    const timerScope = new CancellationScope();
    timerScope
      .run(() => sleep(this.timeout!))
      .then(
        () => this.cancel(),
        () => undefined,
      );
    try {
      return await fn();
    } finally {
      // Before lang flag 1 the TS SDK left the timer running; replaying such a history, so do we.
      // Checked only when the timer is still pending, as the TS SDK does (that is when it reports).
      if (
        !timerScope.consideredCancelled &&
        (currentFrame()?.run.hasFlag(SdkFlags.NonCancellableScopesAreShieldedFromPropagation) ??
          true)
      )
        timerScope.cancel();
    }
  }

  cancel(): void {
    this.cancelWith(new CancelledFailure('Cancellation scope cancelled'));
  }

  protected cancelWith(reason: CancelledFailure): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#detach?.();
    this.#detach = undefined;
    this.#reject(reason);
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener(reason);
  }

  #attach(): void {
    if (this.#detach || this.#reason || this.#shielded || !this.parent) return;
    this.#detach = this.parent.onCancel((reason) => {
      // The parent dropped its listeners as it called them.
      this.#detach = undefined;
      this.#inherit(reason);
    });
  }

  /**
   * Long-lived scopes (the root above all) would otherwise keep a listener for every scope ever
   * made beneath them; a scope with nothing running and nothing to cancel lets go of its parent.
   */
  #detachIfIdle(): void {
    if (this.#running > 0 || this.#listeners.size > 0 || !this.#detach) return;
    this.#detach();
    this.#detach = undefined;
  }

  /** The scope of the code calling this; the root scope outside any `run`. */
  static current(): CancellationScope {
    return currentScope('CancellationScope.current');
  }

  static cancellable<T>(fn: () => Promise<T>): Promise<T> {
    return new CancellationScope({ cancellable: true }).run(fn);
  }

  static nonCancellable<T>(fn: () => Promise<T>): Promise<T> {
    return new CancellationScope({ cancellable: false }).run(fn);
  }

  static withTimeout<T>(timeout: Duration, fn: () => Promise<T>): Promise<T> {
    return new CancellationScope({ cancellable: true, timeout }).run(fn);
  }
}

/** The scope workflow cancellation (a CancelWorkflow job) cancels. */
export class RootCancellationScope extends CancellationScope {
  constructor() {
    super({ cancellable: true }, true);
  }

  override cancel(message = 'Workflow cancelled'): void {
    this.cancelWith(new CancelledFailure(message));
  }
}
