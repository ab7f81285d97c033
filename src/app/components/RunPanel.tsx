import type { TraceEntryView } from '../../engine/host/trace-view.ts';
import { actions, useApp } from '../state/store.ts';
import { ErrorBanner } from './ErrorBanner.tsx';
import { JsonView } from './JsonView.tsx';

/** `completeWorkflowExecution` → `CompleteWorkflowExecution`, the name Temporal users know. */
export function commandKind(command: Record<string, unknown>): string {
  const key = Object.keys(command)[0] ?? 'unknown';
  return key.charAt(0).toUpperCase() + key.slice(1);
}

function routineText(entry: TraceEntryView): string {
  if (entry.type !== 'poll' || !entry.routine) return '';
  const r = entry.routine;
  return r.kind === 'main' ? 'main' : `${r.kind} ${r.name}`;
}

/** What happened: the guest call, or what a call did (↳) while it ran. */
function callText(t: TraceEntryView): string {
  switch (t.type) {
    case 'command':
      return `↳ push ${commandKind(t.command)}${t.origin === 'host' ? ' (host)' : ''}`;
    case 'details':
      return '↳ set-current-details';
    case 'log':
      return `↳ ${t.source}`;
    case 'hazard':
      return `↳ ${t.interface}.${t.function}${t.count > 1 ? ` ×${t.count}` : ''}`;
    default:
      return t.type;
  }
}

function resultText(t: TraceEntryView): string {
  switch (t.type) {
    case 'command':
      return '';
    case 'details':
    case 'log':
      return t.text;
    case 'hazard':
      return `${t.sentence} (${t.answer})`;
    case 'task-failure':
      return t.message;
    default:
      return t.error ?? t.outcome;
  }
}

const NO_WORKFLOWS: never[] = [];

function RunForm() {
  const workflows = useApp((s) => s.component.summary?.workflows ?? NO_WORKFLOWS);
  const form = useApp((s) => s.runForm);
  const running = useApp((s) => s.run.running);
  const anyType = useApp((s) => s.component.summary?.anyWorkflowType ?? false);
  const loaded = useApp((s) => s.component.summary !== undefined);
  return (
    <form
      className="run-form"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.run();
      }}
    >
      <label className="field">
        Workflow type
        {anyType ? (
          <input
            className="mono"
            value={form.workflowType}
            onChange={(e) => actions.setRunForm({ workflowType: e.target.value })}
          />
        ) : (
          <select
            value={form.workflowType}
            onChange={(e) => actions.setRunForm({ workflowType: e.target.value })}
          >
            {workflows.map((w) => (
              <option key={w.workflowType}>{w.workflowType}</option>
            ))}
          </select>
        )}
      </label>
      <label className="field grow">
        Input (JSON array of arguments)
        <input
          className="mono"
          value={form.input}
          onChange={(e) => actions.setRunForm({ input: e.target.value })}
        />
      </label>
      <button type="submit" disabled={running || !loaded || (!anyType && workflows.length === 0)}>
        {running ? 'Running…' : 'Run first workflow task'}
      </button>
    </form>
  );
}

export function RunPanel() {
  const { view, error } = useApp((s) => s.run);
  const commands = view?.completion.status === 'success' ? view.completion.commands : [];
  const terminal = commands
    .map((c) => c.command)
    .find((c) => 'completeWorkflowExecution' in c || 'failWorkflowExecution' in c);

  return (
    <section className="panel run-panel" aria-label="Run">
      <h2>First workflow task</h2>
      <RunForm />
      {error && <ErrorBanner title="Could not run" error={error} />}
      {view && (
        <>
          <div className={`outcome ${view.completion.status}`} data-testid="completion">
            {view.completion.status === 'failed' ? (
              <>
                <strong>Workflow task failed</strong>
                <p className="mono" data-testid="task-failure">
                  {view.completion.message}
                </p>
              </>
            ) : (
              <>
                <strong>Completion: {commands.length} command(s)</strong>
                {terminal && (
                  <p>
                    <span className="badge">{commandKind(terminal)}</span>{' '}
                    <span className="mono" data-testid="result">
                      {JSON.stringify(resultValue(terminal))}
                    </span>
                  </p>
                )}
              </>
            )}
            <span className="muted"> {view.durationMs.toFixed(0)} ms</span>
          </div>

          <h3>Commands</h3>
          <table className="grid" data-testid="commands">
            <thead>
              <tr>
                <th>#</th>
                <th>Command</th>
                <th>From</th>
                <th>Attributes</th>
              </tr>
            </thead>
            <tbody>
              {commands.map(({ command, origin }, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td className="mono">{commandKind(command)}</td>
                  <td>{origin}</td>
                  <td>
                    <JsonView value={Object.values(command)[0]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>Host ↔ guest calls</h3>
          <table className="grid" data-testid="trace">
            <thead>
              <tr>
                <th>#</th>
                <th>Call</th>
                <th>Routine</th>
                <th>Pass</th>
                <th>Result</th>
                <th>Progress</th>
                <th>Time</th>
              </tr>
            </thead>
            <tbody>
              {view.trace.map((t) => (
                <tr key={t.seq} className={`trace-${t.type}`}>
                  <td>{t.seq}</td>
                  <td className="mono">{callText(t)}</td>
                  <td>{routineText(t)}</td>
                  <td>{t.type === 'poll' ? t.pass : ''}</td>
                  <td className="mono">{resultText(t)}</td>
                  <td>{t.type === 'poll' ? (t.madeProgress ? 'yes' : 'no') : ''}</td>
                  <td className="nowrap">
                    {'durationMs' in t ? `${t.durationMs.toFixed(1)} ms` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>Activation sent</h3>
          <JsonView value={view.activation} />
        </>
      )}
    </section>
  );
}

function resultValue(command: Record<string, unknown>): unknown {
  const complete = command['completeWorkflowExecution'] as
    { result?: { value?: unknown } } | undefined;
  if (complete) return complete.result?.value;
  return (command['failWorkflowExecution'] as { failure?: { message?: string } } | undefined)
    ?.failure?.message;
}
