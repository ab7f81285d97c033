/**
 * The run as a whole: its result and the current step's completion, what the workflow reports
 * through set-current-details, hazards in the history, and the loaded component and history.
 */
import { set, useApp } from '../state/store.ts';
import { select } from '../state/inspect.ts';
import { bytes, ms, plural } from '../common/format.ts';
import { downloadHistory } from '../state/simulate.ts';
import { unloadComponent } from '../state/sources.ts';

const OUTCOME: Record<string, string> = {
  completed: 'the workflow completed',
  failed: 'the workflow failed',
  canceled: 'the workflow was cancelled',
  'continued-as-new': 'the workflow continued as new',
  'workflow-task-failed': 'a workflow task failed (the code threw or diverged)',
  blocked: 'the workflow is waiting and nothing in the scenario will wake it',
};

/** How the open history was made, when the simulator made it. */
function Simulation() {
  const last = useApp((s) => s.scenario.last);
  const label = useApp((s) => s.history.view?.label);
  if (!last || last.label !== label) return null;
  return (
    <>
      <h3>Simulation</h3>
      <dl className="facts" data-testid="simulation">
        <dt>Outcome</dt>
        <dd data-testid="simulation-outcome">
          {OUTCOME[last.outcome] ?? last.outcome} after{' '}
          {plural(last.workflowTasks, 'workflow task')}
        </dd>
        <dt>Recorded</dt>
        <dd>
          {bytes(last.bytes)} of history in {ms(last.simulatedMs)} (virtual time skipped)
        </dd>
      </dl>
      {last.warnings.length > 0 && (
        <ul className="warnings" data-testid="simulation-warnings">
          {last.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <p className="actions">
        <button type="button" onClick={() => set({ dialog: 'simulate' })}>
          Edit scenario…
        </button>{' '}
        <button type="button" onClick={() => void downloadHistory()}>
          Download history
        </button>
      </p>
    </>
  );
}

export function ComponentFacts({ unused = false }: { unused?: boolean }) {
  const summary = useApp((s) => s.component.summary);
  const limit = useApp((s) => s.callLimitSeconds);
  if (!summary)
    return (
      <p className="muted">
        No component: the history replays alone (echo of its recorded commands).
      </p>
    );
  return (
    <>
      {unused && (
        <p className="note" data-testid="component-unused-note">
          Loaded but not used: the history replays alone (echo of its recorded commands).{' '}
          <button type="button" className="link" onClick={() => void unloadComponent()}>
            Unload it
          </button>
        </p>
      )}
      <dl className="facts">
        <dt>File</dt>
        <dd>{summary.label}</dd>
        <dt>Size</dt>
        <dd>{bytes(summary.byteLength)}</dd>
        <dt>Kind</dt>
        <dd data-testid="code-kind">
          {summary.kind === 'component'
            ? 'component (temporal:workflow-runtime)'
            : 'seed-ABI core module (runs any workflow type named)'}
        </dd>
        <dt>SHA-256</dt>
        <dd className="mono" title={summary.hash}>
          {summary.hash.slice(0, 16)}…
        </dd>
        <dt>Load</dt>
        <dd>
          {summary.kind === 'component' && (
            <>
              transpile <span data-testid="transpile-ms">{ms(summary.timings.transpileMs)}</span>{' '}
              ·{' '}
            </>
          )}
          compile <span data-testid="compile-ms">{ms(summary.timings.compileMs)}</span>
          {summary.kind === 'component' && (
            <>
              {' '}
              · instantiate{' '}
              <span data-testid="instantiate-ms">{ms(summary.timings.instantiateMs)}</span>
            </>
          )}
        </dd>
        <dt>Imports</dt>
        <dd className="mono">{summary.imports.join(', ') || 'nothing'}</dd>
        <dt>Call limit</dt>
        <dd>
          <input
            type="number"
            className="narrow"
            min={1}
            max={600}
            aria-label="Call limit (s)"
            value={limit}
            onChange={(e) => {
              const seconds = Number(e.target.value);
              if (seconds >= 1 && seconds <= 600) set({ callLimitSeconds: seconds });
            }}
          />{' '}
          s: a guest call that does not return by then is stopped
        </dd>
      </dl>
      <table className="grid" data-testid="workflow-types">
        <thead>
          <tr>
            <th>Workflow type</th>
            <th>Signals</th>
            <th>Queries</th>
            <th>Updates</th>
          </tr>
        </thead>
        <tbody>
          {summary.workflows.map((w) => (
            <tr key={w.workflowType}>
              <td className="mono">{w.workflowType}</td>
              <td>{w.signals.join(', ') || '—'}</td>
              <td>{w.queries.join(', ') || '—'}</td>
              <td>
                {w.updates.map((u) => u.name + (u.hasValidator ? ' (validated)' : '')).join(', ') ||
                  '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Completion() {
  const detail = useApp((s) => s.detail.step);
  const session = useApp((s) => s.session);
  if (!session || !detail) return null;
  const terminal = detail.commands.find(({ command }) =>
    [
      'completeWorkflowExecution',
      'failWorkflowExecution',
      'cancelWorkflowExecution',
      'continueAsNewWorkflowExecution',
    ].some((k) => k in command),
  );
  const status = detail.failure ? 'failed' : 'success';
  return (
    <div className={`outcome ${status}`} data-testid="completion">
      {detail.failure ? (
        <>
          <strong>Activation {detail.index + 1}: workflow task failed</strong>
          <p className="mono">{detail.failure.message}</p>
        </>
      ) : (
        <>
          <strong>
            Activation {detail.index + 1} completed with {plural(detail.commands.length, 'command')}
          </strong>
          {detail.commands.length > 0 && (
            <p className="mono">
              {detail.commands
                .map(({ command }) => {
                  const k = Object.keys(command)[0] ?? '';
                  return k.charAt(0).toUpperCase() + k.slice(1);
                })
                .join(', ')}
            </p>
          )}
          {terminal && session.result !== undefined && (
            <p>
              Result:{' '}
              <span className="mono" data-testid="result">
                {session.result}
              </span>
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** A bundled example's own source (the Rust examples carry theirs), folded under the facts. */
function ExampleSource() {
  const source = useApp((s) => {
    const ref = s.component.ref;
    return ref?.kind === 'example' ? s.examples.find((e) => e.id === ref.id)?.source : undefined;
  });
  if (!source) return null;
  return (
    <details className="example-source" data-testid="example-source">
      <summary>
        Source: <span className="mono">{source.path}</span>
      </summary>
      <pre className="mono">{source.text}</pre>
    </details>
  );
}

export function RunPanel() {
  const view = useApp((s) => s.history.view);
  const session = useApp((s) => s.session);
  return (
    <div className="run-panel">
      {session && (
        <>
          <h3>Run</h3>
          <dl className="facts">
            <dt>Workflow</dt>
            <dd className="mono">{view?.workflowType}</dd>
            <dt>Run id</dt>
            <dd className="mono">{view?.runId || '—'}</dd>
            <dt>Replay</dt>
            <dd>
              {session.mode === 'component' ? 'with the component' : 'history only (echo)'} ·{' '}
              {plural(session.stepCount, 'activation')} so far · last step {ms(session.elapsedMs)}
            </dd>
            <dt>Details</dt>
            <dd className="mono" data-testid="current-details">
              {session.currentDetails || <span className="muted">(none set)</span>}
            </dd>
          </dl>
          <Completion />
        </>
      )}
      <Simulation />
      {view && view.hazards.length > 0 && (
        <>
          <h3>Hazards</h3>
          <ul className="hazards" data-testid="hazards">
            {view.hazards.map((h, i) => (
              <li key={i}>
                <button
                  type="button"
                  className="link"
                  onClick={() => select({ kind: 'event', eventId: h.eventId })}
                >
                  ⚠ event {h.eventId}
                </button>{' '}
                {h.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {view && view.warnings.length > 0 && (
        <>
          <h3>History warnings</h3>
          <ul className="warnings">
            {view.warnings.map((w, i) => (
              <li key={i} className="mono">
                {w}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Component</h3>
      <ComponentFacts unused={session?.mode === 'echo'} />
      <ExampleSource />
    </div>
  );
}
