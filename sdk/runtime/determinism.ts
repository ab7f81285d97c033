/**
 * Replaces the globals through which JavaScript reaches the outside world with deterministic ones,
 * before any workflow module is evaluated (the build's entry imports install.ts first):
 *
 * - `Math.random()`, `crypto.getRandomValues()` and `crypto.randomUUID()` draw from the run's
 *   generator, seeded by InitializeWorkflow and re-seeded by UpdateRandomSeed;
 * - `Date.now()`, `new Date()` and `performance.now()` read workflow time, the timestamp of the
 *   current activation (the workflow task's start);
 * - `setTimeout`/`clearTimeout` become durable workflow timers, as in the TypeScript SDK;
 * - `setInterval`, `fetch`, `WeakRef` and `FinalizationRegistry` throw DeterminismViolationError;
 * - `console.*` goes to the workflow logger.
 *
 * The component itself cannot reach clocks, randomness or I/O anyway (its WASI features are
 * disabled); without these replacements StarlingMonkey would still answer Date.now() and
 * Math.random() from the state frozen into the component when it was built.
 *
 * Outside a run (while modules load, i.e. while the component is snapshotted) time is 0 and
 * randomness comes from a fixed seed, so even top-level code is reproducible.
 */
import { CancellationScope } from '../cancellation-scope.ts';
import { DeterminismViolationError, IllegalStateError } from '../failures.ts';
import { log } from '../log.ts';
import { uuid4 } from '../random.ts';
import { sleep } from '../sleep.ts';
import { currentFrame } from './async-context.ts';
import { SdkFlags } from './flags.ts';
import { Prng } from './prng.ts';

const moduleLoadRandom = new Prng(0);

function random(): number {
  return (currentFrame()?.run.random ?? moduleLoadRandom).next();
}

function now(): number {
  return currentFrame()?.run.now ?? 0;
}

/** A function (and constructor, for WeakRef and the like) that refuses to run. */
function forbidden(what: string, instead: string): () => never {
  return function refuse(): never {
    throw new DeterminismViolationError(
      `${what} is not allowed in workflow code: it would make replay diverge. ${instead}`,
    );
  };
}

function installDate(): void {
  const NativeDate = Date;
  // Called without `new`, Date() returns a string; with `new` and no arguments, workflow time.
  function WorkflowDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new NativeDate(now()).toString();
    return args.length === 0
      ? new NativeDate(now())
      : new (NativeDate as new (...a: unknown[]) => Date)(...args);
  }
  WorkflowDate.prototype = NativeDate.prototype;
  WorkflowDate.now = now;
  WorkflowDate.parse = NativeDate.parse;
  WorkflowDate.UTC = NativeDate.UTC;
  globalThis.Date = WorkflowDate as unknown as DateConstructor;
}

function installTimers(): void {
  const setWorkflowTimeout = (handler: unknown, delay = 0, ...args: unknown[]): number => {
    const frame = currentFrame();
    if (!frame) throw new IllegalStateError('setTimeout may only be used while a workflow runs.');
    if (typeof handler !== 'function')
      throw new TypeError('setTimeout in workflow code takes a function, not source text');
    // The TS SDK consults flag 1 here (its old path made the same StartTimer command without a
    // scope of its own); consulting it too records the flag in the same task as that SDK would.
    frame.run.hasFlag(SdkFlags.NonCancellableScopesAreShieldedFromPropagation);
    const scope = new CancellationScope();
    const handle = frame.run.newTimeoutHandle(scope);
    scope
      .run(() => sleep(delay))
      .then(
        () => {
          frame.run.timeouts.delete(handle);
          (handler as (...a: unknown[]) => void)(...args);
        },
        () => frame.run.timeouts.delete(handle),
      );
    return handle;
  };
  const clearWorkflowTimeout = (handle: unknown): void => {
    currentFrame()
      ?.run.timeouts.get(handle as number)
      ?.cancel();
  };
  Object.assign(globalThis, {
    setTimeout: setWorkflowTimeout,
    clearTimeout: clearWorkflowTimeout,
    setInterval: forbidden('setInterval()', 'Loop over `await sleep(ms)` instead.'),
    clearInterval: forbidden('clearInterval()', 'Loop over `await sleep(ms)` instead.'),
  });
}

function installRandom(): void {
  Math.random = random;
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (!crypto) return;
  Object.defineProperty(crypto, 'getRandomValues', {
    configurable: true,
    writable: true,
    value: <T extends ArrayBufferView | null>(array: T): T => {
      if (!array) return array;
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      return array;
    },
  });
  Object.defineProperty(crypto, 'randomUUID', { configurable: true, writable: true, value: uuid4 });
}

function installConsole(): void {
  const toText = (args: unknown[]) =>
    args
      .map((a) =>
        typeof a === 'string' ? a : a instanceof Error ? (a.stack ?? a.message) : JSON.stringify(a),
      )
      .join(' ');
  const to =
    (level: keyof typeof log) =>
    (...args: unknown[]) => {
      if (currentFrame()) log[level](toText(args));
    };
  Object.assign(globalThis.console, {
    log: to('info'),
    info: to('info'),
    debug: to('debug'),
    trace: to('trace'),
    warn: to('warn'),
    error: to('error'),
  });
}

let installed = false;

export function installDeterminism(): void {
  if (installed) return;
  installed = true;
  installDate();
  installTimers();
  installRandom();
  installConsole();
  const performance = (globalThis as { performance?: { now(): number } }).performance;
  if (performance) Object.defineProperty(performance, 'now', { configurable: true, value: now });
  Object.assign(globalThis, {
    fetch: forbidden('fetch()', 'Call an activity to do I/O.'),
    WeakRef: forbidden('WeakRef', 'Its behaviour depends on garbage collection timing.'),
    FinalizationRegistry: forbidden(
      'FinalizationRegistry',
      'Its behaviour depends on garbage collection timing.',
    ),
  });
}
