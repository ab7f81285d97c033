/**
 * How the engine worker answers the page, apart from the worker itself (so Node tests drive it):
 * one handler per request type over a Workbench. Requests that change sources or the session run
 * one at a time, in order; inspections, `pause`, breakpoints and a bridge's activations are
 * answered at once, also in the middle of a long run (which yields between slices).
 */
import type { Workbench } from './workbench.ts';
import { fetchComponentForShare, fetchHistoryForShare, openShare, planBuffers } from './share.ts';
import { WorkerRequestError } from './errors.ts';
import type {
  EngineMessage,
  EngineResponse,
  EngineResults,
  EngineRequest,
  ProgressNote,
} from './protocol.ts';

type Handler<T extends EngineRequest['type']> = (
  request: Extract<EngineRequest, { type: T }>,
  progress: (note: ProgressNote) => void,
) => EngineResults[T] | Promise<EngineResults[T]>;

type Handlers = { [T in EngineRequest['type']]: Handler<T> };

function handlersFor(bench: Workbench): Handlers {
  return {
    'load-component': (r) => bench.loadComponent(r.bytes, r.label),
    'unload-component': () => bench.unloadComponent(),
    'open-history': (r) => bench.openHistory(r.input, r.label, r.workflowId),
    'start-run': (r) => bench.startRun(r.workflowType, r.args),
    simulate: (r, progress) => bench.simulate(r.scenario, r.exampleId, progress),
    'export-history': () => bench.exportHistory(),
    'set-mode': (r, progress) => bench.setMode(r.mode, progress, r.workflowType),
    step: (r, progress) => bench.step(r.action, progress),
    pause: () => ({ pausing: bench.requestPause() }),
    'toggle-breakpoint': (r) => bench.toggleBreakpoint(r.breakpoint),
    'set-breakpoints': (r) => bench.setBreakpoints(r.breakpoints),
    'event-detail': (r) => bench.eventDetail(r.eventId),
    'step-detail': (r) => bench.stepDetail(r.index),
    determinism: (r) => bench.determinism(r.task),
    watch: (r) => bench.watch(r.queries),
    'filter-events': (r) => bench.filterEvents(r.filter),
    'check-history': (r) => bench.checkHistory(r.text),
    'history-schema': () => bench.historySchema(),
    'set-codec-server': (r) => {
      bench.setCodecServer(r.config);
      return { ok: true as const };
    },
    'share-link': (r) => bench.shareLink(r.view, r.appUrl),
    'share-bundle': (r) => bench.shareBundle(r.view),
    'open-share': (r) => openShare(r.input),
    'fetch-shared-history': (r) => fetchHistoryForShare(r.url, r.sha256, r.state),
    'fetch-shared-component': (r) => fetchComponentForShare(r.url, r.sha256),
    'bridge-start-run': (r) => bench.bridgeStartRun(r.identity),
    'bridge-activate': (r) => bench.bridgeActivate(r.run, r.activation),
    'bridge-end-run': (r) => {
      bench.bridgeEndRun(r.run);
      return { ok: true as const };
    },
  };
}

/** Answers whose buffers move to the page instead of being copied. */
function transferables(type: EngineRequest['type'], result: unknown): Transferable[] {
  switch (type) {
    case 'filter-events':
      return [(result as EngineResults['filter-events']).positions.buffer];
    case 'share-bundle':
    case 'fetch-shared-history':
    case 'fetch-shared-component':
      return [(result as { bytes: ArrayBuffer }).bytes];
    case 'open-share':
      return planBuffers(result as EngineResults['open-share']);
    default:
      return [];
  }
}

/**
 * Requests that change sources or the session; they queue behind each other. Breakpoints are not
 * among them: they replace the list a run reads at every step, so one set during a long run stops
 * it there. A bridge's runs are independent of both, so their activations are answered between the
 * slices of a long run.
 */
const SERIAL = new Set<EngineRequest['type']>([
  'load-component',
  'unload-component',
  'open-history',
  'start-run',
  'simulate',
  'set-mode',
  'step',
  // Queries run on a copy of the guest made from the session's run: never in the middle of a step.
  'watch',
  // A link or bundle shows the session as it is once the steps asked before it are done.
  'share-link',
  'share-bundle',
]);

export type PostResponse = (response: EngineResponse, transfer: Transferable[]) => void;

/** The worker's message handler: every message gets its progress notes and exactly one answer. */
export function createDispatcher(
  bench: Workbench,
  post: PostResponse,
): (message: EngineMessage) => void {
  const handlers = handlersFor(bench);
  let queue: Promise<unknown> = Promise.resolve();

  async function handle(message: EngineMessage): Promise<void> {
    const progress = (note: ProgressNote) => post({ id: message.id, progress: note }, []);
    let response: EngineResponse;
    try {
      const handler = handlers[message.type] as Handler<EngineRequest['type']>;
      const result = await handler(message as never, progress);
      response = { id: message.id, ok: true, result };
    } catch (thrown) {
      response = { id: message.id, ok: false, error: WorkerRequestError.from(thrown).error };
    }
    post(response, response.ok ? transferables(message.type, response.result) : []);
  }

  return (message) => {
    if (SERIAL.has(message.type)) queue = queue.then(() => handle(message));
    else void handle(message);
  };
}
