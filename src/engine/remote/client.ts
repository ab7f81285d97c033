/**
 * The driving side of the engine protocol, for any kind of worker (a Web Worker for the page,
 * worker_threads for the CLI and the bridge); requests and responses are matched by the RPC
 * helper. It is also the one watchdog, so every caller has it: a guest call that runs longer than `callLimitMs` blocks the
 * worker's thread for good, so the worker is terminated, every pending request fails with a
 * message naming the call ("did not return within 5 s (activation 3, poll-routine(0))"), and a
 * fresh worker takes its place. The thread that drives stays responsive throughout.
 */
import type { GuestCallSite } from '../host/run.ts';
import { BOARD_BYTES, CallSiteReader } from './call-site.ts';
import { RequestError, RpcClient, type ProgressOf, type RequestOptions } from '../rpc/rpc.ts';
import {
  ENGINE_PROTOCOL_VERSION,
  type EngineCall,
  type EngineCalls,
  type EngineError,
  type EngineRequest,
  type EngineResult,
  type FromWorker,
  type ToWorker,
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

/** A request that failed: `error` says what, with a code to act on. */
export class EngineRequestError extends RequestError<EngineError> {}

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
  /** Counts the workers started: whatever an earlier one held (code, runs) is gone. */
  generation = 0;
  private worker!: WorkerHandle;
  private reader!: CallSiteReader;
  private readonly rpc: RpcClient<EngineCalls, EngineError>;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The guest call seen in progress, and since when. */
  private watched: { seq: number; since: number } | undefined;
  private closed = false;

  constructor(private readonly options: EngineClientOptions) {
    this.callLimitMs = options.callLimitMs ?? DEFAULT_CALL_LIMIT_MS;
    this.rpc = new RpcClient<EngineCalls, EngineError>(
      { send: (message, transfer) => this.worker.post(message, transfer) },
      ENGINE_PROTOCOL_VERSION,
      () => this.idle(),
    );
    this.start();
  }

  /** Whether the current worker reports call sites through shared memory. */
  usesSharedMemory = false;

  /** Whether a request is unanswered. */
  get busy(): boolean {
    return this.rpc.pending > 0;
  }

  private start(): void {
    this.usesSharedMemory = (this.options.sharedMemory ?? true) && sharedMemoryAvailable();
    const board = this.usesSharedMemory ? new SharedArrayBuffer(BOARD_BYTES) : undefined;
    const reader = new CallSiteReader(board);
    const worker = this.options.spawn();
    this.generation++;
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
      this.rpc.receive(message);
    });
    worker.onCrash((reason) => {
      if (worker !== this.worker || this.closed) return;
      // A worker that died before it was ready cannot start at all: another would die too.
      if (!ready) {
        this.closed = true;
        this.rpc.failAll({
          code: 'engine-crashed',
          message: `The engine worker could not start (${reason}).`,
        });
        return;
      }
      this.replace({
        code: 'engine-crashed',
        message: `The engine worker crashed (${reason}); it was restarted.`,
      });
    });
    worker.post(board ? { kind: 'init', board } : { kind: 'init' });
  }

  request<K extends EngineCall>(
    call: K,
    request: EngineRequest<K>,
    options: RequestOptions<ProgressOf<EngineCalls, K>> = {},
  ): Promise<EngineResult<K>> {
    if (this.closed) {
      return Promise.reject(
        new EngineRequestError({ code: 'internal', message: 'The engine was closed.' }),
      );
    }
    this.timer ??= setInterval(
      () => this.check(),
      Math.max(10, Math.min(250, this.callLimitMs / 5)),
    );
    return this.rpc.request(call, request, options).catch((thrown: unknown) => {
      throw thrown instanceof RequestError ? new EngineRequestError(thrown.error) : thrown;
    });
  }

  /**
   * Ends the worker and everything it holds (a guest stuck in a loop cannot be interrupted any
   * other way) and starts a fresh one; pending requests fail with `error`. The Stop button.
   */
  restart(error: EngineError): void {
    if (!this.closed) this.replace(error, false);
  }

  /** Stops the worker; pending requests fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.terminate();
    this.rpc.failAll({ code: 'internal', message: 'The engine was closed.' });
  }

  private idle(): void {
    if (!this.timer) return;
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
    this.replace({
      code: 'watchdog',
      message:
        `The workflow code did not return within ${seconds} s (${describeCallSite(state.site)}). ` +
        `The engine was stopped and restarted.`,
      ...(state.site ? { site: state.site } : {}),
    });
  }

  /** A fresh worker for one that is stuck or dead; `tell`: say so through `onRestart`. */
  private replace(error: EngineError, tell = true): void {
    this.worker.terminate();
    this.rpc.failAll(error);
    this.start();
    if (tell) this.options.onRestart?.(error);
  }
}
