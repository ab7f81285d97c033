/**
 * What is open and how it replays: the history (format, events, tasks, warnings), the component,
 * and the replay mode (with the component, or the history alone); with a bridge, the switch to its
 * live runs and, while they are shown, the bridge instead. Load errors show here, in place, with
 * what stayed loaded.
 */
import { useApp } from '../state/store.ts';
import { dismissComponentError, dismissHistoryError, unloadComponent } from '../state/sources.ts';
import { dismissRestoreError } from '../state/startup.ts';
import { dismissActionError, setMode } from '../state/stepping.ts';
import { ErrorBanner } from '../common/ErrorBanner.tsx';
import { ShareBanner } from '../share/ShareBanner.tsx';
import { plural } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { downloadHistory } from '../state/simulate.ts';
import type { HistoryView } from '../../engine/remote/protocol.ts';
import { BridgeBanner, LiveSource, ViewSwitch } from '../bridge/LiveBar.tsx';
import { showingLive } from '../state/shown.ts';
import { RunSummary } from './RunSummary.tsx';

function formatName(format: HistoryView['format']): string {
  if (format.kind === 'new-run') return 'new run';
  if (format.kind === 'binary') return `binary protobuf${format.gzip ? ', gzip' : ''}`;
  return `${format.dialect === 'legacy' ? 'legacy JSON' : 'proto3 JSON'}${format.gzip ? ', gzip' : ''}`;
}

/**
 * Which of the component's workflow functions replays the history: offered when the component
 * has several, or none of the history's type (a renamed or ported workflow).
 */
function WorkflowFunction() {
  const workflows = useApp((s) => s.component.summary?.workflows);
  const kind = useApp((s) => s.component.summary?.kind);
  const historyType = useApp((s) => s.history.view?.workflowType ?? '');
  const replaying = useApp((s) => s.session?.workflowFunction);
  if (kind !== 'component' || !workflows?.length) return null;
  const types = workflows.map((w) => w.workflowType);
  if (types.length === 1 && types[0] === historyType) return null;
  return (
    <label
      className="workflow-function"
      title={`The workflow function that replays this history of ${historyType}`}
    >
      <span className="source-kind">Workflow</span>
      <select
        aria-label="Workflow function"
        value={replaying ?? ''}
        onChange={(e) => void setMode('component', e.target.value)}
      >
        {!replaying && (
          <option value="" disabled>
            choose…
          </option>
        )}
        {types.map((t) => (
          <option key={t} value={t}>
            {t}
            {t === historyType ? ' (the history’s type)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The history, the component and the replay mode of the debugger's session. */
function DebuggerSources() {
  const history = useApp((s) => s.history);
  const component = useApp((s) => s.component);
  // The mode alone: the session changes at every step, and this bar need not redraw with it.
  const mode = useApp((s) => s.session?.mode);
  const view = history.view;
  // A component the replay does not run (the history alone replays) is marked, not hidden.
  const unused = mode === 'echo';
  return (
    <>
      <span className="source" data-testid="history-label">
        <span className="source-kind">History</span>
        {history.loading ? (
          'opening…'
        ) : view ? (
          <>
            <strong title={view.label}>{view.label}</strong>
            <span className="muted">
              {formatName(view.format)} · {plural(view.index.count, 'event')} ·{' '}
              {plural(view.tasks.length, 'workflow task')} · {view.workflowType}
            </span>
            {view.warnings.length > 0 && (
              <span className="warn-count" title={view.warnings.join('\n')}>
                {plural(view.warnings.length, 'warning')}
              </span>
            )}
            <button
              type="button"
              className="tool"
              aria-label="Download history"
              title="Download the history as proto3 JSON (as `temporal workflow show --output json` writes it)"
              onClick={() => void downloadHistory()}
            >
              <Icon name="download" />
            </button>
          </>
        ) : (
          <span className="muted">none</span>
        )}
      </span>
      <span className="source component-source">
        <span className="source-kind">Component</span>
        {component.loading ? (
          'loading…'
        ) : component.summary ? (
          <>
            <strong data-testid="component-label" className={unused ? 'unused' : undefined}>
              {component.summary.label}
            </strong>
            {unused && (
              <>
                <span
                  className="unused-tag"
                  data-testid="component-unused"
                  title="The history replays alone: this component runs nothing"
                >
                  not used
                </span>
                <button
                  type="button"
                  className="tool"
                  aria-label="Unload the component"
                  title="Unload the component"
                  onClick={() => void unloadComponent()}
                >
                  ×
                </button>
              </>
            )}
          </>
        ) : (
          <span className="muted">none</span>
        )}
      </span>
      {mode && <WorkflowFunction />}
      {mode && (
        <span className="mode" role="radiogroup" aria-label="Replay mode">
          <button
            type="button"
            role="radio"
            aria-checked={mode === 'component'}
            disabled={!component.summary}
            onClick={() => void setMode('component')}
            title="Replay with the workflow code in the component"
          >
            With component
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={mode === 'echo'}
            onClick={() => void setMode('echo')}
            title="Replay the history alone: every task answered with the commands it recorded"
          >
            History only
          </button>
        </span>
      )}
    </>
  );
}

export function SessionBar() {
  const history = useApp((s) => s.history);
  const component = useApp((s) => s.component);
  const modeNote = useApp((s) => s.session?.modeNote);
  const actionError = useApp((s) => s.actionError);
  const restoreError = useApp((s) => s.restoreError);
  const examplesError = useApp((s) => s.examplesError);
  const live = useApp(showingLive);
  const view = history.view;
  return (
    <>
      <div className="session-bar">
        <ViewSwitch />
        {live ? <LiveSource /> : <DebuggerSources />}
      </div>
      {!live && <RunSummary />}
      <div className="banners">
        <BridgeBanner />
        {!live && modeNote && <p className="note">{modeNote}</p>}
        <ShareBanner />
        {examplesError && (
          <ErrorBanner
            title="Examples unavailable"
            error={{ code: 'internal', message: examplesError }}
          />
        )}
        {restoreError && (
          <ErrorBanner
            title="Session not restored"
            error={{ code: 'internal', message: restoreError }}
            onDismiss={dismissRestoreError}
          />
        )}
        {history.error && (
          <ErrorBanner
            title="Could not open the history"
            error={history.error}
            note={view ? `Still showing ${view.label}.` : undefined}
            onDismiss={dismissHistoryError}
          />
        )}
        {component.error && (
          <ErrorBanner
            title="Could not load the component"
            error={component.error}
            note={component.summary ? `Still using ${component.summary.label}.` : undefined}
            onDismiss={dismissComponentError}
          />
        )}
        {actionError && (
          <ErrorBanner
            title="That did not work"
            error={actionError}
            onDismiss={dismissActionError}
          />
        )}
      </div>
    </>
  );
}
