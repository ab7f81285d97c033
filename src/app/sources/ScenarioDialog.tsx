import { Suspense } from 'react';
import { Dialog } from '../common/Dialog.tsx';
import { ErrorBoundary } from '../common/ErrorBoundary.tsx';
import { useRetryableLazy } from '../common/retryable-lazy.ts';
import { set } from '../state/store.ts';

// Monaco is a few MB: it loads only when someone opens an editor dialog.
const loadEditor = () => import('./ScenarioEditor.tsx');

/** Edit the simulation scenario and run it: no server, virtual time skips ahead. */
export function ScenarioDialog() {
  const close = () => set({ dialog: undefined });
  const [ScenarioEditor, reload] = useRetryableLazy(loadEditor);
  return (
    <Dialog title="Simulate a run" onClose={close} wide>
      <ErrorBoundary name="editor" onRetry={reload}>
        <Suspense fallback={<p className="muted editor-loading">Loading the editor…</p>}>
          <ScenarioEditor onOpened={close} />
        </Suspense>
      </ErrorBoundary>
    </Dialog>
  );
}
