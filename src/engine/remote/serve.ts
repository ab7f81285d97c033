/**
 * The worker's side of the engine protocol, whatever the worker is: one Workbench answers every
 * call (its methods are the handlers). Calls that change the code, the session or the runs'
 * engine state queue behind each other, in arrival order; inspections, `pause`, breakpoints and
 * driven runs' activations are answered at once, also in the middle of a long run (which yields
 * between slices). Every failure becomes an error response; nothing escapes.
 */
import type { TranspileStore } from '../host/transpile.ts';
import { serveRpc } from '../rpc/rpc.ts';
import { engineError } from '../workbench/errors.ts';
import { planBuffers } from '../workbench/share.ts';
import { Workbench, type ActivitiesFor } from '../workbench/workbench.ts';
import { CallSiteWriter } from './call-site.ts';
import {
  ENGINE_PROTOCOL_VERSION,
  type EngineCall,
  type EngineCalls,
  type EngineError,
  type EngineResult,
  type FromWorker,
  type ToWorker,
} from './protocol.ts';

/** How a worker talks to the thread that drives it. */
export interface WorkerPort {
  post(message: FromWorker, transfer?: Transferable[]): void;
  listen(handler: (message: ToWorker) => void): void;
}

export interface ServeOptions {
  /** Where transpiled components outlive the worker (the CLI's disk store). */
  transpileStore?: TranspileStore;
  /** The activity implementations of a bundled example, for simulations (the page's). */
  activities?: ActivitiesFor;
}

/**
 * Calls that change sources, the session or the loaded code's runs; they queue behind each other.
 * Breakpoints are not among them: they replace the list a run reads at every step, so one set
 * during a long run stops it there. Driven runs (a bridge's) are independent of the session, so
 * their activations are answered between the slices of a long run.
 */
const SERIAL = new Set<EngineCall>([
  'load-code',
  'unload-code',
  'open-history',
  'new-run',
  'simulate',
  'set-mode',
  'step',
  // Queries run on a copy of the guest made from the session's run: never in the middle of a step.
  'watch',
  // A link or bundle shows the session as it is once the steps asked before it are done.
  'share-link',
  'share-bundle',
  'run-first-activation',
  'replay',
]);

/** Answers whose buffers move to the asking side instead of being copied. */
function transferables(call: EngineCall, result: unknown): Transferable[] {
  switch (call) {
    case 'filter-events':
      return [(result as EngineResult<'filter-events'>).positions.buffer as ArrayBuffer];
    case 'share-bundle':
    case 'fetch-shared-history':
    case 'fetch-shared-component':
      return [(result as { bytes: ArrayBuffer }).bytes];
    case 'open-share':
      return planBuffers(result as EngineResult<'open-share'>);
    default:
      return [];
  }
}

export function serveEngine(port: WorkerPort, options: ServeOptions = {}): void {
  let serve: ((message: Extract<ToWorker, { kind: 'request' }>) => void) | undefined;
  port.listen((message) => {
    if (message.kind === 'init') {
      const writer = new CallSiteWriter(message.board, (state) =>
        port.post({ kind: 'call-site', ...state }),
      );
      const bench = new Workbench({ ...options, onGuestCall: (site) => writer.update(site) });
      serve = serveRpc<EngineCalls, EngineError>(
        { send: (reply, transfer) => port.post(reply, transfer) },
        bench.handlers(),
        {
          version: ENGINE_PROTOCOL_VERSION,
          toError: engineError,
          serial: (call) => SERIAL.has(call),
          transfer: transferables,
        },
      );
      return;
    }
    if (!serve) {
      port.post({
        kind: 'response',
        id: message.id,
        ok: false,
        error: { code: 'internal', message: 'the engine received a request before init' },
      });
      return;
    }
    serve(message);
  });
  port.post({ kind: 'ready' });
}
