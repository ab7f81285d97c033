/**
 * Opening things: history and component files' bytes, pasted history text, URLs, recent sources,
 * a new run of the component. Each source that opens is remembered; one that fails shows its
 * error where it was opened and leaves the loaded session as it was. Examples: `examples.ts`;
 * simulated runs: `simulate.ts`; dropped or picked files: `drop.ts`; start-up, restoring the last
 * session and stopping the engine: `startup.ts`; shared links: `open-share.ts`.
 */
import type { HistoryInput, Opened } from '../../engine/remote/protocol.ts';
import { loadDetail, select, showTab } from './inspect.ts';
import { remember } from './memory.ts';
import {
  listRecent,
  readRecent,
  rememberSource,
  type LastSession,
  type SourceRef,
} from './persist.ts';
import { step as stepSession } from './stepping.ts';
import { applySnapshot, asEngineError, engine, get, set } from './store.ts';
import { NO_FILTER } from '../../engine/inspect/event-search.ts';
import { fetchFailure } from '../../engine/history/fetch-failure.ts';
import { COMPONENT_MAX_BYTES, formatLimit, readBodyBounded } from '../../engine/history/bounded.ts';

/** A component (or any bounded body) fetched whole. */
export async function fetchBytes(url: string): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (thrown) {
    throw new Error(`could not fetch ${url}: ${fetchFailure(url, thrown)}`, { cause: thrown });
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  const body = await readBodyBounded(response, COMPONENT_MAX_BYTES);
  if (!body)
    throw new Error(`${url}: larger than ${formatLimit(COMPONENT_MAX_BYTES)}, the most opened`);
  // A fresh array of its own: its buffer is exactly the body.
  return body.buffer as ArrayBuffer;
}

export async function refreshRecent(): Promise<void> {
  set({ recent: await listRecent() });
}

// ── Component ──────────────────────────────────────────────────────────────────────────────

export async function loadComponent(
  bytes: ArrayBuffer,
  label: string,
  ref: SourceRef,
): Promise<boolean> {
  set((s) => ({ component: { ...s.component, loading: true, error: undefined } }));
  try {
    // The worker gets a copy: `bytes` may still be stored as a recent source.
    const { code: component, session } = await engine().request('load-code', {
      source: { kind: 'bytes', bytes: bytes.slice(0), label },
    });
    set({ component: { loading: false, summary: component, ref }, startPage: false });
    if (session) {
      // The session starts again with the new code: a selected activation is gone with it.
      applySnapshot(session);
      const selection = get().selection;
      if (selection && 'step' in selection && selection.step >= session.stepCount)
        select(undefined);
      else void loadDetail();
    }
    const first = component.workflows[0]?.workflowType ?? '';
    set((s) => ({
      runForm: component.workflows.some((w) => w.workflowType === s.runForm.workflowType)
        ? s.runForm
        : { workflowType: first, input: '[]' },
      scenario: component.workflows.some((w) => s.scenario.text.includes(`"${w.workflowType}"`))
        ? s.scenario
        : { text: JSON.stringify({ workflowType: first, input: [] }, null, 2) },
    }));
    remember();
    return true;
  } catch (thrown) {
    set((s) => ({ component: { ...s.component, loading: false, error: asEngineError(thrown) } }));
    return false;
  }
}

/** A component from a file's bytes, remembered among the recent sources. */
export async function openComponentBytes(bytes: ArrayBuffer, label: string): Promise<boolean> {
  const ok = await loadComponent(bytes, label, { kind: 'recent', id: '', label });
  if (ok) {
    const id = await rememberSource('component', label, bytes);
    if (id)
      set((s) => ({
        component: { ...s.component, ref: { kind: 'recent', id, label } },
      }));
    set({ exampleId: undefined });
    remember();
    void refreshRecent();
  }
  return ok;
}

/** Lets go of a component the session does not use (or any): the history replays alone. */
export async function unloadComponent(): Promise<void> {
  try {
    const { session } = await engine().request('unload-code', null);
    set({ component: { loading: false }, exampleId: undefined });
    if (session) {
      applySnapshot(session);
      select(undefined, 'run');
    }
    remember();
  } catch (thrown) {
    set({ actionError: asEngineError(thrown) });
  }
}

export function dismissComponentError(): void {
  set((s) => ({ component: { ...s.component, error: undefined } }));
}

// ── History ────────────────────────────────────────────────────────────────────────────────

/** Shows a just-opened history and its session, and remembers it. */
export function opened(result: Opened, ref: SourceRef | undefined, run?: LastSession['run']): void {
  set({
    history: {
      loading: false,
      view: result.history,
      ...(ref ? { ref } : {}),
      ...(run ? { run } : {}),
    },
    session: undefined,
    filtered: undefined,
    filter: NO_FILTER,
    startPage: false,
  });
  applySnapshot(result.session);
  select(undefined, result.session.stepCount > 0 ? 'activation' : 'run');
  remember();
}

/**
 * Opens happen in the order they are asked for (the worker takes them one at a time), so the last
 * one asked for wins: an answer to an earlier open that arrives later is not shown, and flows that
 * continue after an open (an example's first run) stop once something newer was opened.
 */
let latestOpen = 0;

/** A ticket for an open that starts now; it is stale once another open starts. */
export const nextOpen = () => ++latestOpen;
export const isLatestOpen = (ticket: number) => ticket === latestOpen;

/**
 * Opens a history; on failure the error shows and the loaded session stays. `workflowId` is
 * InitializeWorkflow's workflow id, when a shared session names one (histories do not record it).
 */
export async function openHistory(
  input: HistoryInput,
  label: string,
  ref: SourceRef | undefined,
  workflowId?: string,
): Promise<boolean> {
  const ticket = nextOpen();
  set((s) => ({ history: { ...s.history, loading: true, error: undefined } }));
  try {
    const result = await engine().request(
      'open-history',
      { input, label, ...(workflowId !== undefined && { workflowId }) },
      input.kind === 'bytes' ? { transfer: [input.bytes] } : {},
    );
    if (!isLatestOpen(ticket)) return false;
    opened(result, ref);
    return true;
  } catch (thrown) {
    set((s) => ({ history: { ...s.history, loading: false, error: asEngineError(thrown) } }));
    return false;
  }
}

/** A history from a file's bytes, remembered among the recent sources. */
export async function openHistoryBytes(
  bytes: ArrayBuffer,
  label: string,
  workflowId?: string,
): Promise<boolean> {
  const ok = await openHistory(
    { kind: 'bytes', bytes: bytes.slice(0) },
    label,
    undefined,
    workflowId,
  );
  if (!ok) return false;
  const id = await rememberSource('history', label, bytes);
  if (id) set((s) => ({ history: { ...s.history, ref: { kind: 'recent', id, label } } }));
  set({ exampleId: undefined });
  remember();
  void refreshRecent();
  return true;
}

export async function openHistoryText(text: string, label = 'pasted history'): Promise<boolean> {
  return openHistoryBytes(new TextEncoder().encode(text).buffer as ArrayBuffer, label);
}

export async function openHistoryUrl(url: string): Promise<boolean> {
  return openHistory({ kind: 'url', url }, url, { kind: 'url', url });
}

export function dismissHistoryError(): void {
  set((s) => ({ history: { ...s.history, error: undefined } }));
}

// ── New run, recent ──────────────────────────────────────────────────────────────

export async function startRun(workflowType: string, args: unknown[]): Promise<boolean> {
  const ticket = nextOpen();
  set((s) => ({ history: { ...s.history, loading: true, error: undefined } }));
  try {
    const result = await engine().request('new-run', { workflowType, args });
    if (!isLatestOpen(ticket)) return false;
    opened(result, undefined, { workflowType, args });
    // A new run has nothing to replay: run its first workflow task at once, show its outcome.
    if (!isLatestOpen(ticket)) return true;
    await stepSession({ kind: 'run' });
    showTab('run');
    return true;
  } catch (thrown) {
    set((s) => ({ history: { ...s.history, loading: false, error: asEngineError(thrown) } }));
    return false;
  }
}

export function setRunForm(patch: Partial<ReturnType<typeof get>['runForm']>): void {
  set((s) => ({ runForm: { ...s.runForm, ...patch } }));
}

/**
 * Starts a run with the run form's workflow type and JSON input; false (with the form's error
 * set) when the input is not a JSON array. The run itself continues in the background.
 */
export function submitRunForm(): boolean {
  const { workflowType, input } = get().runForm;
  let args: unknown;
  try {
    args = JSON.parse(input);
  } catch (thrown) {
    setRunForm({ error: `Input is not JSON: ${(thrown as Error).message}` });
    return false;
  }
  if (!Array.isArray(args)) {
    setRunForm({ error: 'Input must be a JSON array of workflow arguments, e.g. ["Temporal"].' });
    return false;
  }
  setRunForm({ error: undefined });
  void startRun(workflowType, args);
  return true;
}

export async function openRecent(id: string): Promise<boolean> {
  const entry = await readRecent(id);
  if (!entry) return false;
  // Opening it again makes it the most recent.
  await rememberSource(entry.kind, entry.label, entry.bytes);
  void refreshRecent();
  const ref: SourceRef = { kind: 'recent', id, label: entry.label };
  const ok =
    entry.kind === 'component'
      ? await loadComponent(entry.bytes, entry.label, ref)
      : await openHistory({ kind: 'bytes', bytes: entry.bytes }, entry.label, ref);
  if (ok) set({ exampleId: undefined });
  return ok;
}

/** The start page, over whatever is open (which stays open behind it). */
export function showStartPage(shown: boolean): void {
  set({ startPage: shown });
}
