/**
 * Opening a shared session: a `#share=` or `#history=…&component=…` link (at start-up and when
 * the fragment changes), or a bundle file (dropped or picked). The worker checks the link or
 * bundle and plans the session (`planSession`); this module then
 *
 * 1. prepares every action: fetches and checks what the session needs (the component, a history
 *    named by URL, the file the user must pick) while the page still shows its own session, and
 * 2. performs them in order with the page's usual intents, stopping at the first that fails.
 *
 * So a link that cannot open (damaged, cut off, a bomb, a server that refuses) leaves the current
 * session as it was, and the page says why.
 */
import { sha256Hex } from '../../engine/host/sha256.ts';
// Only the bundle's head and types: the share code itself runs in the worker.
import { isBundle } from '../../engine/share/bundle-head.ts';
import type { ShareState } from '../../engine/share/index.ts';
import type { EngineError, ShareAction, ShareInput } from '../../engine/remote/protocol.ts';
import { bytes as formatBytes } from '../common/format.ts';
import { select, setFilter } from './inspect.ts';
import { fetchExampleComponent } from './examples.ts';
import { loadComponent, openComponentBytes, openHistory, openHistoryBytes } from './sources.ts';
import { setScenarioText, simulateRun } from './simulate.ts';
import { setBreakpoints, setMode, step } from './stepping.ts';
import { asEngineError, engine, get, set, useApp, type ShareUi } from './store.ts';

/** Performs one prepared action; the error when it did not work. */
type Perform = () => Promise<EngineError | undefined>;
type Prepared = { perform: Perform } | { error: EngineError };

const patchShare = (patch: Partial<ShareUi>) => set((s) => ({ share: { ...s.share, ...patch } }));

// Intents show their errors in place; a shared session reports them as its own instead.
function takeComponentError(): EngineError {
  const error = get().component.error ?? {
    code: 'internal',
    message: 'the component did not load',
  };
  set((s) => ({ component: { ...s.component, error: undefined } }));
  return error;
}

function takeHistoryError(): EngineError {
  const error = get().history.error ?? { code: 'internal', message: 'the history did not open' };
  set((s) => ({ history: { ...s.history, error: undefined } }));
  return error;
}

function takeActionError(otherwise: string): EngineError {
  const error = get().actionError ?? { code: 'internal', message: otherwise };
  set({ actionError: undefined });
  return error;
}

// ── Preparing: nothing the page shows changes here ─────────────────────────────────────────

type ComponentAction = Extract<ShareAction, { kind: 'load-component' }>;

async function prepareComponent({ source }: ComponentAction): Promise<Prepared> {
  switch (source.kind) {
    case 'example': {
      const examples = get().examples;
      const example = examples.find((e) => e.id === source.id);
      if (!example)
        return {
          error: {
            code: 'bad-field',
            message: `the link runs the bundled example "${source.id}", which this Workflow Playground does not have (it has ${examples.map((e) => e.id).join(', ') || 'none'})`,
          },
        };
      let bytes: ArrayBuffer;
      try {
        bytes = await fetchExampleComponent(example);
      } catch (thrown) {
        return { error: asEngineError(thrown) };
      }
      return {
        perform: async () => {
          const ref = { kind: 'example', id: example.id } as const;
          if (!(await loadComponent(bytes, `${example.id}.wasm`, ref))) return takeComponentError();
          set({ exampleId: example.id });
          return undefined;
        },
      };
    }
    case 'url': {
      let bytes: ArrayBuffer;
      try {
        // The worker fetches it under the size limit and checks its pin.
        ({ bytes } = await engine().request('fetch-shared-component', {
          url: source.url,
          ...(source.sha256 && { sha256: source.sha256 }),
        }));
      } catch (thrown) {
        return { error: asEngineError(thrown) };
      }
      const label = new URL(source.url).pathname.split('/').pop() || source.url;
      return {
        perform: async () => {
          const ref = { kind: 'url', url: source.url } as const;
          if (!(await loadComponent(bytes, label, ref))) return takeComponentError();
          set({ exampleId: undefined });
          return undefined;
        },
      };
    }
    case 'bytes':
      return {
        perform: async () =>
          (await openComponentBytes(source.bytes, source.label)) ? undefined : takeComponentError(),
      };
    case 'ask-file': {
      const picked = await askForComponentFile(source);
      if (!picked) {
        const size = source.size !== undefined ? `, ${formatBytes(source.size)}` : '';
        return {
          error: {
            code: 'no-code',
            message: `no file was picked: the shared session runs the component ${source.label ?? 'file'} (SHA-256 ${source.sha256}${size}), a file on the sender's machine. Pick the same file, or ask for a bundle, which carries it.`,
          },
        };
      }
      return {
        perform: async () =>
          (await openComponentBytes(picked.bytes, picked.name)) ? undefined : takeComponentError(),
      };
    }
  }
}

type HistoryAction = Extract<ShareAction, { kind: 'open-history' }>;

async function prepareHistory(action: HistoryAction, state: ShareState): Promise<Prepared> {
  const { source, workflowId } = action;
  if (source.kind === 'bytes') {
    return {
      perform: async () =>
        (await openHistoryBytes(source.bytes, source.label, workflowId))
          ? undefined
          : takeHistoryError(),
    };
  }
  let fetched: { bytes: ArrayBuffer; label: string };
  try {
    // The worker fetches it under the size limit, checks its pin and the state's event ids.
    fetched = await engine().request('fetch-shared-history', {
      url: source.url,
      state,
      ...(source.sha256 && { sha256: source.sha256 }),
    });
  } catch (thrown) {
    return { error: asEngineError(thrown) };
  }
  return {
    perform: async () =>
      (await openHistory(
        { kind: 'bytes', bytes: fetched.bytes },
        fetched.label,
        { kind: 'url', url: source.url },
        workflowId,
      ))
        ? undefined
        : takeHistoryError(),
  };
}

/**
 * The scenario of a simulated run. Beside a recorded history it becomes the page's scenario (to
 * edit and run again); alone, the page simulates it with the shared component and opens what it
 * records.
 */
function prepareScenario(
  action: Extract<ShareAction, { kind: 'run-scenario' | 'set-scenario' }>,
): Prepared {
  const text = JSON.stringify(action.scenario, null, 2);
  if (action.kind === 'set-scenario')
    return { perform: async () => (setScenarioText(text), undefined) };
  return {
    perform: async () => {
      setScenarioText(text);
      if (await simulateRun(action.scenario)) return undefined;
      return (
        get().scenario.error ?? { code: 'scenario', message: 'the shared scenario did not run' }
      );
    },
  };
}

const describeCursor = (c: { step: number; call?: number } | undefined) =>
  !c
    ? 'no session'
    : c.step < 0
      ? 'before activation 1'
      : `activation ${c.step + 1}${c.call !== undefined ? `, call ${c.call + 1}` : ''}`;

async function prepare(action: ShareAction, state: ShareState): Promise<Prepared> {
  switch (action.kind) {
    case 'load-component':
      return prepareComponent(action);
    case 'open-history':
      return prepareHistory(action, state);
    case 'run-scenario':
    case 'set-scenario':
      return prepareScenario(action);
    case 'set-mode':
      return {
        perform: async () => {
          const session = get().session;
          const chosen = action.workflowFunction;
          if (
            session?.mode === action.mode &&
            (chosen === undefined || session.workflowFunction === chosen)
          )
            return undefined;
          const declared = get().component.summary?.workflows.map((w) => w.workflowType);
          if (chosen !== undefined && declared && !declared.includes(chosen))
            return {
              code: 'no-code',
              message: `the shared session replays with the workflow function "${chosen}", which the component does not have (it has ${declared.join(', ') || 'none'})`,
            } satisfies EngineError;
          // A component without the history's workflow type cannot replay it: the page replays
          // the history alone and says why (modeNote), and the rest of the session still applies.
          if (action.mode === 'component' && session?.modeNote && chosen === undefined)
            return undefined;
          await setMode(action.mode, chosen);
          const now = get().session;
          if (
            now?.mode === action.mode &&
            (chosen === undefined || now.workflowFunction === chosen)
          )
            return undefined;
          return takeActionError(`the replay mode could not be set to "${action.mode}"`);
        },
      };
    case 'set-breakpoints':
      return {
        perform: async () =>
          (await setBreakpoints(action.breakpoints))
            ? undefined
            : takeActionError('the breakpoints could not be set'),
      };
    case 'go-to-step': {
      const target = { step: action.step, ...(action.call !== undefined && { call: action.call }) };
      const reached = () => {
        const c = get().session?.cursor;
        return c?.step === target.step && c.call === target.call;
      };
      return {
        perform: async () => {
          if (!reached())
            await step({
              kind: 'to-step',
              index: action.step,
              ...(action.call !== undefined && { call: action.call }),
            });
          if (reached()) return undefined;
          if (get().actionError) return takeActionError('');
          return {
            code: 'bad-field',
            message: `the link's cursor is at ${describeCursor(target)}, but this replay stops at ${describeCursor(get().session?.cursor)}: the history or the component is not the one the link was made with`,
          };
        },
      };
    }
    case 'set-filter':
      return {
        perform: async () => {
          setFilter(action.filter, true);
          return undefined;
        },
      };
    case 'select':
      return {
        perform: async () => {
          select(action.selection);
          return undefined;
        },
      };
  }
}

// ── Opening ────────────────────────────────────────────────────────────────────────────────

/** Links and bundles open one at a time, in the order they arrive. */
let queue: Promise<unknown> = Promise.resolve();

function enqueue<T>(open: () => Promise<T>): Promise<T> {
  const run = queue.then(open);
  queue = run.catch(() => undefined);
  return run;
}

/** True when it opened, false when it did not (the page says why), undefined: not a share. */
async function openShared(
  input: ShareInput,
  what: 'link' | 'bundle',
): Promise<boolean | undefined> {
  const kept = () => {
    const label = get().history.view?.label;
    return label ? `Still showing ${label}.` : undefined;
  };
  const fail = (error: EngineError, note: string | undefined) => {
    patchShare({
      openError: {
        what,
        error: { code: error.code, message: error.message },
        ...(note && { note }),
      },
    });
    return false;
  };
  patchShare({ opening: true, openError: undefined });
  try {
    let plan;
    try {
      plan = await engine().request('open-share', { input });
    } catch (thrown) {
      return fail(asEngineError(thrown), kept());
    }
    if (!plan) return undefined;
    const performs: Perform[] = [];
    for (const action of plan.actions) {
      const prepared = await prepare(action, plan.state);
      if ('error' in prepared) return fail(prepared.error, kept());
      performs.push(prepared.perform);
    }
    for (const [i, perform] of performs.entries()) {
      const error = await perform();
      // The first action to run (a component or history load) changes nothing when it fails.
      if (error)
        return fail(
          error,
          i === 0
            ? kept()
            : 'The shared session opened only in part: what the link holds beyond this was not applied.',
        );
    }
    return true;
  } finally {
    patchShare({ opening: false });
  }
}

/** Whether a file is a bundle, by its first bytes (never by its name). */
export async function isBundleFile(file: Blob): Promise<boolean> {
  return isBundle(new Uint8Array(await file.slice(0, 8).arrayBuffer()));
}

export function openBundleFile(file: Blob): Promise<boolean> {
  return enqueue(async () => (await openShared({ kind: 'bundle', file }, 'bundle')) === true);
}

/**
 * Opens the session in the address bar's fragment. Once it opens, the fragment is removed: the
 * session is remembered like any other from then on, so a reload shows where the user got to, not
 * the sender's cursor again, and the address bar does not show a link that no longer matches the
 * page. A fragment that did not open stays, to be read and copied again.
 */
async function openFragment(): Promise<boolean> {
  const fragment = location.hash;
  if (!fragment || fragment === '#') return false;
  const opened = await openShared({ kind: 'fragment', fragment }, 'link');
  if (opened && location.hash === fragment)
    window.history.replaceState(window.history.state, '', location.pathname + location.search);
  return opened === true;
}

/** At start-up: true when the address held a shared session and it opened. */
export function openLinkAtStartup(): Promise<boolean> {
  return enqueue(openFragment);
}

let watching = false;

/** A link pasted into the address bar of an open page changes only the fragment. */
export function watchShareLinks(): void {
  if (watching) return;
  watching = true;
  window.addEventListener('hashchange', () => void enqueue(openFragment));
}

export function dismissShareError(): void {
  patchShare({ openError: undefined });
}

// ── The component file a link names by hash ───────────────────────────────────────────────

type Picked = { bytes: ArrayBuffer; name: string } | undefined;
let pending: { resolve: (picked: Picked) => void; stop: () => void } | undefined;

function askForComponentFile(source: {
  sha256: string;
  label?: string;
  size?: number;
}): Promise<Picked> {
  patchShare({ ask: { ...source } });
  set({ dialog: 'share-file' });
  return new Promise((resolve) => {
    // Closing the dialog any way at all (Escape, ×, a click outside) declines.
    const stop = useApp.subscribe((s) => {
      if (s.dialog !== 'share-file') reply(undefined);
    });
    pending = { resolve, stop };
  });
}

function reply(picked: Picked): void {
  const current = pending;
  if (!current) return;
  pending = undefined;
  current.stop();
  patchShare({ ask: undefined });
  if (get().dialog === 'share-file') set({ dialog: undefined });
  current.resolve(picked);
}

/** The user picked a file for the shared session: it is used only if its SHA-256 matches. */
export async function offerComponentFile(file: File): Promise<void> {
  const ask = get().share.ask;
  if (!ask || !pending) return;
  const bytes = await file.arrayBuffer();
  const sha256 = await sha256Hex(new Uint8Array(bytes));
  if (sha256 !== ask.sha256) {
    patchShare({
      ask: {
        ...ask,
        // The full expected digest is on the dialog already; a prefix tells them apart.
        problem: `${file.name} is not the file this session was shared with: its SHA-256 starts ${sha256.slice(0, 16)}, not ${ask.sha256.slice(0, 16)}. Was it rebuilt since?`,
      },
    });
    return;
  }
  reply({ bytes, name: file.name });
}

export function declineComponentFile(): void {
  reply(undefined);
}
