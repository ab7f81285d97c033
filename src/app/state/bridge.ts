/**
 * Live runs through a bridge (`workflow-playground bridge`): connecting (from the link's fragment or
 * the Connect dialog), the connection's state in plain words, every run the bridge reports, which
 * one the timeline shows, and switching between it and the debugger. The bridge's activations run
 * in the page's engine worker with the component loaded there (the engine protocol's driven runs).
 * The debugger's session is left as it was, one click away.
 */
import { buildEventIndex } from '../../engine/inspect/event-index.ts';
import { liveRunView, type LiveRun } from '../../engine/inspect/live-run.ts';
import { BridgeClient, BridgeRequestError, type BridgeClientEvent } from '../bridge/client.ts';
import type { BridgeLink } from '../bridge/link.ts';
import { loadDetail, selectLive } from './inspect.ts';
import { liveLog, resetLiveLog } from './live-log.ts';
import { openHistoryBytes } from './sources.ts';
import {
  engine,
  get,
  set,
  useApp,
  type BridgeState,
  type LiveRunSummary,
  type LiveShown,
} from './store.ts';

/** A live run has no history in the page: no events are indexed. */
const NO_EVENTS = buildEventIndex([], []);
/** Problems kept on screen. */
const PROBLEMS = 5;

let client: BridgeClient | undefined;

function patch(change: (b: BridgeState) => Partial<BridgeState>): void {
  set((s) => (s.bridge ? { bridge: { ...s.bridge, ...change(s.bridge) } } : {}));
}

function summary(run: LiveRun): LiveRunSummary {
  const last = run.activations.at(-1);
  return {
    key: run.key,
    info: run.info,
    activations: run.activations.length,
    running: run.activations.some((a) => !a.answer),
    ...(last ? { ranBy: last.ranBy } : {}),
    ...(run.end ? { outcome: run.end.outcome } : {}),
  };
}

function shown(run: LiveRun): LiveShown {
  const view = liveRunView(run);
  return {
    key: run.key,
    info: run.info,
    history: { tasks: view.tasks, index: NO_EVENTS, hazards: [] },
    run: {
      // Distinct per run, so the timeline treats another run as a new session.
      generation: run.key,
      steps: view.steps,
      cursor: { step: view.steps.length - 1 },
      breakpoints: [],
      lastEventApplied: view.lastEventId,
      verdict: view.verdict,
    },
    ...(run.end ? { outcome: run.end.outcome } : {}),
    currentDetails: view.currentDetails,
    ...(view.result !== undefined ? { result: view.result } : {}),
  };
}

/** Where attention goes when the shown run changes: the newest activation, or what failed. */
function follow(previous: LiveShown | undefined, next: LiveShown): void {
  const selection = get().bridge?.selection;
  const outcome = next.outcome;
  if (
    outcome &&
    !previous?.outcome &&
    'activation' in outcome &&
    outcome.activation !== undefined
  ) {
    const step = next.run.steps[outcome.activation];
    if (step)
      return selectLive(
        { kind: 'task', task: step.task },
        outcome.kind === 'nondeterminism' ? 'determinism' : 'commands',
      );
  }
  const lastBefore = previous && previous.key === next.key ? previous.run.steps.length - 1 : -1;
  const newest = next.run.steps.length - 1;
  const followed =
    !selection || (selection.kind === 'step' && selection.step === lastBefore) || !previous;
  if (followed && newest >= 0 && newest !== lastBefore) {
    // In the tab the user is on, unless it says nothing about one activation.
    const tab = get().inspectorTab;
    const keep = ['activation', 'commands', 'trace'].includes(tab) || (tab === 'run' && previous);
    return selectLive({ kind: 'step', step: newest }, keep ? tab : 'activation');
  }
  // The selected activation may just have been answered: its detail changed.
  const at = selection && 'step' in selection ? selection.step : undefined;
  if (at !== undefined && previous?.run.steps[at] !== next.run.steps[at]) void loadDetail();
}

/** Runs reported on since the views were last brought up to date, and their list entries. */
const changed = new Set<LiveRun>();
const summaries = new Map<number, LiveRunSummary>();
/** Shortest time between two redraws of the live views, ms. */
const REDRAW_MS = 100;
let redraw: ReturnType<typeof setTimeout> | undefined;
let redrawnAt = 0;

/**
 * Reports can come hundreds a second, and every activation's round trip passes through the page's
 * main thread: the list and the timeline are brought up to date at most every REDRAW_MS, in an
 * animation frame, so that drawing leaves the thread free to answer.
 */
function runChanged(run: LiveRun): void {
  changed.add(run);
  redraw ??= setTimeout(
    () => requestAnimationFrame(refresh),
    Math.max(0, redrawnAt + REDRAW_MS - performance.now()),
  );
}

/** Brings the runs list and the shown run up to date with the log. */
function refresh(): void {
  redraw = undefined;
  redrawnAt = performance.now();
  const b = get().bridge;
  const runs = [...changed];
  changed.clear();
  if (!b) return;
  const log = liveLog();
  for (const run of runs) summaries.set(run.key, summary(run));
  for (const key of summaries.keys()) if (!log.get(key)) summaries.delete(key);
  // The newest run that has activations takes the timeline, unless the user picked another.
  const newest = runs.filter((r) => r.activations.length > 0).at(-1);
  const takeOver = b.follow && newest && newest.key !== b.shown?.key ? newest : undefined;
  const current = b.shown && runs.find((r) => r.key === b.shown!.key);
  const next = takeOver ? shown(takeOver) : current ? shown(current) : b.shown;
  patch(() => ({
    runs: log.runs.map((r) => summaries.get(r.key) ?? summary(r)),
    dropped: log.dropped,
    ...(next ? { shown: next } : {}),
    ...(takeOver ? { selection: undefined } : {}),
  }));
  if (next && next !== b.shown) follow(takeOver ? undefined : b.shown, next);
}

/** A new connection starts with nothing reported. */
function resetRuns(): void {
  resetLiveLog();
  changed.clear();
  summaries.clear();
}

function onEvent(event: BridgeClientEvent): void {
  const log = liveLog();
  switch (event.kind) {
    case 'connection':
      patch(() => ({ connection: { state: event.state, message: event.message } }));
      return;
    case 'welcome':
      patch(() => ({ welcome: event.welcome }));
      return;
    case 'bridge-status':
      patch(() => ({ status: { state: event.state, message: event.message } }));
      return;
    case 'protocol-error':
      patch((b) => ({ problems: [...b.problems, event.message].slice(-PROBLEMS) }));
      return;
    case 'activation':
      runChanged(log.activation(event));
      return;
    case 'activation-done': {
      const run = log.answer(event);
      if (run) runChanged(run);
      return;
    }
    case 'run-ended':
      runChanged(log.ended(event));
      return;
  }
}

/** Connects to a bridge (replacing any connection) and shows its live runs. */
export function connectBridge(link: BridgeLink): void {
  client?.close();
  resetRuns();
  set((s) => ({
    bridge: {
      link,
      connection: { state: 'connecting', message: `connecting to ${link.socket}` },
      problems: [],
      runs: [],
      dropped: 0,
      follow: true,
    },
    showing: 'live',
    detail: { loading: false },
    inspectorTab: s.inspectorTab === 'event' ? 'activation' : s.inspectorTab,
  }));
  const created: BridgeClient = new BridgeClient({
    link,
    // The page's own engine, under its watchdog: a stuck guest call fails the activation, the
    // worker is replaced and the sources reopen (startup.ts).
    engine: engine(),
    // A replaced client still reports its own closing: that is not news about this connection.
    onEvent: (event) => client === created && onEvent(event),
    client: 'workflow-playground app',
  });
  client = created;
  client.connect();
  void loadDetail();
}

/** Closes the connection; the runs it reported stay on screen. */
export function disconnectBridge(): void {
  client?.close();
}

export function reconnectBridge(): void {
  client?.connect();
}

/** Closes the connection and forgets its runs: back to the debugger alone. */
export function forgetBridge(): void {
  client?.close();
  client = undefined;
  resetRuns();
  set({ bridge: undefined, showing: 'debugger', detail: { loading: false } });
  void loadDetail();
}

/** Switches the main area between the debugger's session and the live run. */
export function showView(view: 'debugger' | 'live'): void {
  const s = get();
  if (s.showing === view || (view === 'live' && !s.bridge)) return;
  set({
    showing: view,
    // What the inspector showed belongs to the other view.
    detail: { loading: false },
    ...(view === 'live' && s.inspectorTab === 'event' ? { inspectorTab: 'activation' } : {}),
  });
  void loadDetail();
}

/** Shows run `key` on the timeline; the newest run keeps following new runs. */
export function showRun(key: number): void {
  const log = liveLog();
  const run = log.get(key);
  const b = get().bridge;
  if (!run || !b) return;
  const next = shown(run);
  patch(() => ({ shown: next, follow: key === log.runs.at(-1)?.key, selection: undefined }));
  follow(undefined, next);
}

/** Replay mode: asks the bridge to replay its history again, with the component loaded now. */
export async function replayAgain(): Promise<void> {
  try {
    await client?.replay();
    patch(() => ({ follow: true }));
  } catch (thrown) {
    const message =
      thrown instanceof BridgeRequestError || thrown instanceof Error
        ? thrown.message
        : String(thrown);
    patch((b) => ({ problems: [...b.problems, `replay again: ${message}`].slice(-PROBLEMS) }));
  }
}

/**
 * Opens the shown run's history in the debugger, with the component loaded here: fetched from the
 * server (live mode) or the history being replayed (replay mode). False when it could not.
 */
export async function openRunHistory(): Promise<boolean> {
  const b = get().bridge;
  const shown = b?.shown;
  if (!client || !b || !shown) return false;
  const replayed = b.welcome?.replay;
  try {
    const fetched = await client.fetchHistory(
      shown.info.workflowId,
      replayed ? undefined : shown.info.runId,
    );
    const label = replayed
      ? (replayed.source.split(/[\\/]/).pop() ?? replayed.source)
      : `${fetched.workflowId} ${fetched.runId}`.trim();
    const bytes = fetched.history.slice().buffer;
    showView('debugger');
    return await openHistoryBytes(bytes, label);
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    patch((x) => ({ problems: [...x.problems, `open the history: ${message}`].slice(-PROBLEMS) }));
    return false;
  }
}

/** A workflow on a Temporal server, as Open › From a Temporal server names it. */
export interface ServerWorkflow {
  address: string;
  namespace: string;
  workflowId: string;
  runId?: string;
}

/** Longest wait for a bridge named in the dialog to connect. */
const CONNECT_WAIT_MS = 20_000;

/** Resolves once the bridge connection is open; rejects when it closes or takes too long. */
function whenConnected(): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const state = get().bridge?.connection;
      if (client?.connected) return (resolve(), true);
      if (!state || state.state === 'closed')
        return (
          reject(new Error(`the bridge did not connect: ${state?.message ?? 'no link'}`)),
          true
        );
      return false;
    };
    if (check()) return;
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error('the bridge did not connect in time: is it running, and is the link current?'),
      );
    }, CONNECT_WAIT_MS);
    const stop = useApp.subscribe(() => {
      if (check()) {
        clearTimeout(timer);
        stop();
      }
    });
  });
}

/**
 * Open › From a Temporal server: the bridge fetches the workflow's history from the server (a page
 * cannot speak gRPC) and the debugger opens it with the component loaded here. With `link`, the
 * bridge is connected first. Gives the reason when it could not; the open session stays.
 */
export async function openServerWorkflow(
  target: ServerWorkflow,
  link?: BridgeLink,
): Promise<string | undefined> {
  try {
    if (!client?.connected) {
      if (link) connectBridge(link);
      if (!client) throw new Error('connect to a bridge first');
      await whenConnected();
    }
    const fetched = await client!.fetchHistory(target.workflowId, target.runId, {
      address: target.address,
      namespace: target.namespace,
    });
    showView('debugger');
    const label = `${fetched.workflowId} ${fetched.runId} (${target.address}/${target.namespace})`;
    const opened = await openHistoryBytes(
      fetched.history.slice().buffer,
      label,
      fetched.workflowId,
    );
    return opened ? undefined : (get().history.error?.message ?? 'the history did not open');
  } catch (thrown) {
    return thrown instanceof Error ? thrown.message : String(thrown);
  }
}
