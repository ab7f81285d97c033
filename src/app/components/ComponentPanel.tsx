import { actions, useApp } from '../state/store.ts';
import { ErrorBanner } from './ErrorBanner.tsx';

const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

export function ComponentPanel() {
  const { summary, error, lost, loading } = useApp((s) => s.component);
  const examplesError = useApp((s) => s.examplesError);

  return (
    <section className="panel component-panel" aria-label="Component">
      <h2>Component</h2>
      {examplesError && (
        <ErrorBanner
          title="Examples unavailable"
          error={{ code: 'internal', message: examplesError }}
        />
      )}
      {error && (
        <ErrorBanner
          title="Could not load the component"
          error={error}
          note={summary ? `Still using ${summary.label}.` : undefined}
          onDismiss={actions.dismissComponentError}
        />
      )}
      {lost && (
        <div className="error-banner" role="alert" data-error-code="engine-restarted">
          <div className="error-head">
            <strong>The engine was restarted</strong>
          </div>
          <p>{lost} is no longer loaded.</p>
          <button type="button" disabled={loading} onClick={() => void actions.reloadComponent()}>
            Reload {lost}
          </button>
        </div>
      )}
      {summary ? (
        <>
          <dl className="facts">
            <dt>File</dt>
            <dd data-testid="component-label">{summary.label}</dd>
            <dt>Kind</dt>
            <dd data-testid="code-kind">
              {summary.kind === 'component'
                ? 'component'
                : 'seed-ABI core module (runs in its first activation)'}
            </dd>
            <dt>Size</dt>
            <dd>
              {mb(summary.byteLength)}{' '}
              <span className="muted mono" title={`SHA-256 ${summary.hash}`}>
                {summary.hash.slice(0, 12)}
              </span>
            </dd>
            <dt>Transpile</dt>
            <dd data-testid="transpile-ms">
              {summary.cached ? 'cached' : ms(summary.timings.transpileMs)}
            </dd>
            <dt>Compile</dt>
            <dd data-testid="compile-ms">
              {summary.cached ? 'cached' : ms(summary.timings.compileMs)}
            </dd>
            <dt>Instantiate</dt>
            <dd data-testid="instantiate-ms">
              {summary.cached ? 'cached' : ms(summary.timings.instantiateMs)}
            </dd>
            <dt>Imports</dt>
            <dd className="mono">{summary.imports.join(', ') || 'nothing'}</dd>
            {summary.wasiImports.length > 0 && (
              <>
                <dt>WASI</dt>
                <dd data-testid="wasi-note">
                  answered deterministically: clocks read workflow time, random is seeded from the
                  run, stdout and stderr go to the trace, files and network are refused. Every call
                  is recorded as a hazard.
                </dd>
              </>
            )}
          </dl>
          <h3>Workflow types</h3>
          <table className="grid" data-testid="workflow-types">
            <thead>
              <tr>
                <th>Type</th>
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
                    {w.updates
                      .map((u) => u.name + (u.hasValidator ? ' (validated)' : ''))
                      .join(', ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        !error && !lost && <p className="muted">No component loaded.</p>
      )}
    </section>
  );
}
