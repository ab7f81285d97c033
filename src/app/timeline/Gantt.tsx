/**
 * The run over wall-clock time, as Temporal's Web UI draws its timeline: workflow tasks on one
 * lane, then a bar per activity, timer, child workflow, update, Nexus operation and external
 * signal or cancel, from the event that began it to its last event, coloured by kind, marked by
 * outcome. The replay cursor is a line at the time of the last event applied; what replay has not
 * reached is dimmed. Only the rows in view are in the DOM (a 50,000-event history has ~10,000
 * bars), and the axis gives absolute UTC times.
 */
import { memo, useMemo, useRef } from 'react';
import { useApp } from '../state/store.ts';
import { pick } from '../state/inspect.ts';
import { useVisibleSpan } from '../common/use-visible-span.ts';
import { clock, sinceStart } from '../common/format.ts';
import type { Span } from '../../engine/inspect/spans.ts';
import { KIND, spanDuration, spanTitle } from './span-text.ts';

const ROW_HEIGHT = 20;
const OVERSCAN = 6;
const LABEL_WIDTH = 300;
/** Narrower bars are drawn this wide, so an instant is still something to click. */
const MIN_BAR = 3;

/** Round steps for the axis: 1, 2 or 5 times a power of ten, in milliseconds. */
function tickStep(rangeMs: number, ticks: number): number {
  const raw = rangeMs / ticks;
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

interface Scale {
  startMs: number;
  rangeMs: number;
  chart: number;
}

const xOf = (scale: Scale, t: number) => ((t - scale.startMs) / scale.rangeMs) * scale.chart;

function Bar({
  span,
  scale,
  applied,
  selectedEvent,
}: {
  span: Span;
  scale: Scale;
  applied: number;
  selectedEvent: number | undefined;
}) {
  const left = xOf(scale, span.startMs);
  const width = Math.max(xOf(scale, span.endMs) - left, MIN_BAR);
  const selected = selectedEvent === span.rootEventId || selectedEvent === span.lastEventId;
  return (
    <button
      type="button"
      className={`gantt-bar cat-${KIND[span.kind].category} outcome-${span.outcome}${span.rootEventId > applied ? ' pending' : ''}${selected ? ' selected' : ''}`}
      style={{ left, width }}
      data-event={span.rootEventId}
      title={`${spanTitle(span)}: ${span.outcome}${spanDuration(span) ? ` after ${spanDuration(span)}` : ''} (events ${span.rootEventId}–${span.lastEventId})`}
      onClick={() => pick({ kind: 'event', eventId: span.rootEventId })}
    />
  );
}

/** The workflow tasks' lane: up to a bar per pixel column, drawn again only when they change. */
const TaskLane = memo(function TaskLane({
  tasks,
  picks,
  scale,
  applied,
  selectedEvent,
}: {
  tasks: Span[];
  picks: number[];
  scale: Scale;
  applied: number;
  selectedEvent: number | undefined;
}) {
  return (
    <div className="gantt-row tasks" style={{ top: 0 }} role="row">
      <span className="gantt-label" style={{ width: LABEL_WIDTH }}>
        <strong>Workflow tasks</strong>
        <span className="muted">{tasks.length.toLocaleString('en-US')}</span>
      </span>
      <span className="gantt-track" style={{ width: scale.chart }}>
        {picks.map((i) => (
          <Bar
            key={i}
            span={tasks[i]!}
            scale={scale}
            applied={applied}
            selectedEvent={selectedEvent}
          />
        ))}
      </span>
    </div>
  );
});

export function Gantt() {
  const view = useApp((s) => s.history.view);
  const applied = useApp((s) => s.session?.lastEventApplied ?? 0);
  const selection = useApp((s) => s.selection);
  const scroller = useRef<HTMLDivElement>(null);
  const { span: visible, measure } = useVisibleSpan(scroller, 'y', 300);
  const { span: across } = useVisibleSpan(scroller, 'x', 900);
  // Worked out once per history, not on every scrolled frame: workflow tasks share the first
  // lane, every other span has a row of its own, and the axis runs from the first event's time
  // to the last one's.
  const { tasks, others, startMs, endMs } = useMemo(() => {
    const spans = view?.spans.spans ?? [];
    let startMs = Number.POSITIVE_INFINITY;
    let endMs = Number.NEGATIVE_INFINITY;
    const times = view?.index.timeMs ?? new Float64Array(0);
    for (const t of times) {
      if (!Number.isFinite(t)) continue;
      if (t < startMs) startMs = t;
      if (t > endMs) endMs = t;
    }
    return {
      tasks: spans.filter((s) => s.kind === 'workflow-task'),
      others: spans.filter((s) => s.kind !== 'workflow-task'),
      startMs,
      endMs,
    };
  }, [view]);
  const rangeMs = Math.max(endMs - startMs, 1);
  const chart = Math.max(across.size - LABEL_WIDTH - 16, 200);
  const scale = useMemo(() => ({ startMs, rangeMs, chart }), [startMs, rangeMs, chart]);
  // The tasks' lane draws one bar per pixel column at most (10,000 tasks fit in a few hundred).
  const laneTasks = useMemo(() => {
    const picked: number[] = [];
    let lastPixel = -1;
    tasks.forEach((t, i) => {
      const px = Math.floor(((t.startMs - startMs) / rangeMs) * chart);
      if (px === lastPixel && tasks.length > chart) return;
      lastPixel = px;
      picked.push(i);
    });
    return picked;
  }, [tasks, startMs, rangeMs, chart]);
  if (!view) return null;
  const { index } = view;
  if (!Number.isFinite(startMs))
    return (
      <section className="gantt" aria-label="Wall clock" data-testid="gantt">
        <p className="empty muted">This history records no event times.</p>
      </section>
    );
  const x = (t: number) => ((t - startMs) / rangeMs) * chart;
  const cursorMs = applied > 0 ? index.timeMs[applied - 1]! : Number.NaN;
  const selectedEvent = selection?.kind === 'event' ? selection.eventId : undefined;

  const rowCount = others.length + 1;
  const first = Math.max(0, Math.floor(visible.start / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    rowCount - 1,
    Math.ceil((visible.start + visible.size) / ROW_HEIGHT) + OVERSCAN,
  );
  const rows = [];
  for (let row = first; row <= last; row++) {
    if (row === 0) {
      rows.push(
        <TaskLane
          key="tasks"
          tasks={tasks}
          picks={laneTasks}
          scale={scale}
          applied={applied}
          selectedEvent={selectedEvent}
        />,
      );
      continue;
    }
    const span = others[row - 1]!;
    rows.push(
      <div
        key={span.rootEventId}
        className="gantt-row"
        style={{ top: row * ROW_HEIGHT }}
        role="row"
        data-span={span.kind}
      >
        <span className="gantt-label" style={{ width: LABEL_WIDTH }} title={spanTitle(span)}>
          <span className={`cat-dot cat-${KIND[span.kind].category}`} />
          <span className="gantt-name">{spanTitle(span)}</span>
          <span className={`gantt-outcome outcome-${span.outcome}`}>
            {span.outcome === 'open' ? 'open' : span.outcome}
          </span>
          <span className="muted gantt-duration">{spanDuration(span)}</span>
        </span>
        <span className="gantt-track" style={{ width: chart }}>
          <Bar span={span} scale={scale} applied={applied} selectedEvent={selectedEvent} />
        </span>
      </div>,
    );
  }

  const step = tickStep(rangeMs, Math.max(2, Math.floor(chart / 140)));
  const ticks = [];
  for (let t = 0; t <= rangeMs; t += step) ticks.push(t);

  return (
    <section className="gantt" aria-label="Wall clock" data-testid="gantt">
      <div className="gantt-axis" style={{ paddingLeft: LABEL_WIDTH }}>
        <span className="gantt-axis-start" style={{ width: LABEL_WIDTH }} title="Run start (UTC)">
          {new Date(startMs).toISOString().replace('T', ' ').slice(0, 23)} UTC
        </span>
        {ticks.map((t) => (
          <span key={t} className="gantt-tick" style={{ left: LABEL_WIDTH + x(startMs + t) }}>
            {t === 0 ? clock(startMs) : sinceStart(startMs + t, startMs)}
          </span>
        ))}
      </div>
      <div
        className="gantt-scroll"
        ref={scroller}
        role="grid"
        aria-rowcount={rowCount}
        onScroll={(e) => measure(e.currentTarget)}
      >
        <div className="gantt-content" style={{ height: rowCount * ROW_HEIGHT }}>
          {rows}
          {Number.isFinite(cursorMs) && (
            <div
              className="cursor-line"
              data-testid="gantt-cursor"
              style={{ left: LABEL_WIDTH + x(cursorMs) - 1, height: rowCount * ROW_HEIGHT }}
              title={`Cursor: replay has applied event ${applied} (${clock(cursorMs, startMs)})`}
            />
          )}
        </div>
      </div>
    </section>
  );
}
