/**
 * The run tab for a live run: which workflow run it is, where its activations come from and who
 * runs them, how far it got, what it reported and returned, and sdk-core's verdict.
 */
import { plural } from '../common/format.ts';
import { ComponentFacts } from '../inspector/RunPanel.tsx';
import { useApp } from '../state/store.ts';
import { OpenHistoryButton } from './OpenHistoryButton.tsx';
import { outcomeText } from './outcome.ts';

export function LiveRunPanel() {
  const shown = useApp((s) => s.bridge?.shown);
  const welcome = useApp((s) => s.bridge?.welcome);
  if (!shown) return <p className="muted empty">No live run yet.</p>;
  const { info, run, outcome } = shown;
  const source = welcome?.replay
    ? `replay of ${welcome.replay.source} (${plural(welcome.replay.events, 'event')}) through sdk-core's replay worker`
    : welcome?.server
      ? `task queue ${welcome.server.taskQueue} on ${welcome.server.address} (namespace ${welcome.server.namespace})`
      : '—';
  const running = run.steps.filter((s) => s.live && !s.live.answeredBy).length;
  return (
    <div className="run-panel" data-testid="live-run">
      <h3>Live run</h3>
      <dl className="facts">
        <dt>Workflow</dt>
        <dd className="mono">{info.workflowType || '—'}</dd>
        <dt>Workflow id</dt>
        <dd className="mono">{info.workflowId || '—'}</dd>
        <dt>Run id</dt>
        <dd className="mono">{info.runId || '—'}</dd>
        <dt>Task queue</dt>
        <dd className="mono">
          {info.taskQueue} · namespace {info.namespace}
        </dd>
        <dt>Activations</dt>
        <dd>{source}</dd>
        <dt>Code</dt>
        <dd>
          {welcome?.lang === 'bridge'
            ? `run by the bridge (${welcome.component?.label ?? 'its component'}); this page watches`
            : 'run in this page, by the component below'}
        </dd>
        <dt>Progress</dt>
        <dd>
          {plural(run.steps.length, 'activation')}
          {running > 0 ? `, ${running} running` : ''} · history length {run.lastEventApplied}
        </dd>
        <dt>Details</dt>
        <dd className="mono" data-testid="current-details">
          {shown.currentDetails || <span className="muted">(none set)</span>}
        </dd>
        {shown.result !== undefined && (
          <>
            <dt>Result</dt>
            <dd className="mono" data-testid="result">
              {shown.result}
            </dd>
          </>
        )}
        <dt>sdk-core</dt>
        <dd>{outcome ? outcomeText(outcome).long : 'no verdict yet'}</dd>
      </dl>
      <p>
        <OpenHistoryButton />
      </p>
      {welcome?.lang !== 'bridge' && (
        <>
          <h3>Component</h3>
          <ComponentFacts />
        </>
      )}
    </div>
  );
}
