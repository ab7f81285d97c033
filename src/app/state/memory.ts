/** Keeps the last session in IndexedDB as the user works (debounced), for restoring on reload. */
import { saveLastSession, type SessionToSave } from './persist.ts';
import { get } from './store.ts';

let timer: ReturnType<typeof setTimeout> | undefined;
let enabled = false;

/** Nothing is saved until the page has restored (or decided not to restore) the last session. */
export function enableMemory(): void {
  enabled = true;
}

export function currentSession(): SessionToSave | undefined {
  const s = get();
  if (!s.session || (!s.history.ref && !s.history.run)) return undefined;
  return {
    ...(s.component.ref ? { component: s.component.ref } : {}),
    ...(s.history.ref ? { history: s.history.ref } : {}),
    ...(s.history.run ? { run: s.history.run } : {}),
    mode: s.session.mode,
    cursor: { step: s.session.cursor.step },
    breakpoints: s.session.breakpoints,
    ...(s.selection ? { selection: s.selection } : {}),
    filter: s.filter,
    zoom: s.zoom,
    ...(s.scenario.text && { scenarioText: s.scenario.text }),
  };
}

export function remember(): void {
  if (!enabled) return;
  clearTimeout(timer);
  timer = setTimeout(() => {
    const session = currentSession();
    if (session) void saveLastSession(session);
  }, 250);
}

/** Saves now (tests and reloads must not lose the last change). */
export async function flushMemory(): Promise<void> {
  clearTimeout(timer);
  const session = currentSession();
  if (enabled && session) await saveLastSession(session);
}
