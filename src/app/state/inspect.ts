/**
 * Selection and inspection: what is selected (an event, a workflow task, an activation, a call, a
 * command), which inspector shows it, and fetching its details from the worker. Answers that
 * arrive after the selection moved on are dropped.
 */
import type { EventFilter, WatchQuery } from '../../engine/remote/protocol.ts';
import type { Selection } from './persist.ts';
import { remember } from './memory.ts';
import { showingLive, shownHistory, shownRun, shownSelection } from './shown.ts';
import { asEngineError, engine, get, set, type AppState, type InspectorTab } from './store.ts';

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

/** Workflow task of a selection (in what the main area shows), for the determinism table. */
export function taskOfSelection(selection: Selection | undefined): number | undefined {
  const s = get();
  const run = shownRun(s);
  if (!selection) {
    const step = run?.steps[run.cursor.step];
    return step && step.task >= 0 ? step.task : undefined;
  }
  switch (selection.kind) {
    case 'task':
      return selection.task;
    case 'event': {
      const task = shownHistory(s)?.index.taskOf[selection.eventId - 1];
      return task !== undefined && task >= 0 ? task : undefined;
    }
    default: {
      const step = run?.steps[selection.step];
      return step && step.task >= 0 ? step.task : undefined;
    }
  }
}

export function stepOfSelection(selection: Selection | undefined): number | undefined {
  const run = shownRun(get());
  if (!selection) return run && run.cursor.step >= 0 ? run.cursor.step : undefined;
  if (selection.kind === 'step' || selection.kind === 'call' || selection.kind === 'command')
    return selection.step;
  if (selection.kind === 'task') {
    // The last activation of that task replayed (or run) so far.
    const steps = run?.steps ?? [];
    for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.task === selection.task) return i;
  }
  return undefined;
}

/** Fetches what the current tab needs for the current selection, in what the main area shows. */
export async function loadDetail(): Promise<void> {
  const s = get();
  const live = showingLive(s);
  if (!live && !s.session) return;
  const id = ++detailRequest;
  const selection = shownSelection(s);
  const tab = s.inspectorTab;
  set((st) => ({ detail: { ...st.detail, loading: true, error: undefined } }));
  try {
    const patch: Partial<ReturnType<typeof get>['detail']> = {};
    if (live) {
      // A live run's details are all in the page: the bridge sent them (its code is loaded by
      // then: it is what connected).
      const [{ liveLog }, { liveStepDetail }] = await Promise.all([
        import('./live-log.ts'),
        import('../../engine/inspect/live-run.ts'),
      ]);
      const run = liveLog().get(s.bridge?.shown?.key ?? -1);
      const step = stepOfSelection(selection);
      patch.step =
        run && step !== undefined ? await liveStepDetail(run, step, s.codecServer) : undefined;
    } else if (tab === 'event' && selection?.kind === 'event') {
      patch.event = await engine().request('event-detail', { eventId: selection.eventId });
    } else if (tab === 'determinism') {
      const task = taskOfSelection(selection);
      patch.determinism =
        task === undefined ? undefined : await engine().request('determinism', { task });
    } else if (tab === 'watch') {
      const before = s.detail.watch;
      patch.watch = await engine().request('watch', { queries: s.watch.extra });
      // The answers one step earlier or later are what a change is marked against.
      if (id === detailRequest && before && before.step !== patch.watch.step)
        set((st) => ({ watch: { ...st.watch, previous: before } }));
    } else if (tab === 'activation' || tab === 'commands' || tab === 'trace' || tab === 'run') {
      const step = stepOfSelection(selection);
      patch.step =
        step === undefined ? undefined : await engine().request('step-detail', { index: step });
    }
    if (id !== detailRequest) return;
    set((st) => ({ detail: { ...st.detail, ...patch, loading: false } }));
  } catch (thrown) {
    if (id !== detailRequest) return;
    set((st) => ({ detail: { ...st.detail, loading: false, error: asEngineError(thrown) } }));
  }
}

/** Selects in the debugger's session (shown or not). */
export function select(selection: Selection | undefined, tab?: InspectorTab): void {
  if (showingLive(get())) {
    set({ selection });
  } else {
    set({
      selection,
      inspectorTab: tab ?? (selection ? defaultTab(selection) : get().inspectorTab),
    });
  }
  remember();
  void loadDetail();
}

/** Selects in the live run on the timeline. */
export function selectLive(selection: Selection | undefined, tab?: InspectorTab): void {
  const s = get();
  if (!s.bridge) return;
  set({
    bridge: { ...s.bridge, selection },
    ...(showingLive(s)
      ? { inspectorTab: tab ?? (selection ? defaultTab(selection) : s.inspectorTab) }
      : {}),
  });
  void loadDetail();
}

/** Selects in whatever the main area shows (clicks on the timeline, moving by keyboard). */
export function pick(selection: Selection | undefined, tab?: InspectorTab): void {
  if (showingLive(get())) selectLive(selection, tab);
  else select(selection, tab);
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
      const { positions } = await engine().request('filter-events', { filter });
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

export function setTimelineView(timelineView: AppState['timelineView']): void {
  set({ timelineView });
}

export function setEventListView(eventListView: AppState['eventListView']): void {
  set({ eventListView });
}

/** The watch panel's queries besides the declared ones: adds or removes one, then asks again. */
export function setWatchQueries(extra: WatchQuery[]): void {
  set((st) => ({ watch: { ...st.watch, extra } }));
  void loadDetail();
}

/** Pins a query's row to the top of the watch panel, or unpins it. */
export function togglePin(key: string): void {
  set((st) => {
    const pinned = st.watch.pinned.includes(key)
      ? st.watch.pinned.filter((k) => k !== key)
      : [...st.watch.pinned, key];
    return { watch: { ...st.watch, pinned } };
  });
}
