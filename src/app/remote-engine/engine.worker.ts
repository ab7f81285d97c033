/**
 * The engine's home in the browser. Transpiling, compiling and running workflow code all happen
 * here, so the page never blocks, and a guest that never returns is stopped by terminating this
 * worker (the page's EngineClient does that and starts a new one).
 */
import type { ToWorker } from '../../engine/remote/protocol.ts';
import { serveEngine } from '../../engine/remote/serve.ts';

serveEngine({
  post: (message) => self.postMessage(message),
  listen: (handler) => {
    self.onmessage = (event: MessageEvent<ToWorker>) => handler(event.data);
  },
});
