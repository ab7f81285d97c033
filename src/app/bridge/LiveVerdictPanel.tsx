/**
 * The determinism tab for a live run: sdk-core's verdict (the page holds no history to compare
 * with, so the verdict is sdk-core's alone), what usually causes a nondeterminism like it, and the
 * commands the page answered in the selected workflow task.
 */
import { likelyCause } from '../../engine/session/divergence.ts';
import { taskOfSelection } from '../state/inspect.ts';
import { shownSelection } from '../state/shown.ts';
import { useApp } from '../state/store.ts';
import { outcomeText } from './outcome.ts';
import { OpenHistoryButton } from './OpenHistoryButton.tsx';

export function LiveVerdictPanel() {
  const shown = useApp((s) => s.bridge?.shown);
  const mode = useApp((s) => s.bridge?.welcome?.mode);
  const selection = useApp(shownSelection);
  if (!shown) return <p className="muted empty">No live run yet.</p>;
  const outcome = shown.outcome;
  const task = taskOfSelection(selection) ?? shown.run.steps.at(-1)?.task ?? -1;
  const steps = shown.run.steps.filter((s) => s.task === task);
  const text = outcome && outcomeText(outcome);
  return (
    <div className="determinism" data-testid="live-determinism">
      <h3>
        sdk-core's verdict{' '}
        <span className="muted">
          on {shown.info.workflowType || 'the run'} {shown.info.workflowId}
        </span>
      </h3>
      {!outcome || !text ? (
        <p className="muted">
          sdk-core has not ended this run yet.
          {mode === 'live' &&
            ' On a live worker it says nothing until it evicts the run: when the workflow ends, its cache is full, or a task fails.'}
        </p>
      ) : outcome.kind === 'nondeterminism' ? (
        <div className="divergence" role="alert" data-testid="divergence">
          <p className="divergence-title">
            <strong>Nondeterminism, as sdk-core reported it</strong>
            {outcome.eventId !== undefined && ` at history event ${outcome.eventId}`}
            {outcome.activation !== undefined &&
              `, applying the completion of activation ${outcome.activation + 1}`}
            .
          </p>
          <p className="mono sdk-message" data-testid="sdk-message">
            {outcome.message}
          </p>
          <p>
            <strong>What usually causes this: </strong>
            {likelyCause(outcome.message)}
          </p>
        </div>
      ) : (
        <div
          className={`outcome ${text.kind === 'ok' ? 'success' : text.kind === 'evicted' ? '' : 'failed'}`}
          data-testid="sdk-outcome"
        >
          <strong>{text.short}</strong>
          <p className="mono">{text.long}</p>
        </div>
      )}
      {task >= 0 && (
        <>
          <h4>Workflow task {task + 1}: what the page answered</h4>
          {steps.every((s) => s.commands.length === 0) ? (
            <p className="muted">No commands.</p>
          ) : (
            <table className="grid compare" data-testid="live-commands">
              <thead>
                <tr>
                  <th>Activation</th>
                  <th>Command</th>
                  <th>Made by</th>
                </tr>
              </thead>
              <tbody>
                {steps.flatMap((s) =>
                  s.commands.map((c, i) => (
                    <tr key={`${s.index}:${i}`}>
                      <td>{s.index + 1}</td>
                      <td>
                        <span className="mono">{c.serverKind ?? c.kind}</span> {c.detail}
                      </td>
                      <td>{c.origin}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          )}
        </>
      )}
      <p className="muted">
        The page has no history for a live run, so it cannot set what history expects beside these
        commands; sdk-core compared them. <OpenHistoryButton /> shows both sides, step by step.
      </p>
    </div>
  );
}
