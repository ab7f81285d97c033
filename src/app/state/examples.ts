/**
 * The bundled examples: opening one (its component and its recorded or simulated run), or its
 * component alone to replay the open history.
 */
import { exampleScenario, type ExampleManifestEntry } from '../../../examples/manifest.ts';
import type { SourceRef } from './persist.ts';
import { replayOpened, simulateAndOpen } from './simulate.ts';
import {
  fetchBytes,
  isLatestOpen,
  loadComponent,
  nextOpen,
  openHistory,
  setRunForm,
} from './sources.ts';
import { remember } from './memory.ts';
import { asEngineError, get, set } from './store.ts';

const base = import.meta.env.BASE_URL;

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
export async function openExampleEntry(
  example: ExampleManifestEntry,
  replay = true,
): Promise<boolean> {
  const ticket = nextOpen();
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
  if (!isLatestOpen(ticket)) return false;
  const recorderRef: SourceRef = { kind: 'example', id: recorder.id };
  if (!(await loadComponent(recorderBytes, `${recorder.id}.wasm`, recorderRef))) return false;
  // The selector names the example once its component is the one loaded.
  if (recorder === example) set({ exampleId: example.id });
  if (!isLatestOpen(ticket)) return false;
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
      isLatestOpen(ticket) &&
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
