/**
 * App state plus the actions that change it. Components read slices and call actions; only actions
 * talk to the engine worker. A failed action records its error and leaves the last good state alone.
 */
import { create } from 'zustand';
import type { ExampleManifest, ExampleManifestEntry } from '../../../examples/manifest.ts';
import { EngineClient, EngineRequestError } from '../engine-worker/client.ts';
import type { ComponentSummary, EngineError, RunView } from '../engine-worker/protocol.ts';

export interface AppState {
  examples: ExampleManifestEntry[];
  examplesError?: string;
  exampleId?: string;
  component: { loading: boolean; summary?: ComponentSummary; error?: EngineError };
  run: { running: boolean; view?: RunView; error?: EngineError };
  /** Defaults for the run form, from the selected example. */
  runForm: { workflowType: string; input: string };
}

const initial: AppState = {
  examples: [],
  component: { loading: false },
  run: { running: false },
  runForm: { workflowType: '', input: '[]' },
};

export const useApp = create<AppState>(() => initial);

let engine: EngineClient | undefined;
const getEngine = () => (engine ??= new EngineClient());

function asEngineError(thrown: unknown): EngineError {
  if (thrown instanceof EngineRequestError) return thrown.error;
  return { code: 'internal', message: thrown instanceof Error ? thrown.message : String(thrown) };
}

const set = useApp.setState;
const get = useApp.getState;

async function loadComponentBytes(bytes: ArrayBuffer, label: string): Promise<boolean> {
  set((s) => ({ component: { ...s.component, loading: true, error: undefined } }));
  try {
    const summary = await getEngine().request({ type: 'load-component', bytes, label }, [bytes]);
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
    const response = await fetch(`${import.meta.env.BASE_URL}${example.component}`);
    if (!response.ok) {
      set((s) => ({
        component: {
          ...s.component,
          error: { code: 'internal', message: `${example.component}: HTTP ${response.status}` },
        },
      }));
      return;
    }
    const ok = await loadComponentBytes(await response.arrayBuffer(), `${example.id}.wasm`);
    if (!ok) return;
    set({ runForm: { workflowType: example.workflowType, input: JSON.stringify(example.input) } });
    await actions.run();
  },

  async openComponentFile(file: File): Promise<void> {
    const ok = await loadComponentBytes(await file.arrayBuffer(), file.name);
    if (!ok) return;
    const first = get().component.summary?.workflows[0];
    set({
      exampleId: undefined,
      runForm: { workflowType: first?.workflowType ?? '', input: '[]' },
    });
  },

  dismissComponentError(): void {
    set((s) => ({ component: { ...s.component, error: undefined } }));
  },

  setRunForm(patch: Partial<AppState['runForm']>): void {
    set((s) => ({ runForm: { ...s.runForm, ...patch } }));
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
      const view = await getEngine().request({ type: 'run-first-activation', workflowType, args });
      set({ run: { running: false, view } });
    } catch (thrown) {
      set((s) => ({ run: { ...s.run, running: false, error: asEngineError(thrown) } }));
    }
  },
};
