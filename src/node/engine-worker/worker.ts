/** The engine in a Node worker thread (started through boot.js). */
import { parentPort } from 'node:worker_threads';
import type { ToWorker } from '../../engine/remote/protocol.ts';
import { serveEngine } from '../../engine/remote/serve.ts';
import { DiskTranspileStore } from './transpile-store.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread (see boot.js)');

serveEngine(
  {
    post: (message, transfer = []) =>
      port.postMessage(message, transfer as import('node:worker_threads').Transferable[]),
    listen: (handler) => port.on('message', (message: ToWorker) => handler(message)),
  },
  // WORKFLOW_PLAYGROUND_CACHE=off transpiles every component afresh.
  process.env['WORKFLOW_PLAYGROUND_CACHE'] === 'off'
    ? {}
    : { transpileStore: new DiskTranspileStore() },
);
