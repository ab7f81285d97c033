import { lazy, Suspense } from 'react';
import { Dialog } from '../common/Dialog.tsx';
import { set } from '../state/store.ts';

// Monaco is a few MB: it loads only when someone opens an editor dialog.
const ScenarioEditor = lazy(() => import('./ScenarioEditor.tsx'));

/** Edit the simulation scenario and run it: no server, virtual time skips ahead. */
export function ScenarioDialog() {
  const close = () => set({ dialog: undefined });
  return (
    <Dialog title="Simulate a run" onClose={close} wide>
      <Suspense fallback={<p className="muted editor-loading">Loading the editor…</p>}>
        <ScenarioEditor onOpened={close} />
      </Suspense>
    </Dialog>
  );
}
