/** The inspector: one tab per view of the selection, details fetched from the worker on demand. */
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

const TABS: Array<{ id: InspectorTab; label: string }> = [
  { id: 'determinism', label: 'Determinism' },
  { id: 'activation', label: 'Activation' },
  { id: 'commands', label: 'Commands' },
  { id: 'trace', label: 'Host trace' },
  { id: 'event', label: 'Event' },
  { id: 'run', label: 'Run' },
];

const PANELS: Record<InspectorTab, () => React.ReactNode> = {
  determinism: DeterminismPanel,
  activation: ActivationPanel,
  commands: CommandsPanel,
  trace: TracePanel,
  event: EventPanel,
  run: RunPanel,
};

export function Inspector() {
  const tab = useApp((s) => s.inspectorTab);
  const error = useApp((s) => s.detail.error);
  const diverged = useApp((s) => !!s.session?.divergence);
  const Panel = PANELS[tab];
  return (
    <section className="inspector" aria-label="Inspector">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
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
          <Panel />
        </ErrorBoundary>
      </div>
    </section>
  );
}
