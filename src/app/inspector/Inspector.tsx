/** The inspector: one tab per view of the selection, details fetched from the worker on demand. */
import { lazy, Suspense } from 'react';
import { useApp, type InspectorTab } from '../state/store.ts';
import { showTab } from '../state/inspect.ts';
import { ErrorBanner } from '../common/ErrorBanner.tsx';
import { ErrorBoundary } from '../common/ErrorBoundary.tsx';
import { DeterminismPanel } from './DeterminismPanel.tsx';
import { ActivationPanel } from './ActivationPanel.tsx';
import { CommandsPanel } from './CommandsPanel.tsx';
import { EventPanel } from './EventPanel.tsx';
import { TracePanel } from './TracePanel.tsx';
import { RunPanel } from './RunPanel.tsx';
import { WatchPanel } from './WatchPanel.tsx';
import { showingLive } from '../state/shown.ts';

const TABS: Array<{ id: InspectorTab; label: string }> = [
  { id: 'determinism', label: 'Determinism' },
  { id: 'activation', label: 'Activation' },
  { id: 'commands', label: 'Commands' },
  { id: 'trace', label: 'Host trace' },
  { id: 'event', label: 'Event' },
  { id: 'watch', label: 'Watch' },
  { id: 'run', label: 'Run' },
];

const PANELS: Record<InspectorTab, React.ComponentType> = {
  determinism: DeterminismPanel,
  activation: ActivationPanel,
  commands: CommandsPanel,
  trace: TracePanel,
  event: EventPanel,
  watch: WatchPanel,
  run: RunPanel,
};

// Live runs' panels come with the bridge's code (loaded when the page connects to a bridge).
const LiveRunPanel = lazy(async () => ({
  default: (await import('../bridge/LiveRunPanel.tsx')).LiveRunPanel,
}));
const LiveVerdictPanel = lazy(async () => ({
  default: (await import('../bridge/LiveVerdictPanel.tsx')).LiveVerdictPanel,
}));

/**
 * A live run has no history in the page (no event tab) and its guest is not at hand (no watch);
 * sdk-core's verdict replaces the engine's.
 */
const LIVE_TABS = TABS.filter((t) => t.id !== 'event' && t.id !== 'watch');
const LIVE_PANELS: Record<InspectorTab, React.ComponentType> = {
  ...PANELS,
  determinism: LiveVerdictPanel,
  run: LiveRunPanel,
};

export function Inspector() {
  const live = useApp(showingLive);
  const tab = useApp((s) => s.inspectorTab);
  const error = useApp((s) => s.detail.error);
  const diverged = useApp((s) =>
    live ? s.bridge?.shown?.outcome?.kind === 'nondeterminism' : !!s.session?.divergence,
  );
  const Panel = (live ? LIVE_PANELS : PANELS)[tab];
  return (
    <section className="inspector" aria-label="Inspector">
      <div className="tabs" role="tablist">
        {(live ? LIVE_TABS : TABS).map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={`${tab === t.id ? 'on' : ''}${t.id === 'determinism' && diverged ? ' alert' : ''}`}
            onClick={() => showTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel">
        {error && <ErrorBanner title="Could not inspect that" error={error} />}
        <ErrorBoundary name={`${tab} inspector`}>
          <Suspense fallback={<p className="muted empty">Loading…</p>}>
            <Panel />
          </Suspense>
        </ErrorBoundary>
      </div>
    </section>
  );
}
