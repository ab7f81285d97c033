/**
 * App state plus the actions that change it. Components read slices and call actions; only actions
 * talk to the engine worker. A failed action records its error and leaves the last good state alone.
 */
import { create } from 'zustand';
import type { ExampleManifest, ExampleManifestEntry } from '../../../examples/manifest.ts';
import {
  DEFAULT_CALL_LIMIT_MS,
  EngineRequestError,
  type EngineClient,
} from '../../engine/remote/client.ts';
import type {
  CodeSource,
  CodeSummary,
  EngineError,
  RunView,
} from '../../engine/remote/protocol.ts';
import { createBrowserEngine } from '../engine-worker/client.ts';

export interface AppState {
  examples: ExampleManifestEntry[];
  examplesError?: string;
  exampleId?: string;
  component: {
    loading: boolean;
    summary?: CodeSummary;
    error?: EngineError;
    /** The engine was restarted and lost the component: it can be loaded again from here. */
    lost?: string;
  };
  run: { running: boolean; view?: RunView; error?: EngineError };
  /** Defaults for the run form, from the selected example. */
  runForm: { workflowType: string; input: string };
  /** Longest a single guest call may run before the engine is stopped, in seconds. */
  callLimitSeconds: number;
}

const initial: AppState = {
  examples: [],
  component: { loading: false },
  run: { running: false },
  runForm: { workflowType: '', input: '[]' },
  callLimitSeconds: DEFAULT_CALL_LIMIT_MS / 1000,
};

export const useApp = create<AppState>(() => initial);

const set = useApp.setState;
const get = useApp.getState;

/** Where the current component came from, so it can be loaded again after a restart. */
let lastSource: CodeSource | undefined;

let engine: EngineClient | undefined;
const getEngine = () =>
  (engine ??= createBrowserEngine({
    callLimitMs: get().callLimitSeconds * 1000,
    onRestart: () =>
      set((s) => ({
        component: {
          loading: false,
          lost: s.component.summary?.label ?? 'the component',
        },
      })),
  }));

function asEngineError(thrown: unknown): EngineError {
  if (thrown instanceof EngineRequestError) return thrown.error;
  return { code: 'internal', message: thrown instanceof Error ? thrown.message : String(thrown) };
}

/** A fresh copy for each request: the worker takes ownership of transferred bytes. */
function sendable(source: CodeSource): { source: CodeSource; transfer: ArrayBuffer[] } {
  if (source.kind !== 'bytes') return { source, transfer: [] };
  const bytes = source.bytes.slice(0);
  return { source: { ...source, bytes }, transfer: [bytes] };
}

async function loadCode(source: CodeSource): Promise<boolean> {
  set((s) => ({ component: { ...s.component, loading: true, error: undefined } }));
  try {
    const { source: sent, transfer } = sendable(source);
    const summary = await getEngine().request('load-code', { source: sent }, transfer);
    lastSource = source;
    set({ component: { loading: false, summary }, run: { running: false } });
    return true;
  } catch (thrown) {
    set((s) => ({ component: { ...s.component, loading: false, error: asEngineError(thrown) } }));
    return false;
  }
}

export const actions = {
  async init(): Promise<void> {
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}examples/index.json`);
      if (!response.ok) throw new Error(`examples/index.json: HTTP ${response.status}`);
      const manifest = (await response.json()) as ExampleManifest;
      set({ examples: manifest.examples });
      const first = manifest.examples[0];
      if (first) await actions.openExample(first.id);
    } catch (thrown) {
      set({
        examplesError: `Could not load the bundled examples (${thrown instanceof Error ? thrown.message : String(thrown)}). Run \`npm run build:examples\`.`,
      });
    }
  },

  async openExample(id: string): Promise<void> {
    const example = get().examples.find((e) => e.id === id);
    if (!example) return;
    set({ exampleId: id });
    // The engine fetches the example itself: the bytes never pass through the page.
    const url = new URL(`${import.meta.env.BASE_URL}${example.component}`, location.href).href;
    const ok = await loadCode({ kind: 'url', url, label: `${example.id}.wasm` });
    if (!ok) return;
    set({ runForm: { workflowType: example.workflowType, input: JSON.stringify(example.input) } });
    await actions.run();
  },

  async openComponentFile(file: File): Promise<void> {
    const ok = await loadCode({ kind: 'bytes', bytes: await file.arrayBuffer(), label: file.name });
    if (!ok) return;
    const first = get().component.summary?.workflows[0];
    set({
      exampleId: undefined,
      runForm: { workflowType: first?.workflowType ?? '', input: '[]' },
    });
  },

  /** Loads the last component again, e.g. after the watchdog restarted the engine. */
  async reloadComponent(): Promise<void> {
    if (lastSource) await loadCode(lastSource);
  },

  dismissComponentError(): void {
    set((s) => ({ component: { ...s.component, error: undefined } }));
  },

  setRunForm(patch: Partial<AppState['runForm']>): void {
    set((s) => ({ runForm: { ...s.runForm, ...patch } }));
  },

  setCallLimitSeconds(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds <= 0) return;
    set({ callLimitSeconds: seconds });
    if (engine) engine.callLimitMs = seconds * 1000;
  },

  async run(): Promise<void> {
    const { workflowType, input } = get().runForm;
    let args: unknown;
    try {
      args = JSON.parse(input);
    } catch (thrown) {
      set((s) => ({
        run: {
          ...s.run,
          error: { code: 'internal', message: `Input is not JSON: ${(thrown as Error).message}` },
        },
      }));
      return;
    }
    if (!Array.isArray(args)) {
      set((s) => ({
        run: {
          ...s.run,
          error: {
            code: 'internal',
            message: 'Input must be a JSON array of workflow arguments, e.g. ["Temporal"].',
          },
        },
      }));
      return;
    }
    set((s) => ({ run: { ...s.run, running: true, error: undefined } }));
    try {
      const view = await getEngine().request('run-first-activation', { workflowType, args });
      set({ run: { running: false, view } });
    } catch (thrown) {
      set((s) => ({ run: { ...s.run, running: false, error: asEngineError(thrown) } }));
    }
  },
};
