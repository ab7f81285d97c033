import { lazy, Suspense, useEffect } from 'react';
import { Toolbar } from './toolbar/Toolbar.tsx';
import { SessionBar } from './toolbar/SessionBar.tsx';
import { TimelinePane } from './timeline/TimelinePane.tsx';
import { SourcePane } from './source/SourcePane.tsx';
import { EventList } from './events/EventList.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { ErrorBoundary } from './common/ErrorBoundary.tsx';
import { Dialog } from './common/Dialog.tsx';
import { ShortcutHelp } from './common/ShortcutHelp.tsx';
import { useShortcuts } from './common/shortcuts.ts';
import { PasteDialog } from './sources/PasteDialog.tsx';
import { UrlDialog } from './sources/UrlDialog.tsx';
import { NewRunDialog } from './sources/NewRunDialog.tsx';
import { CodecDialog } from './sources/CodecDialog.tsx';
import { ScenarioDialog } from './sources/ScenarioDialog.tsx';
import { DropZone } from './sources/DropZone.tsx';
import { StartPage } from './sources/StartPage.tsx';
import { ExampleComponentDialog } from './sources/ExampleComponentDialog.tsx';
import { ShareDialog } from './share/ShareDialog.tsx';
import { ComponentFileDialog } from './share/ComponentFileDialog.tsx';
import { ConnectDialog } from './bridge/ConnectDialog.tsx';
import { ServerDialog } from './bridge/ServerDialog.tsx';
import { showingLive } from './state/shown.ts';
import { set, useApp } from './state/store.ts';

function Dialogs() {
  const dialog = useApp((s) => s.dialog);
  switch (dialog) {
    case 'paste':
      return <PasteDialog />;
    case 'url':
      return <UrlDialog />;
    case 'new-run':
      return <NewRunDialog />;
    case 'codec':
      return <CodecDialog />;
    case 'simulate':
      return <ScenarioDialog />;
    case 'help':
      return <ShortcutHelp />;
    case 'share':
      return <ShareDialog />;
    case 'share-file':
      return <ComponentFileDialog />;
    case 'bridge':
      return <ConnectDialog />;
    case 'server':
      return <ServerDialog />;
    case 'example-component':
      return <ExampleComponentDialog />;
    default:
      return null;
  }
}

// The live view comes with the bridge's code, loaded when the page connects to a bridge.
const LiveView = lazy(async () => ({ default: (await import('./bridge/LiveView.tsx')).LiveView }));

/** A dialog that fails to draw says so in a dialog that still closes. */
function DialogFailure({ error }: { error: Error }) {
  return (
    <Dialog title="This dialog failed" onClose={() => set({ dialog: undefined })}>
      <div className="error-banner" role="alert" data-error-code="render">
        <p className="mono">{error.message}</p>
      </div>
    </Dialog>
  );
}

/** `data-busy` on <body> while the engine works or a source or shared session opens (for automation). */
function useBusyAttribute() {
  const busy = useApp(
    (s) => !!s.busy || s.history.loading || s.component.loading || !!s.share.opening,
  );
  useEffect(() => {
    if (busy) document.body.dataset['busy'] = 'true';
    else delete document.body.dataset['busy'];
  }, [busy]);
}

export function App() {
  useShortcuts();
  useBusyAttribute();
  const hasHistory = useApp((s) => !!s.history.view && !s.startPage);
  const live = useApp(showingLive);
  const dialog = useApp((s) => s.dialog);
  return (
    <div className="app">
      <ErrorBoundary name="toolbar">
        <Toolbar />
      </ErrorBoundary>
      <ErrorBoundary name="session bar">
        <SessionBar />
      </ErrorBoundary>
      {live ? (
        <ErrorBoundary name="live view">
          <Suspense fallback={<main className="debugger live" />}>
            <LiveView />
          </Suspense>
        </ErrorBoundary>
      ) : hasHistory ? (
        <main className="debugger">
          <div className="upper">
            <ErrorBoundary name="timeline">
              <TimelinePane />
            </ErrorBoundary>
            <ErrorBoundary name="source">
              <SourcePane />
            </ErrorBoundary>
          </div>
          <div className="lower">
            <ErrorBoundary name="event list">
              <EventList />
            </ErrorBoundary>
            <ErrorBoundary name="inspector">
              <Inspector />
            </ErrorBoundary>
          </div>
        </main>
      ) : (
        <ErrorBoundary name="start page">
          <StartPage />
        </ErrorBoundary>
      )}
      <DropZone />
      {/* Keyed by the dialog: a failed one does not stay failed for the next one opened. */}
      <ErrorBoundary
        key={dialog}
        name="dialog"
        fallback={(error) => <DialogFailure error={error} />}
      >
        <Dialogs />
      </ErrorBoundary>
    </div>
  );
}
