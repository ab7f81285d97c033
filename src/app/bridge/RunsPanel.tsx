/**
 * Beside the inspector while live runs are shown: the bridge (its mode, what it is doing, problems)
 * and every run it reported, newest first. Picking one puts it on the timeline.
 */
import { plural } from '../common/format.ts';
import { showRun } from '../state/bridge.ts';
import { useApp, type BridgeState } from '../state/store.ts';
import { OpenHistoryButton } from './OpenHistoryButton.tsx';
import { outcomeText } from './outcome.ts';

/** What the page is waiting for, before any run arrived; undefined when it is not connected. */
export function waitingText(bridge: BridgeState): string | undefined {
  const { connection, welcome } = bridge;
  if (connection.state === 'connecting')
    return `Connecting to the bridge at ${bridge.link.socket}…`;
  if (connection.state !== 'open' || !welcome) return undefined;
  if (welcome.mode === 'replay')
    return "Waiting for sdk-core's first activation: each one appears on the timeline as it arrives.";
  const server = welcome.server;
  return `Polling task queue ${server?.taskQueue} on ${server?.address}: start a workflow on that queue and its activations appear here as they arrive.`;
}

/** No run, and no connection to bring one. */
export const NOT_CONNECTED = 'No live run: the page is not connected to the bridge.';

export function RunsPanel() {
  const bridge = useApp((s) => s.bridge);
  if (!bridge) return null;
  const { welcome, status, problems, runs, shown, dropped } = bridge;
  return (
    <section className="runs-panel" aria-label="Live runs">
      <div className="runs-head">
        <strong>Runs from the bridge</strong>
        <span className="muted">
          {welcome
            ? `${welcome.mode} mode · bridge ${welcome.bridgeVersion} · ${bridge.link.socket}`
            : bridge.link.socket}
        </span>
      </div>
      {status && (
        <p className="bridge-status" data-testid="bridge-status" data-state={status.state}>
          {status.message}
        </p>
      )}
      {problems.length > 0 && (
        <ul className="problems" data-testid="bridge-problems">
          {problems.map((p, i) => (
            <li key={i} className="mono">
              {p}
            </li>
          ))}
        </ul>
      )}
      {runs.length === 0 ? (
        <p className="muted empty">{waitingText(bridge) ?? 'No runs yet.'}</p>
      ) : (
        <div className="runs-scroll">
          <table className="grid runs" data-testid="runs">
            <thead>
              <tr>
                <th>#</th>
                <th>Workflow</th>
                <th>Run id</th>
                <th>Activations</th>
                <th>sdk-core</th>
              </tr>
            </thead>
            <tbody>
              {[...runs].reverse().map((run) => {
                const text = run.outcome && outcomeText(run.outcome);
                return (
                  <tr
                    key={run.key}
                    className={run.key === shown?.key ? 'selected' : ''}
                    onClick={() => showRun(run.key)}
                    data-testid="run-row"
                    title="Show this run on the timeline"
                  >
                    <td>{run.key}</td>
                    <td>
                      <span className="mono">{run.info.workflowType || '?'}</span>{' '}
                      <span className="muted">{run.info.workflowId}</span>
                    </td>
                    <td className="mono run-id" title={run.info.runId}>
                      {run.info.runId.slice(0, 8)}
                    </td>
                    <td>
                      {run.activations}
                      {run.running ? ' · running' : ''}
                    </td>
                    <td className={text ? `outcome-${text.kind}` : 'muted'} title={text?.long}>
                      {text ? text.short.replace(/^sdk-core:? /, '') : 'in progress'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {dropped > 0 && (
            <p className="muted">{plural(dropped, 'older run')} let go to keep the page light.</p>
          )}
        </div>
      )}
      {shown && (
        <p className="runs-foot">
          <OpenHistoryButton />
        </p>
      )}
    </section>
  );
}
