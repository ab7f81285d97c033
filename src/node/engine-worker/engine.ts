/**
 * The engine in a worker thread, for the CLI and tests: a guest that never returns is stopped
 * by terminating the thread (see src/engine/remote/client.ts), and the process goes on.
 */
import { Worker } from 'node:worker_threads';
import {
  EngineClient,
  type EngineClientOptions,
  type WorkerHandle,
} from '../../engine/remote/client.ts';
import type { FromWorker } from '../../engine/remote/protocol.ts';

/**
 * The thread's entry: from the sources (tests, tsx), boot.js registers tsx for worker.ts; in the
 * CLI's bundle (bin/cli-bundle.js) the worker is its own compiled file beside the bundle.
 */
const BOOT = import.meta.url.endsWith('.ts')
  ? new URL('./boot.js', import.meta.url)
  : new URL('./engine-worker.js', import.meta.url);

export function spawnWorker(): WorkerHandle {
  const worker = new Worker(BOOT, { name: 'workflow-playground engine' });
  // The driving thread decides when the process ends, not an idle engine.
  worker.unref();
  let terminating = false;
  let crash: (reason: string) => void = () => {};
  worker.on('error', (error: Error) => crash(error.message));
  worker.on('exit', (code) => {
    if (!terminating) crash(`the worker thread exited with code ${code}`);
  });
  return {
    post: (message, transfer = []) =>
      worker.postMessage(
        message,
        transfer as readonly import('node:worker_threads').Transferable[],
      ),
    onMessage: (handler) => worker.on('message', (message: FromWorker) => handler(message)),
    onCrash: (handler) => {
      crash = handler;
    },
    terminate: () => {
      terminating = true;
      void worker.terminate();
    },
  };
}

export function createNodeEngine(options: Omit<EngineClientOptions, 'spawn'> = {}): EngineClient {
  return new EngineClient({ ...options, spawn: spawnWorker });
}
