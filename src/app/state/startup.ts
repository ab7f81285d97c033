/**
 * Start-up: the examples' list, then a shared link, `?history=`/`?component=`, or the last session
 * (cursor, breakpoints, selection put back); and stopping an engine that does not answer, which
 * reopens the same sources in a fresh one.
 */
import type { ExampleManifest } from '../../../examples/manifest.ts';
import type { EngineError } from '../../engine/remote/protocol.ts';
import { checkArtefactUrl } from '../../engine/share/state.ts';
import { openExampleEntry, fetchExampleComponent } from './examples.ts';
import { select, setFilter } from './inspect.ts';
import { enableMemory, flushMemory, remember } from './memory.ts';
import { openLinkAtStartup, watchShareLinks } from './open-share.ts';
import {
  loadLastSession,
  readRecent,
  sourceRefKey,
  type LastSession,
  type SourceRef,
} from './persist.ts';
import {
  fetchBytes,
  loadComponent,
  openHistory,
  openHistoryUrl,
  opened,
  refreshRecent,
} from './sources.ts';
import { applySnapshot, asEngineError, engine, get, set, whenEngineRestarts } from './store.ts';

const base = import.meta.env.BASE_URL;

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
      opened(await engine().request('new-run', { ...last.run }), undefined, last.run);
    } else if (last.history) {
      if (!(await reopen(last.history, 'history'))) throw new Error('its history did not open');
    } else return;
  }
  if (get().session?.mode !== last.mode)
    applySnapshot(await engine().request('set-mode', { mode: last.mode }));
  if (last.breakpoints.length > 0) {
    const breakpoints = await engine().request('set-breakpoints', {
      breakpoints: last.breakpoints,
    });
    set((s) => ({ session: s.session && { ...s.session, breakpoints } }));
  }
  if (last.cursor.step >= 0)
    applySnapshot(
      await engine().request('step', { action: { kind: 'to-step', index: last.cursor.step } }),
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
  whenEngineRestarts(engineRestarted);
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
 * Ends a worker that does not answer (Stop: host work taking too long, or a user's impatience)
 * and reopens the sources in a fresh one, cursor at the start. Requests in flight fail with
 * `reason` and `code`. Asked again while it restarts, it does not restart twice.
 */
export function stopEngine(
  reason = 'Stopped: the engine was restarted.',
  code: EngineError['code'] = 'internal',
): Promise<void> {
  stopping ??= reopenSources({ code, message: reason }, true).finally(() => (stopping = undefined));
  return stopping;
}

/** The engine's watchdog (or a crash) replaced the worker: the sources reopen in the new one. */
function engineRestarted(error: EngineError): void {
  const said = { ...error, message: `${error.message} The sources were reopened.` };
  stopping ??= reopenSources(said, false).finally(() => (stopping = undefined));
}

async function reopenSources(error: EngineError, restart: boolean): Promise<void> {
  await flushMemory();
  const last = (await loadLastSession()).session;
  if (restart) engine().restart(error);
  set({ busy: undefined, session: undefined, component: { loading: false } });
  const codec = get().codecServer;
  if (codec) await engine().request('set-codec-server', { config: codec });
  if (last) {
    try {
      await restore({ ...last, cursor: { step: -1 } });
    } catch (thrown) {
      set({ restoreError: `Could not reopen after stopping: ${(thrown as Error).message}` });
    }
  }
  // Reopening clears errors; why the engine was stopped must stay on screen.
  set({ actionError: error });
}

export function dismissRestoreError(): void {
  set({ restoreError: undefined });
}
