/**
 * Selection and inspection: what is selected (an event, a workflow task, an activation, a call, a
 * command), which inspector shows it, and fetching its details from the worker. Answers that
 * arrive after the selection moved on are dropped.
 */
import type { EventFilter } from '../engine-worker/protocol.ts';
import type { Selection } from './persist.ts';
import { remember } from './memory.ts';
import { asEngineError, engine, get, set, type InspectorTab } from './store.ts';

let detailRequest = 0;

function defaultTab(selection: Selection): InspectorTab {
  switch (selection.kind) {
    case 'event':
      return 'event';
    case 'task':
      return 'determinism';
    case 'step':
      return 'activation';
    case 'call':
      return 'trace';
    case 'command':
      return 'commands';
  }
}

/** Workflow task of a selection, for the determinism table. */
export function taskOfSelection(selection: Selection | undefined): number | undefined {
  const s = get();
  if (!selection) {
    const step = s.session?.steps[s.session.cursor.step];
    return step && step.task >= 0 ? step.task : undefined;
  }
  switch (selection.kind) {
    case 'task':
      return selection.task;
    case 'event': {
      const task = s.history.view?.index.taskOf[selection.eventId - 1];
      return task !== undefined && task >= 0 ? task : undefined;
    }
    default: {
      const step = s.session?.steps[selection.step];
      return step && step.task >= 0 ? step.task : undefined;
    }
  }
}

export function stepOfSelection(selection: Selection | undefined): number | undefined {
  const s = get();
  if (!selection)
    return s.session && s.session.cursor.step >= 0 ? s.session.cursor.step : undefined;
  if (selection.kind === 'step' || selection.kind === 'call' || selection.kind === 'command')
    return selection.step;
  if (selection.kind === 'task') {
    // The last activation of that task replayed so far.
    const steps = s.session?.steps ?? [];
    for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.task === selection.task) return i;
  }
  return undefined;
}

/** Fetches what the current tab needs for the current selection. */
export async function loadDetail(): Promise<void> {
  const s = get();
  if (!s.session) return;
  const id = ++detailRequest;
  const selection = s.selection;
  const tab = s.inspectorTab;
  set((st) => ({ detail: { ...st.detail, loading: true, error: undefined } }));
  try {
    const patch: Partial<ReturnType<typeof get>['detail']> = {};
    if (tab === 'event' && selection?.kind === 'event') {
      patch.event = await engine().request({ type: 'event-detail', eventId: selection.eventId });
    } else if (tab === 'determinism') {
      const task = taskOfSelection(selection);
      patch.determinism =
        task === undefined ? undefined : await engine().request({ type: 'determinism', task });
    } else if (tab === 'activation' || tab === 'commands' || tab === 'trace' || tab === 'run') {
      const step = stepOfSelection(selection);
      patch.step =
        step === undefined
          ? undefined
          : await engine().request({ type: 'step-detail', index: step });
    }
    if (id !== detailRequest) return;
    set((st) => ({ detail: { ...st.detail, ...patch, loading: false } }));
  } catch (thrown) {
    if (id !== detailRequest) return;
    set((st) => ({ detail: { ...st.detail, loading: false, error: asEngineError(thrown) } }));
  }
}

export function select(selection: Selection | undefined, tab?: InspectorTab): void {
  set({
    selection,
    inspectorTab: tab ?? (selection ? defaultTab(selection) : get().inspectorTab),
  });
  remember();
  void loadDetail();
}

export function showTab(tab: InspectorTab): void {
  set({ inspectorTab: tab });
  void loadDetail();
}

let filterRequest = 0;
let filterTimer: ReturnType<typeof setTimeout> | undefined;

const isEmpty = (f: EventFilter) => f.categories.length === 0 && f.types.length === 0 && !f.text;

/** Runs the event filter in the worker (debounced while typing). */
export function setFilter(patch: Partial<EventFilter>, immediate = false): void {
  const filter = { ...get().filter, ...patch };
  set({ filter });
  remember();
  clearTimeout(filterTimer);
  const run = async () => {
    const id = ++filterRequest;
    if (isEmpty(filter)) {
      set({ filtered: undefined, filterError: undefined });
      return;
    }
    try {
      const { positions } = await engine().request({ type: 'filter-events', filter });
      if (id === filterRequest) set({ filtered: positions, filterError: undefined });
    } catch (thrown) {
      if (id === filterRequest) set({ filterError: asEngineError(thrown).message });
    }
  };
  if (immediate) void run();
  else filterTimer = setTimeout(() => void run(), 150);
}

export function setZoom(zoom: number): void {
  set({ zoom: Math.min(4, Math.max(0.25, zoom)) });
  remember();
}
