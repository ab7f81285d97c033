/**
 * Stepping, breakpoints and replay mode: intents sent to the worker's session; the snapshot it
 * answers with becomes the page's session state. The selection follows the cursor, and a
 * divergence brings up the determinism panel.
 */
import type {
  Breakpoint,
  ProgressNote,
  ReplayMode,
  StepAction,
} from '../../engine/remote/protocol.ts';
import { loadDetail, select } from './inspect.ts';
import { remember } from './memory.ts';
import { applySnapshot, asEngineError, engine, get, set } from './store.ts';

const LABELS: Record<StepAction['kind'], string> = {
  forward: 'Stepping',
  back: 'Stepping back',
  'next-call': 'Stepping',
  'previous-call': 'Stepping back',
  run: 'Running',
  'run-to-divergence': 'Running to the first divergence',
  restart: 'Restarting',
  'to-step': 'Moving the cursor',
};

/** After the cursor moves: follow it, or show the divergence. */
function followCursor(): void {
  const s = get().session;
  if (!s) return;
  if (s.divergence || s.verdict.kind === 'task-failure') {
    const step = s.steps[s.cursor.step];
    if (step && step.task >= 0)
      return select({ kind: 'task', task: step.task }, s.divergence ? 'determinism' : 'commands');
  }
  const current = get().selection;
  if (current?.kind === 'event') return void loadDetail();
  if (s.cursor.step < 0) return select(undefined, 'run');
  // The first step after opening shows the activation; later steps keep the chosen tab.
  const tab =
    get().inspectorTab === 'run' && s.cursor.step === 0 ? 'activation' : get().inspectorTab;
  if (s.cursor.call !== undefined) {
    const call = s.steps[s.cursor.step]?.calls[s.cursor.call];
    if (call) return select({ kind: 'call', step: s.cursor.step, seq: call.seq }, 'trace');
  }
  select({ kind: 'step', step: s.cursor.step }, tab === 'event' ? 'activation' : tab);
}

/** Steps asked for while one runs wait their turn (a few, so held keys do not pile up). */
let queue: Promise<void> = Promise.resolve();
let queued = 0;
const MAX_QUEUED = 8;

export function step(action: StepAction): Promise<void> {
  if (!get().session || queued >= MAX_QUEUED) return queue;
  queued++;
  queue = queue.then(async () => {
    queued--;
    await runStep(action);
  });
  return queue;
}

/** A busy worker's progress note: shown, and proof for the call-limit watchdog that it is alive. */
function heard(progress: ProgressNote): void {
  set((s) => ({ busy: s.busy && { ...s.busy, progress, heardAt: performance.now() } }));
}

async function runStep(action: StepAction): Promise<void> {
  if (!get().session) return;
  set({
    busy: { what: LABELS[action.kind], startedAt: performance.now(), heardAt: performance.now() },
    actionError: undefined,
  });
  try {
    const snapshot = await engine().request('step', { action }, { progress: heard });
    applySnapshot(snapshot);
    set({ busy: undefined });
    followCursor();
    remember();
  } catch (thrown) {
    set({ busy: undefined, actionError: asEngineError(thrown) });
  }
}

export async function pause(): Promise<void> {
  set((s) => ({ busy: s.busy && { ...s.busy, pausing: true } }));
  await engine().request('pause', null);
}

export async function toggleBreakpoint(breakpoint: Breakpoint): Promise<void> {
  try {
    const breakpoints = await engine().request('toggle-breakpoint', { breakpoint });
    set((s) => ({ session: s.session && { ...s.session, breakpoints } }));
    remember();
  } catch (thrown) {
    set({ actionError: asEngineError(thrown) });
  }
}

/** Replaces every breakpoint; false (with the error shown) when the worker refused. */
export async function setBreakpoints(breakpoints: Breakpoint[]): Promise<boolean> {
  try {
    const stored = await engine().request('set-breakpoints', { breakpoints });
    set((s) => ({ session: s.session && { ...s.session, breakpoints: stored } }));
    remember();
    return true;
  } catch (thrown) {
    set({ actionError: asEngineError(thrown) });
    return false;
  }
}

export async function clearBreakpoints(): Promise<void> {
  await setBreakpoints([]);
}

/** Replays with the component or the history alone; `workflowType` picks the component's function. */
export async function setMode(mode: ReplayMode, workflowType?: string): Promise<void> {
  if (get().busy) return;
  set({
    busy: {
      what: 'Switching replay mode',
      startedAt: performance.now(),
      heardAt: performance.now(),
    },
  });
  try {
    applySnapshot(
      await engine().request(
        'set-mode',
        { mode, ...(workflowType !== undefined ? { workflowType } : {}) },
        { progress: heard },
      ),
    );
    set({ busy: undefined });
    followCursor();
    remember();
  } catch (thrown) {
    set({ busy: undefined, actionError: asEngineError(thrown) });
  }
}

export function dismissActionError(): void {
  set({ actionError: undefined });
}
