/**
 * What the main area shows: the debugger's replay session over its history, or the live run a
 * bridge reports. The timeline and the inspectors read these selectors, so both are drawn by the
 * same components; the debugger's state is left alone while a live run is shown.
 */
import type { Selection } from './persist.ts';
import type { AppState, HistoryState, RunState } from './store.ts';

export const showingLive = (s: AppState): boolean => s.showing === 'live' && !!s.bridge;

export const shownHistory = (s: AppState): HistoryState | undefined =>
  showingLive(s) ? s.bridge!.shown?.history : s.history.view;

export const shownRun = (s: AppState): RunState | undefined =>
  showingLive(s) ? s.bridge!.shown?.run : s.session;

export const shownSelection = (s: AppState): Selection | undefined =>
  showingLive(s) ? s.bridge!.selection : s.selection;
