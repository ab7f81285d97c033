/**
 * The run at a glance, as Temporal's Web UI heads a workflow: status, start and close, duration,
 * task queue, input and outcome, and which SDK (and worker) recorded the history.
 */
import { useApp } from '../state/store.ts';
import { sinceStart } from '../common/format.ts';
import type { RunSummaryView } from '../../engine/inspect/run-summary.ts';

const STATUS: Record<RunSummaryView['status'], { text: string; tone: string }> = {
  running: { text: 'Running', tone: 'running' },
  completed: { text: 'Completed', tone: 'ok' },
  failed: { text: 'Failed', tone: 'bad' },
  canceled: { text: 'Canceled', tone: 'muted' },
  terminated: { text: 'Terminated', tone: 'bad' },
  'timed-out': { text: 'Timed out', tone: 'bad' },
  'continued-as-new': { text: 'Continued as new', tone: 'muted' },
};

/** `2026-01-01 00:00:00 UTC`: histories come from servers in any time zone. */
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

function Field({
  label,
  value,
  testId,
  fixed = false,
}: {
  label: string;
  value: string;
  testId: string;
  /** Short values (times, durations) keep their width; free text gives way. */
  fixed?: boolean;
}) {
  return (
    <span className={`run-field${fixed ? ' fixed' : ''}`} title={`${label}: ${value}`}>
      <span className="source-kind">{label}</span>
      <span className="run-value" data-testid={testId}>
        {value}
      </span>
    </span>
  );
}

export function RunSummary() {
  const run = useApp((s) => s.history.view?.run);
  const newRun = useApp((s) => s.history.view?.format.kind === 'new-run');
  if (!run || newRun) return null;
  const status = STATUS[run.status];
  const recordedBy = [
    run.sdks.length ? run.sdks.join(', ') : undefined,
    run.workers.length
      ? `${run.workers[0]}${run.workers.length > 1 ? ` +${run.workers.length - 1} more` : ''}`
      : undefined,
  ].filter(Boolean);
  return (
    <div className="run-summary" data-testid="run-summary">
      <span className={`run-status tone-${status.tone}`} data-testid="run-status">
        {status.text}
      </span>
      {run.startMs !== undefined && (
        <Field label="Start" value={utc(run.startMs)} testId="run-start" fixed />
      )}
      {run.closeMs !== undefined && (
        <Field label="Close" value={utc(run.closeMs)} testId="run-close" fixed />
      )}
      {run.startMs !== undefined && run.closeMs !== undefined && (
        <Field
          label="Duration"
          value={sinceStart(run.closeMs, run.startMs).slice(1)}
          testId="run-duration"
          fixed
        />
      )}
      <Field label="Task queue" value={run.taskQueue || '—'} testId="run-task-queue" />
      <Field label="Input" value={run.input || 'none'} testId="run-input" />
      {run.outcome && (
        <Field label={run.outcome.label} value={run.outcome.text || 'none'} testId="run-outcome" />
      )}
      {recordedBy.length > 0 && (
        <Field label="Recorded by" value={recordedBy.join(' · ')} testId="run-recorded-by" />
      )}
    </div>
  );
}
