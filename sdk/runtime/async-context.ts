/**
 * Which run, cancellation scope and update a piece of workflow code belongs to, carried across
 * `await` the way AsyncLocalStorage carries it in the TypeScript SDK's sandbox.
 *
 * StarlingMonkey has no AsyncLocalStorage or AsyncContext. Instead the build lowers every
 * `async`/`await` to generators driven by `Promise.prototype.then` (esbuild's `supported` option,
 * see src/node/build/bundle.ts), and `then` is wrapped here: a reaction runs in the frame that was
 * current when it was registered. Native `await` would bypass `then`; the build guarantees none
 * is left.
 *
 * `queueMicrotask` is rebuilt on `then`, so its callbacks keep the frame too.
 *
 * The wrapper also counts reactions as they run. StarlingMonkey runs them only after an exported
 * call has returned, so the next call learns from the count whether workflow code moved since
 * (see the routine model in guest.ts).
 */
import type { CancellationScope } from '../cancellation-scope.ts';
import type { UpdateInfo } from '../handlers.ts';
import type { WorkflowRun } from './run.ts';

export interface Frame {
  readonly run: WorkflowRun;
  readonly scope: CancellationScope;
  /** Set while an update handler (and what it awaits) runs. */
  readonly update?: UpdateInfo;
  /** Set while a signal handler (and what it awaits) runs: the signal's name. */
  readonly signal?: string;
}

/** Which routine code in `frame` belongs to, as `__stack_trace` names it. */
export function routineOf(frame: Frame | undefined): string {
  if (frame?.update) return `update handler "${frame.update.name}" (id ${frame.update.id})`;
  if (frame?.signal !== undefined) return `signal handler "${frame.signal}"`;
  return 'main';
}

let current: Frame | undefined;
let reactionsRun = 0;
let installed = false;

export function currentFrame(): Frame | undefined {
  return current;
}

/** Runs `fn` synchronously in `frame`; reactions registered meanwhile keep that frame. */
export function inFrame<T>(frame: Frame, fn: () => T): T {
  const outer = current;
  current = frame;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/** Reactions run since the last call, and resets the count. */
export function takeReactionCount(): number {
  const count = reactionsRun;
  reactionsRun = 0;
  return count;
}

type Reaction = ((value: unknown) => unknown) | null | undefined;

function bind(reaction: Reaction, frame: Frame | undefined): Reaction {
  if (typeof reaction !== 'function') return reaction;
  return (value) => {
    const outer = current;
    current = frame;
    reactionsRun++;
    try {
      return reaction(value);
    } finally {
      current = outer;
    }
  };
}

export function installAsyncContext(): void {
  if (installed) return;
  installed = true;
  const then = Promise.prototype.then as (
    this: Promise<unknown>,
    onFulfilled: Reaction,
    onRejected: Reaction,
  ) => Promise<unknown>;
  Object.defineProperty(Promise.prototype, 'then', {
    configurable: true,
    writable: true,
    value: function contextThen(
      this: Promise<unknown>,
      onFulfilled: Reaction,
      onRejected: Reaction,
    ) {
      return then.call(this, bind(onFulfilled, current), bind(onRejected, current));
    },
  });
  // StarlingMonkey's own queueMicrotask never runs its callback in a component without an event
  // loop; a promise reaction is a microtask that does run (and carries the frame).
  const resolved = Promise.resolve();
  globalThis.queueMicrotask = (callback) => void resolved.then(() => callback());
}
