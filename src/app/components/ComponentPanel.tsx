import { actions, useApp } from '../state/store.ts';
import { ErrorBanner } from './ErrorBanner.tsx';

const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

export function ComponentPanel() {
  const { summary, error } = useApp((s) => s.component);
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
      {summary ? (
        <>
          <dl className="facts">
            <dt>File</dt>
            <dd data-testid="component-label">{summary.label}</dd>
            <dt>Size</dt>
            <dd>{mb(summary.byteLength)}</dd>
            <dt>Transpile</dt>
            <dd data-testid="transpile-ms">{ms(summary.timings.transpileMs)}</dd>
            <dt>Compile</dt>
            <dd data-testid="compile-ms">{ms(summary.timings.compileMs)}</dd>
            <dt>Instantiate</dt>
            <dd data-testid="instantiate-ms">{ms(summary.timings.instantiateMs)}</dd>
            <dt>Imports</dt>
            <dd className="mono">{summary.imports.join(', ') || 'nothing'}</dd>
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
        !error && <p className="muted">No component loaded.</p>
      )}
    </section>
  );
}
