/** What the code answered: each command with who made it, or the workflow task failure. */
import { siteText } from '../../engine/host/sources.ts';
import { useApp } from '../state/store.ts';
import { shownRun, shownSelection } from '../state/shown.ts';
import { FailureView, JsonTree } from './JsonTree.tsx';
import { StepHeader } from './StepHeader.tsx';

export function CommandsPanel() {
  const detail = useApp((s) => s.detail.step);
  const view = useApp((s) => (detail ? shownRun(s)?.steps[detail.index] : undefined));
  const selection = useApp(shownSelection);
  if (!detail) return <p className="muted empty">No activation yet.</p>;
  return (
    <div data-testid="commands">
      <StepHeader index={detail.index} />
      {detail.failure && (
        <div className="task-failure" role="alert">
          <strong>Workflow task failed:</strong>{' '}
          <span className="mono" data-testid="task-failure">
            {detail.failure.message}
          </span>
          <FailureView
            failure={
              (detail.failure.failure as { $failure?: Record<string, unknown> }).$failure ??
              detail.failure.failure
            }
          />
        </div>
      )}
      {detail.commands.length === 0 && !detail.failure && <p className="muted">No commands.</p>}
      <ol className="commands">
        {detail.commands.map(({ origin, command }, i) => {
          const [kind, body] = Object.entries(command)[0] ?? ['unknown', {}];
          const summary = view?.commands[i];
          const selected =
            selection?.kind === 'command' &&
            selection.step === detail.index &&
            selection.position === i;
          return (
            <li key={i} className={selected ? 'selected' : ''}>
              <span className="badge">{kind.charAt(0).toUpperCase() + kind.slice(1)}</span>{' '}
              <span className="muted">
                {origin === 'history' ? 'from history (no code)' : `pushed by the ${origin}`}
                {summary?.status ? ` · ${summary.status}` : ''}
                {summary?.eventId ? ` · event ${summary.eventId}` : ''}
              </span>
              {summary?.site && (
                <span
                  className="mono muted"
                  data-testid="command-site"
                  title={`${summary.site.file}:${summary.site.line}:${summary.site.column}`}
                >
                  {' '}
                  · {siteText(summary.site)}
                </span>
              )}
              <JsonTree value={body} open={2} />
            </li>
          );
        })}
      </ol>
    </div>
  );
}
