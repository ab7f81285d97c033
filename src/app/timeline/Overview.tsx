/**
 * The whole history in one strip (a canvas, so 50,000 events cost one pass per redraw): events by
 * category, how far replay has got, hazards, breakpoints and the divergence, and a box for the
 * part the timeline shows. Click or drag to move the timeline there.
 */
import { useEffect, useRef, useState } from 'react';
import { EVENT_CATEGORIES, type EventCategory } from '../../engine/inspect/categories.ts';
import { useApp, type HistoryState, type RunState } from '../state/store.ts';
import type { TimelineModel } from './model.ts';

const HEIGHT = 30;
/** Stacking order of categories in a bar, bottom first: the rarer, more telling kinds on top. */
const STACK_ORDER: EventCategory[] = [
  'workflow-task',
  'workflow',
  'other',
  'marker',
  'timer',
  'activity',
  'child-workflow',
  'nexus',
  'external',
  'update',
  'signal',
];

function cssVar(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim() || '#888';
}

/** The colours of the marks drawn over the bars (reading them forces a style pass: once a theme). */
interface Marks {
  progress: string;
  hazard: string;
  bad: string;
  accent: string;
}

function marksOf(style: CSSStyleDeclaration): Marks {
  return {
    progress: cssVar(style, '--progress'),
    hazard: cssVar(style, '--hazard'),
    bad: cssVar(style, '--bad'),
    accent: cssVar(style, '--accent'),
  };
}

/**
 * The events as bars, on a canvas of their own: one bucket per pixel (or per event, when there are
 * fewer events than pixels), drawn as a stacked bar of its categories, rarer kinds on top.
 */
function drawBars(
  style: CSSStyleDeclaration,
  view: HistoryState,
  cssWidth: number,
  dpr: number,
): HTMLCanvasElement {
  const image = document.createElement('canvas');
  image.width = Math.max(1, Math.floor(cssWidth * dpr));
  image.height = HEIGHT * dpr;
  const ctx = image.getContext('2d')!;
  ctx.scale(dpr, dpr);
  const { index } = view;
  const n = index.count;
  const colors = EVENT_CATEGORIES.map((c) => cssVar(style, `--cat-${c}`));
  const buckets = Math.max(1, Math.min(n, Math.floor(cssWidth)));
  const bucketWidth = cssWidth / buckets;
  const kinds = EVENT_CATEGORIES.length;
  const counts = new Uint32Array(buckets * kinds);
  for (let i = 0; i < n; i++) {
    const b = Math.min(buckets - 1, Math.floor((i / n) * buckets));
    counts[b * kinds + index.categoryOf[i]!]!++;
  }
  const order = STACK_ORDER.map((c) => EVENT_CATEGORIES.indexOf(c));
  const barTop = 7;
  const barHeight = HEIGHT - 14;
  for (let b = 0; b < buckets; b++) {
    let total = 0;
    for (let k = 0; k < kinds; k++) total += counts[b * kinds + k]!;
    if (total === 0) continue;
    let y = barTop + barHeight;
    for (const k of order) {
      const c = counts[b * kinds + k]!;
      if (!c) continue;
      const h = (c / total) * barHeight;
      y -= h;
      ctx.fillStyle = colors[k]!;
      ctx.fillRect(b * bucketWidth, y, Math.max(1, bucketWidth - (bucketWidth > 4 ? 1 : 0)), h);
    }
  }
  return image;
}

export function Overview({
  view,
  model,
  session,
  visible,
  onJump,
}: {
  view: HistoryState;
  model: TimelineModel;
  session: RunState | undefined;
  visible: { first: number; last: number };
  onJump: (task: number) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useApp((s) => s.theme);
  const [cssWidth, setCssWidth] = useState(0);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setCssWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // The events' bars change only with the history, the width or the theme; a step redraws the
  // marks over them, not 50,000 events.
  const bars = useRef<{ key: readonly unknown[]; image: HTMLCanvasElement; marks: Marks }>(
    undefined,
  );

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.max(1, Math.floor(cssWidth * dpr));
    el.height = HEIGHT * dpr;
    const ctx = el.getContext('2d')!;
    ctx.clearRect(0, 0, el.width, el.height);
    const { index, tasks } = view;
    const n = index.count;
    if (n === 0) return;
    const key = [view, cssWidth, theme, dpr];
    if (!bars.current || bars.current.key.some((k, i) => k !== key[i])) {
      const style = getComputedStyle(el);
      bars.current = { key, image: drawBars(style, view, cssWidth, dpr), marks: marksOf(style) };
    }
    const { image, marks } = bars.current;
    ctx.drawImage(image, 0, 0);
    ctx.scale(dpr, dpr);
    const x = (eventId: number) => ((eventId - 1) / n) * cssWidth;
    // Replay progress.
    const applied = session?.lastEventApplied ?? 0;
    if (applied > 0) {
      ctx.fillStyle = marks.progress;
      ctx.fillRect(0, HEIGHT - 5, x(applied + 1), 4);
    }
    // Hazards, breakpoints, divergence.
    ctx.fillStyle = marks.hazard;
    for (const h of view.hazards) ctx.fillRect(x(h.eventId) - 1, 0, 3, 7);
    ctx.fillStyle = marks.bad;
    for (const id of model.breakpoints.events) {
      ctx.beginPath();
      ctx.arc(x(id), 4, 3, 0, Math.PI * 2);
      ctx.fill();
    }
    const divergence = session?.divergence?.event?.id;
    if (divergence) ctx.fillRect(x(divergence) - 1, 0, 3, HEIGHT);
    // The part of the history the timeline shows.
    const firstTask = tasks[Math.max(0, visible.first)];
    const lastTask = tasks[Math.min(tasks.length - 1, visible.last)];
    if (firstTask && lastTask) {
      const left = x(firstTask.firstEventId);
      const right = Math.max(left + 3, x(lastTask.lastEventId + 1));
      ctx.strokeStyle = marks.accent;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(left + 0.75, 1, right - left - 1.5, HEIGHT - 2);
    }
  }, [
    view,
    model.breakpoints,
    session?.lastEventApplied,
    session?.divergence,
    visible.first,
    visible.last,
    theme,
    cssWidth,
  ]);

  const jumpTo = (clientX: number) => {
    const el = canvas.current!;
    const rect = el.getBoundingClientRect();
    const eventId = Math.max(
      1,
      Math.min(
        view.index.count,
        Math.round(((clientX - rect.left) / rect.width) * view.index.count) + 1,
      ),
    );
    const task = view.index.taskOf[eventId - 1] ?? -1;
    onJump(task >= 0 ? task : view.tasks.length - 1);
  };

  return (
    <canvas
      ref={canvas}
      className="overview"
      style={{ height: HEIGHT }}
      data-testid="overview"
      aria-label="Overview of the whole history: click to move the timeline"
      onMouseDown={(e) => {
        jumpTo(e.clientX);
        const move = (m: MouseEvent) => jumpTo(m.clientX);
        const up = () => {
          window.removeEventListener('mousemove', move);
          window.removeEventListener('mouseup', up);
        };
        window.addEventListener('mousemove', move);
        window.addEventListener('mouseup', up);
      }}
    />
  );
}
