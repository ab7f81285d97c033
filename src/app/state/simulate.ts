/**
 * Simulated runs and the scenario editor's intents: edit the scenario text, run it (the simulated
 * history opens in the debugger), and download the open history as a server would export it.
 */
import type { Simulated } from '../../engine/remote/protocol.ts';
import { showTab } from './inspect.ts';
import { remember } from './memory.ts';
import { rememberSource, type SourceRef } from './persist.ts';
import { isLatestOpen, nextOpen, opened, refreshRecent } from './sources.ts';
import { step as stepSession } from './stepping.ts';
import { asEngineError, engine, get, set } from './store.ts';

/** Above this many workflow tasks a simulated run opens at its start instead of replaying to the end. */
const REPLAY_ON_OPEN_TASKS = 1_000;

/**
 * Simulates `scenario` with the loaded component (the activities of the example `exampleId`
 * answer what the scenario leaves out) and opens the recorded history under `ref`. Undefined when
 * it failed (the error shows beside the scenario, naming its field, and the loaded session stays)
 * or something newer was opened meanwhile.
 */
export async function simulateAndOpen(
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
    result = await engine().request('simulate', {
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
  if (!isLatestOpen(ticket)) return undefined;
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
export async function replayOpened(workflowTasks: number, ticket: number): Promise<void> {
  if (!isLatestOpen(ticket) || workflowTasks > REPLAY_ON_OPEN_TASKS) return;
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
  const ticket = nextOpen();
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
  const { json, label } = await engine().request('export-history', null);
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = label.replace(/\.(json|bin|gz|pb)$/i, '').replace(/[^\w.-]+/g, '-') + '.json';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
