/**
 * The engine behind src/engine/remote's protocol (load code, start runs, activate, with the call
 * watchdog) over a module Web Worker. The bridge client drives it; the debugger uses the
 * workbench worker instead (src/app/engine-worker/).
 */
import {
  EngineClient,
  type EngineClientOptions,
  type WorkerHandle,
} from '../../engine/remote/client.ts';
import type { FromWorker } from '../../engine/remote/protocol.ts';

function spawnWorker(): WorkerHandle {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'engine',
  });
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    onMessage: (handler) => {
      worker.onmessage = (event: MessageEvent<FromWorker>) => handler(event.data);
    },
    onCrash: (handler) => {
      worker.onerror = (event) => {
        event.preventDefault();
        handler(event.message || 'the worker failed to start');
      };
    },
    terminate: () => worker.terminate(),
  };
}

export function createBrowserEngine(options: Omit<EngineClientOptions, 'spawn'>): EngineClient {
  return new EngineClient({ ...options, spawn: spawnWorker });
}
