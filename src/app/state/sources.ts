/**
 * Opening things: bundled examples, history and component files (picked or dropped), pasted
 * history text, URLs, recent sources, a new run of the component; and restoring the last session
 * on load (unless a shared link opens instead: `open-share.ts`). Each source that opens is
 * remembered; one that fails shows its error where it was opened and leaves the loaded session as
 * it was.
 */
import {
  exampleScenario,
  type ExampleManifest,
  type ExampleManifestEntry,
} from '../../../examples/manifest.ts';
import type { EngineError, HistoryInput, Opened, Simulated } from '../engine-worker/protocol.ts';
import { loadDetail, select, setFilter, showTab } from './inspect.ts';
import { isBundleFile, openBundleFile, openLinkAtStartup, watchShareLinks } from './open-share.ts';
import { enableMemory, flushMemory, remember } from './memory.ts';
import {
  listRecent,
  loadLastSession,
  readRecent,
  rememberSource,
  sourceRefKey,
  type LastSession,
  type SourceRef,
} from './persist.ts';
import { step as stepSession } from './stepping.ts';
import { applySnapshot, asEngineError, engine, get, set } from './store.ts';
import { NO_FILTER } from '../../engine/inspect/event-search.ts';
import { mayBeHistory } from '../../engine/history/detect.ts';
import { checkArtefactUrl } from '../../engine/share/state.ts';
import { fetchFailure } from '../../engine/history/fetch-failure.ts';
import { COMPONENT_MAX_BYTES, formatLimit, readBodyBounded } from '../../engine/history/bounded.ts';

const base = import.meta.env.BASE_URL;

async function fetchBytes(url: string): Promise<ArrayBuffer> {
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

const isWasm = (bytes: ArrayBuffer) => {
  const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  return head[0] === 0 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d;
};

async function refreshRecent(): Promise<void> {
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
    const { component, session } = await engine().request(
      { type: 'load-component', bytes: bytes.slice(0), label },
      {},
    );
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

/** Open › Component file: told apart by its bytes, as a dropped file is. */
export function openComponentFile(file: File): Promise<boolean> {
  return openDroppedFiles([file]);
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
    const { session } = await engine().request({ type: 'unload-component' });
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

function opened(result: Opened, ref: SourceRef | undefined, run?: LastSession['run']): void {
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
  const ticket = ++latestOpen;
  set((s) => ({ history: { ...s.history, loading: true, error: undefined } }));
  try {
    const result = await engine().request(
      { type: 'open-history', input, label, ...(workflowId !== undefined && { workflowId }) },
      input.kind === 'bytes' ? { transfer: [input.bytes] } : {},
    );
    if (ticket !== latestOpen) return false;
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

/** Open › History file: told apart by its bytes, as a dropped file is. */
export function openHistoryFile(file: File): Promise<boolean> {
  return openDroppedFiles([file]);
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

/**
 * Opened or dropped files: bundles, components and histories are told apart by their bytes, the
 * same on every path. Only bytes that are neither WebAssembly nor any form of history go by their
 * name, to the reader whose error explains them best ("not WebAssembly: it starts with …" for
 * a .wasm). A bundle holds a whole session, so it opens on its own. True when all opened.
 */
export async function openDroppedFiles(files: File[]): Promise<boolean> {
  for (const file of files) if (await isBundleFile(file)) return openBundleFile(file);
  const read = await Promise.all(
    files.map(async (f) => ({ file: f, bytes: await f.arrayBuffer() })),
  );
  const isComponent = ({ file, bytes }: { file: File; bytes: ArrayBuffer }) =>
    isWasm(bytes) || (!mayBeHistory(new Uint8Array(bytes)) && /\.wasm$/i.test(file.name));
  let ok = true;
  for (const { file, bytes } of read.filter(isComponent))
    ok = (await openComponentBytes(bytes, file.name)) && ok;
  for (const { file, bytes } of read.filter((r) => !isComponent(r)))
    ok = (await openHistoryBytes(bytes, file.name)) && ok;
  return ok;
}

// ── New run, examples, recent ──────────────────────────────────────────────────────────────

export async function startRun(workflowType: string, args: unknown[]): Promise<boolean> {
  const ticket = ++latestOpen;
  set((s) => ({ history: { ...s.history, loading: true, error: undefined } }));
  try {
    const result = await engine().request({ type: 'start-run', workflowType, args });
    if (ticket !== latestOpen) return false;
    opened(result, undefined, { workflowType, args });
    // A new run has nothing to replay: run its first workflow task at once, show its outcome.
    if (ticket !== latestOpen) return true;
    await stepSession({ kind: 'run' });
    showTab('run');
    return true;
  } catch (thrown) {
    set((s) => ({ history: { ...s.history, loading: false, error: asEngineError(thrown) } }));
    return false;
  }
}

/** Above this many workflow tasks a simulated run opens at its start instead of replaying to the end. */
const REPLAY_ON_OPEN_TASKS = 1_000;

/**
 * Simulates `scenario` with the loaded component (the activities of the example `exampleId`
 * answer what the scenario leaves out) and opens the recorded history under `ref`. Undefined when
 * it failed (the error shows beside the scenario, naming its field, and the loaded session stays)
 * or something newer was opened meanwhile.
 */
async function simulateAndOpen(
  scenario: unknown,
  exampleId: string | undefined,
  ref: SourceRef | undefined,
  ticket: number,
): Promise<Simulated | undefined> {
  set((s) => ({
    history: { ...s.history, loading: true, error: undefined },
    scenario: { ...s.scenario, error: undefined },
  }));
  let result: Simulated;
  try {
    const activities = activitiesOf(exampleId);
    result = await engine().request({
      type: 'simulate',
      scenario,
      ...(activities && { exampleId: activities }),
    });
  } catch (thrown) {
    // Shown beside the scenario in its editor, and above the timeline for an example's own run.
    const error = asEngineError(thrown);
    set((s) => ({
      history: { ...s.history, loading: false, error },
      scenario: { ...s.scenario, error },
    }));
    return undefined;
  }
  if (ticket !== latestOpen) return undefined;
  const { opened: view, historyJson, ...summary } = result;
  opened(view, ref);
  set((s) => ({
    scenario: {
      ...s.scenario,
      last: { ...summary, label: view.history.label, bytes: historyJson.length },
    },
  }));
  return result;
}

/**
 * The example whose `activities.ts` answers the activities of `exampleId`'s runs: its own, or the
 * one it names (a Rust example borrows a TypeScript example's).
 */
function activitiesOf(exampleId: string | undefined): string | undefined {
  if (!exampleId) return undefined;
  return get().examples.find((e) => e.id === exampleId)?.activities ?? exampleId;
}

/** Replays a just-opened simulated run to its end, unless it is very long. */
async function replayOpened(workflowTasks: number, ticket: number): Promise<void> {
  if (ticket !== latestOpen || workflowTasks > REPLAY_ON_OPEN_TASKS) return;
  await stepSession({ kind: 'run' });
  // A divergence brings up the determinism panel itself; otherwise the run's outcome.
  if (!get().session?.divergence) showTab('run');
}

/**
 * Simulates the user's `scenario` with the loaded component and opens the recorded history,
 * remembered like a pasted one. Every version of an example records under the same workflow
 * type, so the recent entry's label also names the example whose code ran.
 */
export async function simulateRun(scenario: unknown): Promise<boolean> {
  const ticket = ++latestOpen;
  const exampleId = get().exampleId;
  const result = await simulateAndOpen(scenario, exampleId, undefined, ticket);
  if (!result) return false;
  const label = result.opened.history.label;
  const id = await rememberSource(
    'history',
    exampleId ? `${exampleId}: ${label}` : label,
    new TextEncoder().encode(result.historyJson).buffer,
  );
  if (id) set((s) => ({ history: { ...s.history, ref: { kind: 'recent', id, label } } }));
  remember();
  void refreshRecent();
  await replayOpened(result.workflowTasks, ticket);
  return true;
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

/** The bytes of an example's component, as the app serves them. */
export function fetchExampleComponent(example: ExampleManifestEntry): Promise<ArrayBuffer> {
  return fetchBytes(`${base}${example.component}`);
}

/** The example whose history `example` opens: itself, or the older version it `replays`. */
function recorderOf(example: ExampleManifestEntry): ExampleManifestEntry {
  if (!example.replays || example.history) return example;
  const recorder = get().examples.find((e) => e.id === example.replays);
  if (!recorder)
    throw new Error(
      `the example "${example.id}" replays the example "${example.replays}", which is not bundled`,
    );
  return recorder;
}

/**
 * Opens an example: its component, and its recorded history or else what its default scenario
 * records (made again on every open, so it is not kept among the recent sources). An example that
 * `replays` an older version opens that version's run, recorded with that version's component,
 * then loads its own component to replay it: how a deployment meets its running workflows.
 * `replay`: replay the opened run to the end (a restored session puts its own cursor back).
 */
async function openExampleEntry(example: ExampleManifestEntry, replay = true): Promise<boolean> {
  const ticket = ++latestOpen;
  const ref: SourceRef = { kind: 'example', id: example.id };
  let recorder: ExampleManifestEntry;
  let bytes: ArrayBuffer;
  let recorderBytes: ArrayBuffer;
  try {
    recorder = recorderOf(example);
    const own = fetchExampleComponent(example);
    [bytes, recorderBytes] = await Promise.all([
      own,
      recorder === example ? own : fetchExampleComponent(recorder),
    ]);
  } catch (thrown) {
    // The selector keeps naming what is loaded.
    set((s) => ({ component: { ...s.component, error: asEngineError(thrown) } }));
    return false;
  }
  if (ticket !== latestOpen) return false;
  const recorderRef: SourceRef = { kind: 'example', id: recorder.id };
  if (!(await loadComponent(recorderBytes, `${recorder.id}.wasm`, recorderRef))) return false;
  // The selector names the example once its component is the one loaded.
  if (recorder === example) set({ exampleId: example.id });
  if (ticket !== latestOpen) return false;
  setRunForm({ workflowType: recorder.workflowType, input: JSON.stringify(recorder.input) });
  const scenario = exampleScenario(recorder);
  set({ scenario: { text: JSON.stringify(scenario, null, 2) } });
  if (example.history) {
    return openHistory(
      { kind: 'url', url: `${base}${example.history}` },
      example.history.split('/').pop() ?? example.history,
      ref,
    );
  }
  const result = await simulateAndOpen(scenario, recorder.id, ref, ticket);
  if (recorder !== example) {
    const replayed =
      result !== undefined &&
      ticket === latestOpen &&
      (await loadComponent(bytes, `${example.id}.wasm`, ref));
    // Stopped half way, the older version's component is the one loaded.
    set({ exampleId: replayed ? example.id : recorder.id });
    if (!replayed) return false;
  }
  if (!result) return false;
  remember();
  if (replay) await replayOpened(result.workflowTasks, ticket);
  return true;
}

/**
 * An example's component, replaying the open history (not the example's own run). The selector
 * stops naming an example: the session is no longer any one example's.
 */
export async function loadExampleComponent(id: string): Promise<boolean> {
  const example = get().examples.find((e) => e.id === id);
  if (!example) return false;
  let bytes: ArrayBuffer;
  try {
    bytes = await fetchExampleComponent(example);
  } catch (thrown) {
    set((s) => ({ component: { ...s.component, error: asEngineError(thrown) } }));
    return false;
  }
  const ok = await loadComponent(bytes, `${id}.wasm`, { kind: 'example', id });
  if (ok) set({ exampleId: undefined });
  return ok;
}

export async function openExample(id: string): Promise<boolean> {
  const example = get().examples.find((e) => e.id === id);
  return example ? openExampleEntry(example) : false;
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

// ── Start-up ───────────────────────────────────────────────────────────────────────────────

async function loadExamples(): Promise<void> {
  try {
    const manifest = JSON.parse(
      new TextDecoder().decode(await fetchBytes(`${base}examples/index.json`)),
    ) as ExampleManifest;
    set({ examples: manifest.examples });
  } catch (thrown) {
    set({
      examplesError: `Could not load the bundled examples (${thrown instanceof Error ? thrown.message : String(thrown)}). Run \`npm run build:examples\`.`,
    });
  }
}

async function reopen(ref: SourceRef, kind: 'component' | 'history'): Promise<boolean> {
  switch (ref.kind) {
    case 'example': {
      const example = get().examples.find((e) => e.id === ref.id);
      if (!example) throw new Error(`the example "${ref.id}" no longer exists`);
      // Its history is made again (or fetched) with its component: the whole example opens.
      if (kind === 'history') return openExampleEntry(example, false);
      const bytes = await fetchExampleComponent(example);
      const ok = await loadComponent(bytes, `${example.id}.wasm`, ref);
      if (ok) set({ exampleId: example.id });
      return ok;
    }
    case 'recent': {
      const entry = await readRecent(ref.id);
      if (!entry) throw new Error(`${ref.label} is no longer stored in this browser`);
      return kind === 'component'
        ? loadComponent(entry.bytes, entry.label, ref)
        : openHistory({ kind: 'bytes', bytes: entry.bytes }, entry.label, ref);
    }
    case 'url':
      if (kind === 'component') {
        const bytes = await fetchBytes(ref.url);
        return loadComponent(bytes, ref.url.split('/').pop() ?? ref.url, ref);
      }
      return openHistoryUrl(ref.url);
  }
}

/** Reopens the last session's sources and puts the cursor, breakpoints and selection back. */
async function restore(last: LastSession): Promise<void> {
  const sameRef = (a: SourceRef | undefined, b: SourceRef | undefined) =>
    (a && sourceRefKey(a)) === (b && sourceRefKey(b));
  if (last.history?.kind === 'example') {
    // The example's own component makes its history; a component opened later replaces it.
    if (!(await reopen(last.history, 'history'))) throw new Error('its example did not open');
    if (last.component && !sameRef(last.component, get().component.ref)) {
      if (!(await reopen(last.component, 'component')))
        throw new Error('its component did not load');
      set({ exampleId: undefined });
    }
  } else {
    if (last.component && !(await reopen(last.component, 'component')))
      throw new Error('its component did not load');
    if (last.run) {
      set((s) => ({ history: { ...s.history, loading: true } }));
      opened(await engine().request({ type: 'start-run', ...last.run }), undefined, last.run);
    } else if (last.history) {
      if (!(await reopen(last.history, 'history'))) throw new Error('its history did not open');
    } else return;
  }
  if (get().session?.mode !== last.mode)
    applySnapshot(await engine().request({ type: 'set-mode', mode: last.mode }));
  if (last.breakpoints.length > 0) {
    const breakpoints = await engine().request({
      type: 'set-breakpoints',
      breakpoints: last.breakpoints,
    });
    set((s) => ({ session: s.session && { ...s.session, breakpoints } }));
  }
  if (last.cursor.step >= 0)
    applySnapshot(
      await engine().request({
        type: 'step',
        action: { kind: 'to-step', index: last.cursor.step },
      }),
    );
  if (last.zoom) set({ zoom: last.zoom });
  if (last.scenarioText) set((s) => ({ scenario: { ...s.scenario, text: last.scenarioText! } }));
  if (last.filter) setFilter(last.filter, true);
  select(last.selection);
}

/** What the last session had open, as the page says it while reopening it. */
function lastSessionName(last: LastSession): string {
  const name = (ref: SourceRef) =>
    ref.kind === 'example'
      ? (get().examples.find((e) => e.id === ref.id)?.title ?? ref.id)
      : ref.kind === 'recent'
        ? ref.label
        : ref.url;
  if (last.history) return name(last.history);
  if (last.run) return `a new run of ${last.run.workflowType}`;
  return last.component ? name(last.component) : 'the last session';
}

/** The start page, over whatever is open (which stays open behind it). */
export function showStartPage(shown: boolean): void {
  set({ startPage: shown });
}

function sourcesFromUrl(): { history?: string; component?: string } {
  const params = new URLSearchParams(location.search);
  return {
    ...(params.get('history') ? { history: params.get('history')! } : {}),
    ...(params.get('component') ? { component: params.get('component')! } : {}),
  };
}

/**
 * Opens `?component=` and `?history=`, checked as a link's URLs are (https, or http on this
 * machine; no credentials; the download bounded) unless they are on this page's origin. What
 * went wrong, if anything.
 */
async function openFromQuery(fromUrl: {
  history?: string;
  component?: string;
}): Promise<string | undefined> {
  // This page's own origin serves what it likes; another must be https (or this machine).
  const checked = (value: string, name: string) => {
    const url = new URL(value, location.href);
    return url.origin === location.origin ? url.href : checkArtefactUrl(url.href, name);
  };
  let component: string | undefined;
  let history: string | undefined;
  try {
    if (fromUrl.component) component = checked(fromUrl.component, '?component=');
    if (fromUrl.history) history = checked(fromUrl.history, '?history=');
  } catch (thrown) {
    return `The address does not open: ${(thrown as Error).message}.`;
  }
  try {
    if (component && !(await reopen({ kind: 'url', url: component }, 'component')))
      return `The address's ?component= did not load: ${get().component.error?.message ?? 'unknown error'}`;
  } catch (thrown) {
    return `The address's ?component= did not load: ${(thrown as Error).message}`;
  }
  if (history && !(await openHistoryUrl(history)))
    return `The address's ?history= did not open: ${get().history.error?.message ?? 'unknown error'}`;
  return undefined;
}

export async function init(): Promise<void> {
  await Promise.all([loadExamples(), refreshRecent()]);
  const fromUrl = sourcesFromUrl();
  // Said once start-up is over: restoring the last session clears errors as it steps.
  let queryProblem: string | undefined;
  try {
    // A shared link beats the last session; one that does not open leaves it to be restored.
    if (await openLinkAtStartup()) return;
    if (fromUrl.component || fromUrl.history) {
      queryProblem = await openFromQuery(fromUrl);
      // Sources that did not open leave the last session to be restored, as a link does.
      if (!queryProblem) return;
    }
    const { session: last, problem } = await loadLastSession();
    // A saved session that does not pass its checks is dropped: the page starts clean and says why.
    if (problem) set({ restoreError: problem });
    if (last && (last.history || last.component || last.run)) {
      set({ startup: { state: 'reopening', what: lastSessionName(last) } });
      try {
        await restore(last);
        return;
      } catch (thrown) {
        set({
          restoreError: `Could not restore the last session: ${thrown instanceof Error ? thrown.message : asEngineError(thrown).message}.`,
        });
      }
    }
    // Nothing to reopen: the start page stays as it is until the user picks something.
  } finally {
    set({ startup: { state: 'done' } });
    if (queryProblem) set({ actionError: { code: 'fetch-failed', message: queryProblem } });
    enableMemory();
    remember();
    watchShareLinks();
  }
}

let stopping: Promise<void> | undefined;

/**
 * Ends a worker that does not answer (a guest stuck in a loop) and reopens the sources in a fresh
 * one, cursor at the start. Requests in flight fail with `reason` and `code`. Asked again while it
 * restarts (two watchdogs can see the same stuck guest), it does not restart twice.
 */
export function stopEngine(
  reason = 'Stopped: the engine was restarted.',
  code: EngineError['code'] = 'internal',
): Promise<void> {
  stopping ??= restartEngine(reason, code).finally(() => (stopping = undefined));
  return stopping;
}

async function restartEngine(reason: string, code: EngineError['code']): Promise<void> {
  await flushMemory();
  const last = (await loadLastSession()).session;
  engine().restart(reason, code);
  set({ busy: undefined, session: undefined, component: { loading: false } });
  const codec = get().codecServer;
  if (codec) await engine().request({ type: 'set-codec-server', config: codec });
  if (last) {
    try {
      await restore({ ...last, cursor: { step: -1 } });
    } catch (thrown) {
      set({ restoreError: `Could not reopen after stopping: ${(thrown as Error).message}` });
    }
  }
  // Reopening clears errors; why the engine was stopped must stay on screen.
  set({ actionError: { code, message: reason } });
}

export function dismissRestoreError(): void {
  set({ restoreError: undefined });
}
