/**
 * The session bar's parts for a bridge: the switch between the debugger and the live runs (with
 * the connection's state as a dot), what the bridge is and who runs the component (in place of the
 * history and component while live runs are shown), and the connection's problems in plain words,
 * shown in both views.
 */
import {
  forgetBridge,
  reconnectBridge,
  replayAgain,
  disconnectBridge,
  showView,
} from '../state/bridge-actions.ts';
import { useApp, type BridgeState } from '../state/store.ts';

const STATE_WORDS: Record<BridgeState['connection']['state'], string> = {
  connecting: 'connecting…',
  open: 'connected',
  reconnecting: 'not connected, retrying',
  closed: 'disconnected',
};

export function ViewSwitch() {
  const connection = useApp((s) => s.bridge?.connection);
  const showing = useApp((s) => s.showing);
  if (!connection) return null;
  return (
    <span className="mode view-switch" role="radiogroup" aria-label="View">
      <button
        type="button"
        role="radio"
        aria-checked={showing === 'debugger'}
        onClick={() => void showView('debugger')}
        title="The debugger: the history you opened, replayed step by step"
      >
        Debugger
      </button>
      <button
        type="button"
        role="radio"
        aria-checked={showing === 'live'}
        onClick={() => void showView('live')}
        title={`Live runs from the bridge: ${connection.message}`}
      >
        <span className={`conn-dot ${connection.state}`} aria-hidden="true" /> Live runs
      </button>
    </span>
  );
}

/** What the bridge is, in the session bar while its runs are shown. */
export function LiveSource() {
  const bridge = useApp((s) => s.bridge);
  const component = useApp((s) => s.component);
  if (!bridge) return null;
  const { connection, welcome } = bridge;
  const mode = welcome
    ? welcome.mode === 'replay'
      ? `replaying ${welcome.replay?.source.split(/[\\/]/).pop() ?? 'a history'}`
      : `polling ${welcome.server?.taskQueue ?? ''} on ${welcome.server?.address ?? ''}`
    : bridge.link.socket;
  return (
    <>
      <span className="source" data-testid="bridge-connection" data-state={connection.state}>
        <span className="source-kind">Bridge</span>
        <span className={`conn-dot ${connection.state}`} aria-hidden="true" />
        <strong title={connection.message}>{STATE_WORDS[connection.state]}</strong>
        <span className="muted" title={bridge.link.socket}>
          {mode}
        </span>
      </span>
      <span className="source">
        <span className="source-kind">Component</span>
        {welcome?.lang === 'bridge' ? (
          <>
            <strong>{welcome.component?.label ?? '?'}</strong>
            <span className="muted">run by the bridge; this page watches</span>
          </>
        ) : component.summary ? (
          <>
            <strong data-testid="component-label">{component.summary.label}</strong>
            <span className="muted">runs in this page</span>
          </>
        ) : (
          <span className="bad-text">none: pick an example or open a component file</span>
        )}
      </span>
      <span className="bridge-actions">
        {welcome?.mode === 'replay' && connection.state === 'open' && (
          <button
            type="button"
            className="tool"
            onClick={() => void replayAgain()}
            title="Replay the history again through sdk-core, with the component loaded now"
          >
            Replay again
          </button>
        )}
        {connection.state === 'closed' ? (
          <button type="button" className="tool" onClick={() => void reconnectBridge()}>
            Reconnect
          </button>
        ) : (
          <button type="button" className="tool" onClick={() => void disconnectBridge()}>
            Disconnect
          </button>
        )}
        <button
          type="button"
          className="tool"
          onClick={() => void forgetBridge()}
          title="Disconnect and put the live runs away"
        >
          Close
        </button>
      </span>
    </>
  );
}

/** The connection's trouble, in both views: it could not connect, lost the bridge, or was refused. */
export function BridgeBanner() {
  const connection = useApp((s) => s.bridge?.connection);
  const showing = useApp((s) => s.showing);
  if (!connection) return null;
  const trouble =
    connection.state === 'reconnecting' ||
    (connection.state === 'closed' && connection.message !== 'closed');
  if (!trouble) return null;
  return (
    <div className="error-banner" role="alert" data-testid="bridge-problem">
      <div className="error-head">
        <strong>
          {connection.state === 'reconnecting' ? 'Bridge not connected' : 'Bridge disconnected'}
        </strong>
      </div>
      <p>{connection.message.charAt(0).toUpperCase() + connection.message.slice(1)}.</p>
      {showing === 'live' && (
        <p className="muted">
          What you had open in the debugger is unchanged:{' '}
          <button type="button" className="link" onClick={() => void showView('debugger')}>
            back to the debugger
          </button>
          .
        </p>
      )}
    </div>
  );
}
