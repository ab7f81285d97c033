/**
 * Keyboard shortcuts: one table that both drives the handler and fills the help dialog. Keys
 * follow browser DevTools where it has an equivalent (F8 resume, F10 step over, F11 step into),
 * plus single letters for one-handed use.
 */
import { useEffect } from 'react';
import { step, toggleBreakpoint } from '../state/stepping.ts';
import { pick, select, setZoom } from '../state/inspect.ts';
import { showingLive, shownHistory, shownRun, shownSelection } from '../state/shown.ts';
import { get, set } from '../state/store.ts';
import { openShareDialog } from '../state/share.ts';
import type { Breakpoint } from '../../engine/remote/protocol.ts';
import { toggleTheme } from './theme.ts';

export interface Shortcut {
  keys: string[];
  does: string;
  run: () => void;
  /** Acts on the debugger's replay: nothing to do while a live run is shown. */
  replayOnly?: true;
}

function moveEvent(delta: number): void {
  const s = get();
  const index = s.history.view?.index;
  if (!index || index.count === 0) return;
  const positions = s.filtered;
  const current = s.selection?.kind === 'event' ? s.selection.eventId - 1 : -1;
  if (positions) {
    if (positions.length === 0) return;
    let at = positions.findIndex((p) => p >= current);
    if (at < 0) at = positions.length;
    else if (positions[at] === current) at += delta;
    else if (delta < 0) at -= 1;
    at = Math.max(0, Math.min(positions.length - 1, at));
    select({ kind: 'event', eventId: positions[at]! + 1 });
  } else {
    const next = Math.max(0, Math.min(index.count - 1, current < 0 ? 0 : current + delta));
    select({ kind: 'event', eventId: next + 1 });
  }
}

function moveTask(delta: number): void {
  const s = get();
  const view = shownHistory(s);
  const run = shownRun(s);
  const tasks = view?.tasks ?? [];
  if (tasks.length === 0) return;
  let current: number;
  const sel = shownSelection(s);
  if (sel?.kind === 'task') current = sel.task;
  else if (sel?.kind === 'event') current = view!.index.taskOf[sel.eventId - 1] ?? -1;
  else if (sel && 'step' in sel) current = run?.steps[sel.step]?.task ?? -1;
  else current = run?.steps[run.cursor.step]?.task ?? -1;
  pick({ kind: 'task', task: Math.max(0, Math.min(tasks.length - 1, current + delta)) });
}

/** A breakpoint on whatever is selected: the event, the task, or the command's type. */
export function breakpointForSelection(): Breakpoint | undefined {
  const s = get();
  const sel = s.selection;
  if (!sel) return undefined;
  if (sel.kind === 'event') return { kind: 'event', eventId: sel.eventId };
  if (sel.kind === 'task') {
    const started = s.history.view?.tasks[sel.task]?.startedEventId;
    return started !== undefined
      ? { kind: 'workflow-task', wftStartedEventId: started }
      : undefined;
  }
  if (sel.kind === 'command') {
    const kind = s.session?.steps[sel.step]?.commands[sel.position]?.serverKind;
    return kind ? { kind: 'command-type', commandType: kind } : undefined;
  }
  const started = s.session?.steps[sel.step]?.wftStartedEventId;
  return started !== undefined ? { kind: 'workflow-task', wftStartedEventId: started } : undefined;
}

export const SHORTCUTS: Shortcut[] = [
  {
    keys: ['n', 'F10'],
    does: 'Next activation',
    replayOnly: true,
    run: () => void step({ kind: 'forward' }),
  },
  {
    keys: ['p', 'Shift+F10'],
    does: 'Previous activation (re-executes from the start)',
    replayOnly: true,
    run: () => void step({ kind: 'back' }),
  },
  {
    keys: ['.', 'F11'],
    does: 'Next host↔guest call (poll)',
    replayOnly: true,
    run: () => void step({ kind: 'next-call' }),
  },
  {
    keys: [',', 'Shift+F11'],
    does: 'Previous call',
    replayOnly: true,
    run: () => void step({ kind: 'previous-call' }),
  },
  {
    keys: ['r', 'F8'],
    does: 'Run to the next breakpoint or the end',
    replayOnly: true,
    run: () => void step({ kind: 'run' }),
  },
  {
    keys: ['d'],
    does: 'Run to the first divergence (ignores breakpoints)',
    replayOnly: true,
    run: () => void step({ kind: 'run-to-divergence' }),
  },
  {
    keys: ['0'],
    does: 'Restart (cursor before the first activation)',
    replayOnly: true,
    run: () => void step({ kind: 'restart' }),
  },
  {
    keys: ['j', 'ArrowDown'],
    does: 'Next event (of the filtered list)',
    replayOnly: true,
    run: () => moveEvent(1),
  },
  { keys: ['k', 'ArrowUp'], does: 'Previous event', replayOnly: true, run: () => moveEvent(-1) },
  { keys: [']', 'ArrowRight'], does: 'Next workflow task', run: () => moveTask(1) },
  { keys: ['[', 'ArrowLeft'], does: 'Previous workflow task', run: () => moveTask(-1) },
  {
    keys: ['b'],
    does: 'Toggle a breakpoint on the selection (event, task, command type)',
    replayOnly: true,
    run: () => {
      const bp = breakpointForSelection();
      if (bp) void toggleBreakpoint(bp);
    },
  },
  {
    keys: ['/'],
    does: 'Search events',
    replayOnly: true,
    run: () => document.querySelector<HTMLInputElement>('[data-focus="event-search"]')?.focus(),
  },
  {
    keys: ['g'],
    does: 'Go to event id',
    replayOnly: true,
    run: () => document.querySelector<HTMLInputElement>('[data-focus="event-jump"]')?.focus(),
  },
  { keys: ['+', '='], does: 'Zoom the timeline in', run: () => setZoom(get().zoom * 1.25) },
  { keys: ['-'], does: 'Zoom the timeline out', run: () => setZoom(get().zoom / 1.25) },
  {
    keys: ['s'],
    does: 'Share this session (a link, or a bundle file)',
    run: () => void openShareDialog(),
  },
  { keys: ['t'], does: 'Toggle light/dark theme', run: toggleTheme },
  { keys: ['?'], does: 'Show this help', run: () => set({ dialog: 'help' }) },
  { keys: ['Escape'], does: 'Close a dialog', run: () => set({ dialog: undefined }) },
];

function keyName(e: KeyboardEvent): string {
  return e.shiftKey && e.key.startsWith('F') && e.key.length > 1 ? `Shift+${e.key}` : e.key;
}

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s] as const)));

function typingInto(target: EventTarget | null): boolean {
  // A key sent to the document itself (no element focused, or a synthetic event) has no closest().
  if (!(target instanceof Element)) return false;
  return (
    (target instanceof HTMLElement && target.isContentEditable) ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT' ||
    !!target.closest('.monaco-editor')
  );
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (typingInto(e.target) && e.key !== 'Escape') return;
      if (get().dialog && e.key !== 'Escape') return;
      const shortcut = BY_KEY.get(keyName(e));
      if (!shortcut || (shortcut.replayOnly && showingLive(get()))) return;
      // Arrow keys keep scrolling lists unless focus is on the debugger's surfaces.
      if (
        e.key.startsWith('Arrow') &&
        !(e.target instanceof Element && e.target.closest('[data-keynav]'))
      )
        return;
      e.preventDefault();
      shortcut.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
