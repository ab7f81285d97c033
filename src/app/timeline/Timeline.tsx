/**
 * The timeline: workflow tasks along the history, one column each, with rows for events, jobs,
 * routine lanes, commands and recorded events. Only the columns in view are in the DOM, so a
 * 50,000-event history scrolls like a small one. Wheel or drag pans, Ctrl+wheel zooms, clicks
 * select (one handler for all columns), right-click offers breakpoints, the cursor's task is
 * kept in view. It draws whatever the main area shows: the debugger's replay, or a live run from a
 * bridge (no history in the page, so no recorded events and no breakpoints; the newest activation
 * is the cursor).
 */
import { useVisibleSpan } from '../common/use-visible-span.ts';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useApp, get } from '../state/store.ts';
import { pick, setZoom, taskOfSelection } from '../state/inspect.ts';
import { showingLive, shownHistory, shownRun, shownSelection } from '../state/shown.ts';
import { breakpointKey } from '../../engine/session/breakpoint.ts';
import { toggleBreakpoint } from '../state/stepping.ts';
import type { Breakpoint, StepView } from '../../engine/remote/protocol.ts';
import type { Selection } from '../state/persist.ts';
import { COLUMN_WIDTH, LABEL_WIDTH, rowsFor, useTimelineModel } from './model.ts';
import { TaskColumn } from './TaskColumn.tsx';
import { Overview } from './Overview.tsx';

const NO_STEPS: readonly StepView[] = [];
const OVERSCAN = 3;

interface ContextMenuState {
  x: number;
  y: number;
  items: Array<{ label: string; breakpoint: Breakpoint; on: boolean }>;
}

function pickOf(target: EventTarget | null): HTMLElement | null {
  return (target as HTMLElement | null)?.closest?.('[data-pick]') ?? null;
}

function selectionOf(el: HTMLElement): Selection | undefined {
  const d = el.dataset;
  switch (d['pick']) {
    case 'event':
      return { kind: 'event', eventId: Number(d['event']) };
    case 'task':
    case 'task-bp':
      return { kind: 'task', task: Number(d['task']) };
    case 'step':
      return { kind: 'step', step: Number(d['step']) };
    case 'call':
      return { kind: 'call', step: Number(d['step']), seq: Number(d['seq']) };
    case 'command':
      return { kind: 'command', step: Number(d['step']), position: Number(d['position']) };
  }
  return undefined;
}

export function Timeline() {
  const view = useApp(shownHistory);
  const session = useApp(shownRun);
  const selection = useApp(shownSelection);
  const live = useApp(showingLive);
  const zoom = useApp((s) => s.zoom);
  const model = useTimelineModel(view, session);
  const scroller = useRef<HTMLDivElement>(null);
  const { span: viewport, measure } = useVisibleSpan(scroller, 'x', 1200);
  const [menu, setMenu] = useState<ContextMenuState>();
  const width = Math.round(COLUMN_WIDTH * zoom);
  const tasks = view?.tasks ?? [];
  const { rows, height } = useMemo(() => rowsFor(model.lanes, !live), [model.lanes, live]);

  // Keep zooming anchored at the viewport's centre.
  const previousWidth = useRef(width);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || previousWidth.current === width) return;
    const centre = (el.scrollLeft + el.clientWidth / 2) / previousWidth.current;
    previousWidth.current = width;
    el.scrollLeft = centre * width - el.clientWidth / 2;
    measure(el);
  }, [width, measure]);

  // Bring into view whatever attention moved to: the cursor after a step, the selection after a
  // click. Judged by the span last measured: reading the scroller's layout right after a commit
  // would lay the page out there and then, at every step.
  const shown = useRef(viewport);
  useLayoutEffect(() => {
    shown.current = viewport;
  }, [viewport]);
  const reveal = useCallback(
    (task: number | undefined) => {
      const el = scroller.current;
      if (!el || task === undefined || task < 0) return;
      const left = task * width;
      const { start, size } = shown.current;
      if (left < start || left + width > start + size)
        el.scrollTo({ left: Math.max(0, left - size / 2 + width / 2) });
    },
    [width],
  );
  const selectedTask = selection ? taskOfSelection(selection) : undefined;
  useEffect(() => reveal(selectedTask), [selectedTask, reveal]);
  // A live run's cursor is its newest activation: the selection follows it unless the user looks
  // elsewhere, and the view goes with the selection.
  useEffect(() => {
    if (!live) reveal(model.cursorTask);
  }, [model.cursorTask, session?.generation, reveal, live]);

  useEffect(() => {
    if (!menu) return;
    const close = (e: MouseEvent) => {
      if (!(e.target as HTMLElement).closest('.menu-list.context')) setMenu(undefined);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [menu]);

  // Ctrl+wheel zooms; a plain vertical wheel pans along time (the usual timeline gesture).
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        setZoom(get().zoom * (e.deltaY < 0 ? 1.15 : 1 / 1.15));
      } else if (Math.abs(e.deltaY) > Math.abs(e.deltaX) && el.scrollHeight <= el.clientHeight) {
        e.preventDefault();
        el.scrollLeft += e.deltaY;
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // Drag on empty space pans.
  const drag = useRef<{ x: number; left: number; moved: boolean } | undefined>(undefined);
  const onMouseDown = (e: React.MouseEvent) => {
    if (e.button !== 0 || pickOf(e.target)) return;
    drag.current = { x: e.clientX, left: scroller.current!.scrollLeft, moved: false };
    const onMove = (m: MouseEvent) => {
      const d = drag.current!;
      d.moved ||= Math.abs(m.clientX - d.x) > 3;
      scroller.current!.scrollLeft = d.left - (m.clientX - d.x);
    };
    const onUp = () => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
  };

  const onClick = (e: React.MouseEvent) => {
    const el = pickOf(e.target);
    if (!el) return;
    if (el.dataset['pick'] === 'task-bp') {
      e.stopPropagation();
      if (live) return;
      const started = tasks[Number(el.dataset['task'])]?.startedEventId;
      if (started !== undefined)
        void toggleBreakpoint({ kind: 'workflow-task', wftStartedEventId: started });
      return;
    }
    const sel = selectionOf(el);
    if (sel) pick(sel);
  };

  const onContextMenu = (e: React.MouseEvent) => {
    const el = pickOf(e.target);
    const sel = el && selectionOf(el);
    if (!sel || !view || !session || live) return;
    e.preventDefault();
    const items: ContextMenuState['items'] = [];
    const has = (bp: Breakpoint) =>
      session.breakpoints.some((b) => breakpointKey(b) === breakpointKey(bp));
    const add = (label: string, breakpoint: Breakpoint) =>
      items.push({ label, breakpoint, on: has(breakpoint) });
    if (sel.kind === 'event') {
      const type = view.index.types[view.index.typeOf[sel.eventId - 1]!]!;
      add(`Break at event ${sel.eventId}`, { kind: 'event', eventId: sel.eventId });
      add(`Break on every ${type}`, { kind: 'event-type', eventType: type });
    }
    if (sel.kind === 'command') {
      const kind = session.steps[sel.step]?.commands[sel.position]?.serverKind;
      if (kind) add(`Break on every ${kind} command`, { kind: 'command-type', commandType: kind });
    }
    const task =
      sel.kind === 'task'
        ? sel.task
        : sel.kind === 'event'
          ? view.index.taskOf[sel.eventId - 1]!
          : (session.steps[sel.step]?.task ?? -1);
    const started = tasks[task]?.startedEventId;
    if (started !== undefined)
      add(`Break at workflow task ${task + 1}`, {
        kind: 'workflow-task',
        wftStartedEventId: started,
      });
    setMenu({ x: e.clientX, y: e.clientY, items });
  };

  if (!view) return null;
  const first = Math.max(0, Math.floor(viewport.start / width) - OVERSCAN);
  const last = Math.min(
    tasks.length - 1,
    Math.ceil((viewport.start + viewport.size) / width) + OVERSCAN,
  );
  const columns = [];
  const cursor = session?.cursor ?? { step: -1 };
  for (let i = first; i <= last; i++) {
    const task = tasks[i]!;
    columns.push(
      <TaskColumn
        key={i}
        task={task}
        index={view.index}
        steps={model.byTask[i] ?? NO_STEPS}
        rows={rows}
        width={width}
        left={i * width}
        model={model}
        selection={selection}
        lastEventApplied={session?.lastEventApplied ?? 0}
        cursor={cursor}
        live={live}
        {...(session?.divergence?.event ? { divergentEventId: session.divergence.event.id } : {})}
      />,
    );
  }
  const cursorX = model.cursorTask >= 0 ? (model.cursorTask + 1) * width : 0;

  return (
    <section
      className="timeline"
      aria-label="Timeline"
      data-keynav
      tabIndex={0}
      data-testid="timeline"
    >
      {view.index.count > 0 && (
        <Overview
          view={view}
          model={model}
          session={session}
          visible={{
            first: Math.floor(viewport.start / width),
            last: Math.ceil((viewport.start + viewport.size) / width) - 1,
          }}
          onJump={(task) => {
            const el = scroller.current;
            if (el) el.scrollLeft = task * width - el.clientWidth / 2 + width / 2;
          }}
        />
      )}
      <div className="timeline-body">
        <div className="timeline-labels" style={{ width: LABEL_WIDTH, height }}>
          {rows.map((row) => (
            <div
              key={row.key}
              className={`row-label ${row.kind}`}
              style={{ top: row.top, height: row.height }}
              title={row.title}
            >
              {row.label}
              {row.kind === 'header' && (
                <span className="zoom" role="group" aria-label="Zoom">
                  <button
                    type="button"
                    title="Zoom out (-)"
                    aria-label="Zoom out"
                    onClick={() => setZoom(zoom / 1.25)}
                  >
                    −
                  </button>
                  <button
                    type="button"
                    title="Zoom in (+)"
                    aria-label="Zoom in"
                    onClick={() => setZoom(zoom * 1.25)}
                  >
                    +
                  </button>
                </span>
              )}
            </div>
          ))}
        </div>
        <div
          className="timeline-scroll"
          ref={scroller}
          onScroll={(e) => measure(e.currentTarget)}
          onMouseDown={onMouseDown}
          onClick={onClick}
          onContextMenu={onContextMenu}
        >
          <div className="timeline-content" style={{ width: tasks.length * width, height }}>
            {rows.map((row) => (
              <div
                key={row.key}
                className={`row-band ${row.kind}`}
                style={{ top: row.top, height: row.height }}
              />
            ))}
            {columns}
            {session && session.cursor.step >= 0 && (
              <div
                className="cursor-line"
                style={{ left: cursorX - 1, height }}
                title={
                  live ? 'The run is here: its newest activation' : 'Cursor: the replay is here'
                }
              />
            )}
          </div>
        </div>
      </div>
      {menu && (
        <ul className="menu-list context" role="menu" style={{ left: menu.x, top: menu.y }}>
          {menu.items.map((item) => (
            <li key={item.label} role="none">
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setMenu(undefined);
                  void toggleBreakpoint(item.breakpoint);
                }}
              >
                {item.on ? `Remove: ${item.label.replace(/^Break/, 'break')}` : item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
