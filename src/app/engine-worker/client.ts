/** The page's side of the engine worker: typed request/response over postMessage. */
import type {
  EngineError,
  EngineRequest,
  EngineResponse,
  EngineResults,
  ProgressNote,
} from './protocol.ts';

export class EngineRequestError extends Error {
  constructor(readonly error: EngineError) {
    super(error.message);
  }
}

/** Requests that run no workflow code: a worker stuck in one of these is the host's fault. */
const HOST_ONLY: ReadonlySet<EngineRequest['type']> = new Set([
  'export-history',
  'pause',
  'toggle-breakpoint',
  'set-breakpoints',
  'event-detail',
  'step-detail',
  'determinism',
  'filter-events',
  'check-history',
  'history-schema',
  'set-codec-server',
  'share-link',
  'share-bundle',
  'fetch-shared-history',
  'fetch-shared-component',
]);

interface Waiter {
  type: EngineRequest['type'];
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  progress?: (note: ProgressNote) => void;
}

export class EngineClient {
  /** Counts restarts: whatever the worker held before a restart (components, runs) is gone. */
  generation = 0;
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Waiter>();

  constructor() {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'engine',
    });
    worker.onmessage = (event: MessageEvent<EngineResponse>) => {
      const response = event.data;
      const waiter = this.pending.get(response.id);
      if (!waiter) return;
      if ('progress' in response) {
        waiter.progress?.(response.progress);
        return;
      }
      this.pending.delete(response.id);
      if (response.ok) waiter.resolve(response.result);
      else waiter.reject(new EngineRequestError(response.error));
    };
    worker.onerror = (event) => {
      this.failAll(`The engine worker crashed: ${event.message}`);
    };
    return worker;
  }

  private failAll(message: string, code: EngineError['code'] = 'internal'): void {
    const error = new EngineRequestError({ code, message });
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  /**
   * The host-only request the worker is still on, if the oldest unanswered one is such (the
   * worker takes requests in order): then a silent worker is not the workflow code's doing.
   */
  get stuckInHost(): EngineRequest['type'] | undefined {
    const oldest = this.pending.values().next().value;
    return oldest && HOST_ONLY.has(oldest.type) ? oldest.type : undefined;
  }

  /**
   * Ends the worker and everything it holds (a guest stuck in a loop cannot be interrupted any
   * other way) and starts a fresh one; pending requests fail with `reason` and `code`.
   */
  restart(reason: string, code: EngineError['code'] = 'internal'): void {
    this.worker.terminate();
    this.generation++;
    this.failAll(reason, code);
    this.worker = this.spawn();
  }

  request<R extends EngineRequest>(
    request: R,
    options: { transfer?: Transferable[]; progress?: (note: ProgressNote) => void } = {},
  ): Promise<EngineResults[R['type']]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        type: request.type,
        resolve: resolve as (v: unknown) => void,
        reject,
        ...(options.progress ? { progress: options.progress } : {}),
      });
      this.worker.postMessage({ ...request, id }, options.transfer ?? []);
    });
  }
}
