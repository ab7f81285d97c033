/**
 * The driving thread's side of the protocol, for any kind of worker. Besides matching responses
 * to requests it is the watchdog: a guest call that runs longer than `callLimitMs` blocks the
 * worker's thread for good, so the worker is terminated, every pending request fails with a
 * message naming the call ("did not return within 5 s (activation 3, poll-routine(0))"), and a
 * fresh worker takes its place. The thread that drives stays responsive throughout.
 */
import type { GuestCallSite } from '../host/run.ts';
import { BOARD_BYTES, CallSiteReader } from './call-site.ts';
import type {
  EngineCall,
  EngineError,
  EngineRequest,
  EngineResult,
  FromWorker,
  ToWorker,
} from './protocol.ts';

/** A started worker, as the client needs it. */
export interface WorkerHandle {
  post(message: ToWorker, transfer?: Transferable[]): void;
  onMessage(handler: (message: FromWorker) => void): void;
  /** The worker died on its own (an uncaught error, running out of memory). */
  onCrash(handler: (reason: string) => void): void;
  terminate(): void;
}

export interface EngineClientOptions {
  spawn: () => WorkerHandle;
  /** Longest a single guest call may run, in milliseconds (default 5000). */
  callLimitMs?: number;
  /** Report call sites through shared memory when the platform allows it (default true). */
  sharedMemory?: boolean;
  /** Told after the worker was replaced: code loaded into the old one is gone. */
  onRestart?: (error: EngineError) => void;
}

export const DEFAULT_CALL_LIMIT_MS = 5000;

export class EngineRequestError extends Error {
  constructor(readonly error: EngineError) {
    super(error.message);
  }
}

function sharedMemoryAvailable(): boolean {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return typeof SharedArrayBuffer !== 'undefined' && isolated !== false;
}

/** "activation 3, poll-routine(0)" (activations counted from 1), or the loading step. */
export function describeCallSite(site: GuestCallSite | undefined): string {
  if (!site) return 'a guest call';
  return site.activation >= 0
    ? `activation ${site.activation + 1}, ${site.call}`
    : `while loading, in ${site.call}`;
}

export class EngineClient {
  /** Longest a single guest call may run, in milliseconds; may be changed at any time. */
  callLimitMs: number;
  private worker!: WorkerHandle;
  private reader!: CallSiteReader;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: never) => void; reject: (error: Error) => void }
  >();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The guest call seen in progress, and since when. */
  private watched: { seq: number; since: number } | undefined;
  private closed = false;

  constructor(private readonly options: EngineClientOptions) {
    this.callLimitMs = options.callLimitMs ?? DEFAULT_CALL_LIMIT_MS;
    this.start();
  }

  /** Whether the current worker reports call sites through shared memory. */
  usesSharedMemory = false;

  private start(): void {
    this.usesSharedMemory = (this.options.sharedMemory ?? true) && sharedMemoryAvailable();
    const board = this.usesSharedMemory ? new SharedArrayBuffer(BOARD_BYTES) : undefined;
    const reader = new CallSiteReader(board);
    const worker = this.options.spawn();
    this.reader = reader;
    this.worker = worker;
    this.watched = undefined;
    let ready = false;
    worker.onMessage((message) => {
      if (worker !== this.worker) return;
      if (message.kind === 'ready') {
        ready = true;
        return;
      }
      if (message.kind === 'call-site') {
        reader.receive(message.site ? { seq: message.seq, site: message.site } : message);
        return;
      }
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      this.idleCheck();
      if (message.ok) waiter.resolve(message.result as never);
      else waiter.reject(new EngineRequestError(message.error));
    });
    worker.onCrash((reason) => {
      if (worker !== this.worker || this.closed) return;
      // A worker that died before it was ready cannot start at all: another would die too.
      if (!ready) {
        this.closed = true;
        this.failPending({
          code: 'engine-crashed',
          message: `The engine worker could not start (${reason}).`,
        });
        return;
      }
      this.restart({
        code: 'engine-crashed',
        message: `The engine worker crashed (${reason}); it was restarted. Load the component again to continue.`,
      });
    });
    worker.post(board ? { kind: 'init', board } : { kind: 'init' });
  }

  request<K extends EngineCall>(
    call: K,
    request: EngineRequest<K>,
    transfer: Transferable[] = [],
  ): Promise<EngineResult<K>> {
    if (this.closed) {
      return Promise.reject(
        new EngineRequestError({ code: 'internal', message: 'The engine was closed.' }),
      );
    }
    const id = this.nextId++;
    return new Promise<EngineResult<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.timer ??= setInterval(
        () => this.check(),
        Math.max(10, Math.min(250, this.callLimitMs / 5)),
      );
      this.worker.post({ kind: 'request', id, call, request } as ToWorker, transfer);
    });
  }

  /** Stops the worker; pending requests fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.terminate();
    this.failPending({ code: 'internal', message: 'The engine was closed.' });
  }

  private idleCheck(): void {
    if (this.pending.size > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const state = this.reader.read();
    const now = performance.now();
    if (state.seq % 2 === 0) {
      this.watched = undefined;
      return;
    }
    if (this.watched?.seq !== state.seq) {
      this.watched = { seq: state.seq, since: now };
      return;
    }
    if (now - this.watched.since < this.callLimitMs) return;
    const seconds = +(this.callLimitMs / 1000).toFixed(3);
    this.restart({
      code: 'watchdog',
      message:
        `The workflow code did not return within ${seconds} s (${describeCallSite(state.site)}). ` +
        `The engine was stopped and restarted; load the component again to continue.`,
      ...(state.site ? { site: state.site } : {}),
    });
  }

  private restart(error: EngineError): void {
    this.worker.terminate();
    this.failPending(error);
    this.start();
    this.options.onRestart?.(error);
  }

  private failPending(error: EngineError): void {
    const waiters = [...this.pending.values()];
    this.pending.clear();
    this.idleCheck();
    for (const waiter of waiters) waiter.reject(new EngineRequestError(error));
  }
}
