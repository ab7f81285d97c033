/**
 * Determinism for one workflow task: what history expects next to what the code produced, row by
 * row; for the diverging task, the first divergence in plain words, sdk-core's message, and what
 * usually causes it.
 */
import { siteText } from '../../engine/host/sources.ts';
import { useApp } from '../state/store.ts';
import { select } from '../state/inspect.ts';
import type { DeterminismRow, SourcePosition } from '../../engine/remote/protocol.ts';

const STATUS: Record<DeterminismRow['status'], string> = {
  match: '✓ match',
  mismatch: '✕ differs',
  missing: '✕ missing',
  extra: '✕ extra',
  pending: '… not yet',
  new: '+ new',
  'not-checked': '? not checked',
};

export function DeterminismPanel() {
  const table = useApp((s) => s.detail.determinism);
  const session = useApp((s) => s.session);
  const tasks = useApp((s) => s.history.view?.tasks);
  const steps = useApp((s) => s.session?.steps);
  const sourcesMissing = useApp((s) =>
    s.component.summary?.sources.available === false
      ? s.component.summary.sources.reason
      : undefined,
  );
  if (!table)
    return (
      <p className="muted empty">
        Select a workflow task (or step into one) to compare its commands with history.
      </p>
    );
  const divergence =
    session?.divergence?.wftStartedEventId === table.wftStartedEventId
      ? session.divergence
      : undefined;
  const task = tasks?.[table.task];
  const siteOf = (actual: DeterminismRow['actual']): SourcePosition | undefined =>
    actual ? steps?.[actual.step]?.commands[actual.position]?.site : undefined;
  const mismatch = table.rows[table.firstMismatch ?? -1]?.actual;
  const mismatchSite = siteOf(mismatch);
  return (
    <div className="determinism" data-testid="determinism">
      <h3>
        Workflow task {table.task + 1}{' '}
        <span className="muted">
          started at event {table.wftStartedEventId}
          {task?.completion
            ? `, ${task.completion.type} at event ${task.completion.eventId}`
            : ', not completed in history'}
        </span>
      </h3>
      {divergence && (
        <div className="divergence" role="alert" data-testid="divergence">
          <p className="divergence-title">
            <strong>Nondeterminism.</strong> {divergence.explanation}
          </p>
          <p className="mono sdk-message" data-testid="sdk-message">
            {divergence.message}
          </p>
          <p>
            <strong>What usually causes this: </strong>
            {divergence.likelyCause}
          </p>
          {mismatch && mismatchSite ? (
            <p data-testid="divergence-source">
              The code produced <span className="mono">{mismatch.kind}</span> {mismatch.detail} at{' '}
              <button
                type="button"
                className="link mono"
                onClick={() =>
                  select({ kind: 'command', step: mismatch.step, position: mismatch.position })
                }
                title={`${mismatchSite.file}:${mismatchSite.line}:${mismatchSite.column}`}
              >
                {siteText(mismatchSite)}
              </button>
            </p>
          ) : (
            mismatch &&
            sourcesMissing && (
              <p className="muted" data-testid="divergence-source">
                No source line: {sourcesMissing}
              </p>
            )
          )}
        </div>
      )}
      {table.rows.some((r) => r.accepted) && (
        <div className="note" data-testid="accepted-difference">
          <p>
            <strong>Differs, and sdk-core accepts it.</strong>{' '}
            {table.rows.find((r) => r.accepted)!.accepted!.explanation}
          </p>
          {table.rows
            .filter((r) => r.accepted)
            .map((r) => (
              <p key={r.index} className="mono sdk-message">
                Row {r.index + 1}, unchecked: {r.accepted!.message}
              </p>
            ))}
        </div>
      )}
      {!table.recorded && (
        <p className="note">
          History ends while this task runs: its commands are new (they would be sent to the
          server), not replayed.
        </p>
      )}
      {table.rows.length === 0 ? (
        <p className="muted">This task recorded no commands, and the code produced none.</p>
      ) : (
        <table className="grid compare" data-testid="expected-vs-actual">
          <thead>
            <tr>
              <th>#</th>
              <th>History expects</th>
              <th>Code produced</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr
                key={row.index}
                className={`status-${row.status}${table.firstMismatch === row.index ? ' first-mismatch' : ''}`}
              >
                <td>{row.index + 1}</td>
                <td>
                  {row.expected ? (
                    <button
                      type="button"
                      className="link"
                      onClick={() => select({ kind: 'event', eventId: row.expected!.eventId })}
                      title={`Event ${row.expected.eventId} ${row.expected.eventType}`}
                    >
                      <span className="mono">{row.expected.kind}</span> {row.expected.detail}{' '}
                      <span className="muted">#{row.expected.eventId}</span>
                    </button>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  {row.actual ? (
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        select({
                          kind: 'command',
                          step: row.actual!.step,
                          position: row.actual!.position,
                        })
                      }
                      title={`Activation ${row.actual.step + 1}`}
                    >
                      <span className="mono">{row.actual.kind}</span> {row.actual.detail}
                      {siteOf(row.actual) && (
                        <span className="muted mono"> · {siteText(siteOf(row.actual)!)}</span>
                      )}
                    </button>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="status">
                  {STATUS[row.status]}
                  {row.accepted ? ' (sdk-core accepts: no flag 1)' : ''}
                  {row.notChecked && (
                    <span className="muted" title={row.notChecked.reason}>
                      {' '}
                      ({row.notChecked.subject}: {row.notChecked.reason})
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
