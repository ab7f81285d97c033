/** The main area while live runs are shown: the shown run on the timeline, the runs, the inspector. */
import { ErrorBoundary } from '../common/ErrorBoundary.tsx';
import { Inspector } from '../inspector/Inspector.tsx';
import { useApp } from '../state/store.ts';
import { Timeline } from '../timeline/Timeline.tsx';
import { NOT_CONNECTED, RunsPanel, waitingText } from './RunsPanel.tsx';

export function LiveView() {
  const bridge = useApp((s) => s.bridge);
  if (!bridge) return null;
  const waiting = waitingText(bridge);
  return (
    <main className="debugger live" data-testid="live-view">
      {bridge.shown ? (
        <ErrorBoundary name="timeline">
          <Timeline />
        </ErrorBoundary>
      ) : (
        <div className="live-waiting" data-testid="live-waiting">
          {waiting ? (
            <>
              <span className="spinner" aria-hidden="true" /> {waiting}
            </>
          ) : (
            NOT_CONNECTED
          )}
        </div>
      )}
      <div className="lower">
        <ErrorBoundary name="runs">
          <RunsPanel />
        </ErrorBoundary>
        <ErrorBoundary name="inspector">
          <Inspector />
        </ErrorBoundary>
      </div>
    </main>
  );
}
