/**
 * Applying a shared session, as a pure function: an opened share in, the ordered actions that
 * recreate the session out. The app performs them one by one with its usual intents (load a
 * component, open a history, set breakpoints, step, filter, select) and stops at the first that
 * fails, keeping its current session; nothing here touches the engine or the page.
 */
import type { Breakpoint } from '../session/session.ts';
import type { Scenario } from '../sim/scenario.ts';
import type { OpenedShare, SharedHistory } from './open.ts';
import { UNFILTERED, type ReplayMode, type SharedFilter, type SharedSelection } from './state.ts';

export type ComponentSource =
  | { kind: 'example'; id: string }
  /** Fetch with `fetchArtefact`, which checks `sha256` when there is one. */
  | { kind: 'url'; url: string; sha256?: string }
  /** Carried by a bundle, already checked against its hash. */
  | { kind: 'bytes'; bytes: Uint8Array; label: string; sha256: string }
  /** The receiver must pick this file; check its hash (`sha256Hex`) before loading it. */
  | { kind: 'ask-file'; sha256: string; label?: string; size?: number };

export type HistorySource =
  /** Carried by the link or bundle, already loaded and checked. */
  | { kind: 'loaded'; history: SharedHistory }
  /** Fetch with `fetchSharedHistory`, then `checkStateAgainstHistory`. */
  | { kind: 'url'; url: string; sha256?: string };

export type SessionAction =
  | { kind: 'load-component'; source: ComponentSource }
  | { kind: 'open-history'; source: HistorySource; workflowId?: string }
  /** No recorded history: simulate the scenario with the component and open what it records. */
  | { kind: 'run-scenario'; scenario: Scenario; workflowId?: string }
  /** A recorded history came from this scenario: keep it for the next simulated run. */
  | { kind: 'set-scenario'; scenario: Scenario }
  /** `workflowFunction`: the component's workflow that replays the history, when chosen. */
  | { kind: 'set-mode'; mode: ReplayMode; workflowFunction?: string }
  | { kind: 'set-breakpoints'; breakpoints: Breakpoint[] }
  /** Step (replaying from the start) until activation `step` is current; -1 is before the first. */
  | { kind: 'go-to-step'; step: number; call?: number }
  | { kind: 'set-filter'; filter: SharedFilter }
  | { kind: 'select'; selection: SharedSelection };

export function planSession(share: OpenedShare): SessionAction[] {
  const { state } = share;
  const actions: SessionAction[] = [];
  const component = state.component;
  if (component) {
    let source: ComponentSource;
    if (component.kind === 'sha256') {
      source = share.component
        ? { kind: 'bytes', ...share.component }
        : {
            kind: 'ask-file',
            sha256: component.sha256,
            ...(component.label !== undefined && { label: component.label }),
            ...(component.size !== undefined && { size: component.size }),
          };
    } else {
      source = component;
    }
    actions.push({ kind: 'load-component', source });
  }
  const workflowId = state.workflowId !== undefined ? { workflowId: state.workflowId } : {};
  if (share.history) {
    actions.push({
      kind: 'open-history',
      source: { kind: 'loaded', history: share.history },
      ...workflowId,
    });
  } else if (state.history?.kind === 'url') {
    actions.push({ kind: 'open-history', source: state.history, ...workflowId });
  } else if (state.scenario) {
    actions.push({ kind: 'run-scenario', scenario: state.scenario, ...workflowId });
  }
  if (state.history && state.scenario)
    actions.push({ kind: 'set-scenario', scenario: state.scenario });
  // Everything below replaces what the receiver had: the shared session is restored exactly.
  actions.push({
    kind: 'set-mode',
    mode: state.mode,
    ...(state.mode === 'component' &&
      state.workflowFunction !== undefined && { workflowFunction: state.workflowFunction }),
  });
  actions.push({ kind: 'set-breakpoints', breakpoints: state.breakpoints });
  actions.push({
    kind: 'go-to-step',
    step: state.cursor.step,
    ...(state.cursor.call !== undefined && { call: state.cursor.call }),
  });
  actions.push({ kind: 'set-filter', filter: state.filter ?? UNFILTERED });
  if (state.selection) actions.push({ kind: 'select', selection: state.selection });
  return actions;
}
