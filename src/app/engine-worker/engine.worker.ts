/**
 * The engine's home in the browser: the same worker side Node's worker thread runs
 * (src/engine/remote/serve.ts), so the page never blocks and a runaway guest can be stopped by
 * terminating the worker. The page adds what only it has: the bundled examples' activities.
 */
import { serveEngine } from '../../engine/remote/serve.ts';
import type { ToWorker } from '../../engine/remote/protocol.ts';
import { exampleActivities } from './example-activities.ts';

serveEngine(
  {
    post: (message, transfer = []) => self.postMessage(message, { transfer }),
    listen: (handler) => {
      self.onmessage = (event: MessageEvent<ToWorker>) => handler(event.data);
    },
  },
  { activities: exampleActivities },
);
