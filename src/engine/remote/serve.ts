/**
 * The worker's side of the protocol, whatever the worker is: requests are served one at a time,
 * in arrival order (the engine's state — loaded code, runs — is not shared between concurrent
 * requests), and every failure becomes an error response; nothing escapes.
 */
import { DrivenRunError } from '../host/driven-runs.ts';
import { describeThrown, HostError } from '../host/errors.ts';
import type { TranspileStore } from '../host/transpile.ts';
import { CallSiteWriter } from './call-site.ts';
import { createEngineHandlers, EngineRequestFailure, type EngineHandlers } from './handlers.ts';
import type { EngineError, FromWorker, ToWorker } from './protocol.ts';

/** How a worker talks to the thread that drives it. */
export interface WorkerPort {
  post(message: FromWorker): void;
  listen(handler: (message: ToWorker) => void): void;
}

function toError(thrown: unknown): EngineError {
  if (
    thrown instanceof HostError ||
    thrown instanceof EngineRequestFailure ||
    thrown instanceof DrivenRunError
  )
    return { code: thrown.code, message: thrown.message };
  return { code: 'internal', message: `Internal error: ${describeThrown(thrown)}` };
}

export function serveEngine(port: WorkerPort, transpileStore?: TranspileStore): void {
  let handlers: EngineHandlers | undefined;
  let queue = Promise.resolve();
  port.listen((message) => {
    if (message.kind === 'init') {
      const writer = new CallSiteWriter(message.board, (state) =>
        port.post({ kind: 'call-site', ...state }),
      );
      handlers = createEngineHandlers((site) => writer.update(site), transpileStore);
      return;
    }
    queue = queue.then(async () => {
      try {
        if (!handlers) throw new Error('the engine received a request before init');
        const handler = handlers[message.call] as (request: unknown) => Promise<unknown>;
        const result = await handler(message.request);
        port.post({ kind: 'response', id: message.id, ok: true, result } as FromWorker);
      } catch (thrown) {
        port.post({ kind: 'response', id: message.id, ok: false, error: toError(thrown) });
      }
    });
  });
  port.post({ kind: 'ready' });
}
