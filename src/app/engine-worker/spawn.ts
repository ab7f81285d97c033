/** The engine's Web Worker, as the engine's client drives any worker (src/engine/remote/client.ts). */
import type { WorkerHandle } from '../../engine/remote/client.ts';
import type { FromWorker } from '../../engine/remote/protocol.ts';

export function spawnEngineWorker(): WorkerHandle {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'engine',
  });
  let crash: (reason: string) => void = () => {};
  // An error no handler caught: the worker's state cannot be trusted any more.
  worker.onerror = (event) => crash(event.message || 'the worker failed to load');
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    onMessage: (handler) => {
      worker.onmessage = (event: MessageEvent<FromWorker>) => handler(event.data);
    },
    onCrash: (handler) => {
      crash = handler;
    },
    terminate: () => worker.terminate(),
  };
}
