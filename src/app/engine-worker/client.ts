/** The page's side of the engine worker: typed request/response over postMessage. */
import type { EngineError, EngineRequest, EngineResponse, EngineResults } from './protocol.ts';

export class EngineRequestError extends Error {
  constructor(readonly error: EngineError) {
    super(error.message);
  }
}

export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();

  constructor() {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'engine',
    });
    this.worker.onmessage = (event: MessageEvent<EngineResponse>) => {
      const response = event.data;
      const waiter = this.pending.get(response.id);
      if (!waiter) return;
      this.pending.delete(response.id);
      if (response.ok) waiter.resolve(response.result);
      else waiter.reject(new EngineRequestError(response.error));
    };
    this.worker.onerror = (event) => {
      const error = new EngineRequestError({
        code: 'internal',
        message: `The engine worker crashed: ${event.message}`,
      });
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
  }

  request<R extends EngineRequest>(
    request: R,
    transfer: Transferable[] = [],
  ): Promise<EngineResults[R['type']]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }
}
