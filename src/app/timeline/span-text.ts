/** How a span (an activity, a timer, a workflow task…) is named and timed in the Gantt and the compact list. */
import { sinceStart } from '../common/format.ts';
import type { Span, SpanKind } from '../../engine/inspect/spans.ts';

export const KIND: Record<SpanKind, { label: string; category: string }> = {
  'workflow-task': { label: 'Workflow task', category: 'workflow-task' },
  activity: { label: 'Activity', category: 'activity' },
  timer: { label: 'Timer', category: 'timer' },
  'child-workflow': { label: 'Child', category: 'child-workflow' },
  'signal-external': { label: 'Signal', category: 'external' },
  'cancel-external': { label: 'Cancel', category: 'external' },
  update: { label: 'Update', category: 'update' },
  'nexus-operation': { label: 'Nexus', category: 'nexus' },
};

export const spanTitle = (span: Span) =>
  span.kind === 'workflow-task'
    ? `Workflow task ${span.task + 1}`
    : `${KIND[span.kind].label} ${span.name || '?'}`;

export const spanDuration = (span: Span) =>
  span.outcome === 'open' && span.events === 1 ? '' : sinceStart(span.endMs, span.startMs).slice(1);
