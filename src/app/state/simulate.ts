/**
 * The scenario editor's intents: edit the scenario text, run it (the simulated history opens in
 * the debugger, see `simulateRun`), and download the open history as a server would export it.
 */
import { simulateRun } from './sources.ts';
import { engine, get, set } from './store.ts';

export function setScenarioText(text: string): void {
  set((s) => ({
    scenario: {
      ...s.scenario,
      text,
      ...(s.scenario.error && parses(text) ? { error: undefined } : {}),
    },
  }));
}

/** Whether text is JSON: an error about older text is stale once the edited text parses. */
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Runs the edited scenario; false (with the error beside the editor) when it did not open. */
export async function runScenario(): Promise<boolean> {
  const { text } = get().scenario;
  let scenario: unknown;
  try {
    scenario = JSON.parse(text);
  } catch (thrown) {
    set((s) => ({
      scenario: {
        ...s.scenario,
        error: {
          code: 'scenario',
          message: `The scenario is not JSON: ${(thrown as Error).message}`,
        },
      },
    }));
    return false;
  }
  return simulateRun(scenario);
}

/** Saves the open history as canonical proto3 JSON (what `temporal workflow show --output json` writes). */
export async function downloadHistory(): Promise<void> {
  const { json, label } = await engine().request({ type: 'export-history' });
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = label.replace(/\.(json|bin|gz|pb)$/i, '').replace(/[^\w.-]+/g, '-') + '.json';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
