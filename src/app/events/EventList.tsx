/**
 * The history's events, one row each, only the rows in view in the DOM (a 50,000-event history is
 * 50,000 rows of scroll, a few dozen elements). The gutter toggles a breakpoint on the event;
 * events not yet replayed are dimmed and the current activation's events are marked.
 */
import { useVisibleSpan } from '../common/use-visible-span.ts';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { EVENT_CATEGORIES } from '../../engine/inspect/categories.ts';
import { useApp } from '../state/store.ts';
import { select } from '../state/inspect.ts';
import { toggleBreakpoint } from '../state/stepping.ts';
import { clock, isoTime, sinceStart } from '../common/format.ts';
import { breakpointSets } from '../timeline/model.ts';
import { EventFilters } from './EventFilters.tsx';
import { spanDuration, spanTitle } from '../timeline/span-text.ts';

const ROW_HEIGHT = 22;
const OVERSCAN = 8;

export function EventList() {
  const view = useApp((s) => s.history.view);
  const filtered = useApp((s) => s.filtered);
  const selection = useApp((s) => s.selection);
  const session = useApp((s) => s.session);
  const scroller = useRef<HTMLDivElement>(null);
  const { span: range, measure } = useVisibleSpan(scroller, 'y', 400);
  const compact = useApp((s) => s.eventListView === 'compact');
  const index = view?.index;
  // The events shown, as indices in history order: all, those the filter keeps, and in the
  // compact view only the rows that stand for a span or for an event in none.
  const shownRows = useMemo(() => {
    const compactRows = compact ? view?.spans.compactRows : undefined;
    if (!compactRows) return filtered;
    if (!filtered) return compactRows;
    const kept = new Uint8Array(view!.index.count);
    for (const i of filtered) kept[i] = 1;
    return compactRows.filter((i) => kept[i] === 1);
  }, [compact, view, filtered]);
  const count = shownRows ? shownRows.length : (index?.count ?? 0);
  const positionAt = useCallback((row: number) => (shownRows ? shownRows[row]! : row), [shownRows]);

  // Keep the selected event in view.
  const selectedId = selection?.kind === 'event' ? selection.eventId : undefined;
  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedId === undefined) return;
    let row = selectedId - 1;
    if (shownRows) {
      row = shownRows.indexOf(selectedId - 1);
      if (row < 0) return;
    }
    const top = row * ROW_HEIGHT;
    if (top < el.scrollTop || top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = Math.max(0, top - el.clientHeight / 2);
  }, [selectedId, shownRows]);

  // Follow the cursor: the current activation's last event stays in view.
  const cursorEvent =
    session && session.cursor.step >= 0 ? session.steps[session.cursor.step]?.events.to : undefined;
  useEffect(() => {
    const el = scroller.current;
    if (!el || cursorEvent === undefined) return;
    const row = shownRows ? shownRows.indexOf(cursorEvent - 1) : cursorEvent - 1;
    if (row < 0) return;
    const top = row * ROW_HEIGHT;
    if (top < el.scrollTop || top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = Math.max(0, top - el.clientHeight / 2);
  }, [cursorEvent, shownRows]);

  const breakpoints = useMemo(
    () => breakpointSets(session?.breakpoints ?? []),
    [session?.breakpoints],
  );
  const hazardIds = useMemo(() => new Set(view?.hazards.map((h) => h.eventId)), [view]);

  if (!view || !index) return null;
  const current =
    session && session.cursor.step >= 0 ? session.steps[session.cursor.step]?.events : undefined;
  const applied = session?.lastEventApplied ?? 0;
  const divergent = session?.divergence?.event?.id;
  const startMs = index.timeMs[0]!;
  const first = Math.max(0, Math.floor(range.start / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((range.start + range.size) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let row = first; row <= last; row++) {
    const i = positionAt(row);
    const id = index.ids[i]!;
    const type = index.types[index.typeOf[i]!]!;
    const bp = breakpoints.events.has(id);
    const typeBp = breakpoints.eventTypes.has(type);
    const task = index.taskOf[i]!;
    const spanIndex = compact ? view.spans.spanOfRoot[i]! : -1;
    const span = spanIndex >= 0 ? view.spans.spans[spanIndex] : undefined;
    rows.push(
      <div
        key={id}
        role="row"
        aria-selected={selectedId === id}
        className={`event-row cat-${EVENT_CATEGORIES[index.categoryOf[i]!]}${selectedId === id ? ' selected' : ''}${id > applied ? ' pending' : ''}${current && id >= current.from && id <= current.to ? ' current' : ''}${id === divergent ? ' divergent' : ''}`}
        style={{ top: row * ROW_HEIGHT }}
        data-event={id}
        onClick={() => select({ kind: 'event', eventId: id })}
      >
        <button
          type="button"
          className={`gutter${bp ? ' on' : typeBp ? ' type' : ''}`}
          aria-label={bp ? `Remove breakpoint at event ${id}` : `Break at event ${id}`}
          title={
            bp
              ? 'Remove the breakpoint'
              : typeBp
                ? `Breaks on every ${type}`
                : 'Break at this event'
          }
          onClick={(e) => {
            e.stopPropagation();
            void toggleBreakpoint({ kind: 'event', eventId: id });
          }}
        />
        <span className="id">{id}</span>
        <span
          className="time"
          title={`${isoTime(index.timeMs[i]!)} (${sinceStart(index.timeMs[i]!, startMs)})`}
        >
          {clock(index.timeMs[i]!, startMs)}
        </span>
        <span className="type">
          <span className="cat-dot" />
          {span ? spanTitle(span) : type}
          {hazardIds.has(id) && (
            <span className="hazard-mark" title="Hazard: see the Run tab">
              ⚠
            </span>
          )}
        </span>
        {span ? (
          <span
            className="summary span-summary"
            data-testid="span-summary"
            title={`${span.outcome}${spanDuration(span) ? ` after ${spanDuration(span)}` : ''}, ${span.events === 1 ? 'event' : 'events'} ${span.rootEventId}${span.events > 1 ? `–${span.lastEventId}` : ''}`}
          >
            <span className={`gantt-outcome outcome-${span.outcome}`}>{span.outcome}</span>{' '}
            {spanDuration(span)}
            <span className="span-events">
              {' '}
              · #{span.rootEventId}
              {span.events > 1 ? `–${span.lastEventId}` : ''}
            </span>
          </span>
        ) : (
          <span className="summary">{index.summary[i]}</span>
        )}
        <span className="task">{task >= 0 ? `WFT ${task + 1}` : '—'}</span>
      </div>,
    );
  }
  return (
    <section className="events-panel" aria-label="Events">
      <EventFilters shown={count} total={index.count} />
      <div
        className={`event-list${compact ? ' compact' : ''}`}
        role="grid"
        aria-rowcount={count}
        data-testid="event-list"
        data-keynav
        tabIndex={0}
        ref={scroller}
        onScroll={(e) => measure(e.currentTarget)}
      >
        <div className="event-list-content" style={{ height: count * ROW_HEIGHT }}>
          {rows}
        </div>
        {count === 0 && <p className="empty muted">No event matches the filter.</p>}
      </div>
    </section>
  );
}
