import { lazy, Suspense } from 'react';
import { Dialog } from '../common/Dialog.tsx';
import { set } from '../state/store.ts';

// Monaco is a few MB: it loads only when someone opens this dialog.
const PasteEditor = lazy(() => import('./PasteEditor.tsx'));

export function PasteDialog() {
  const close = () => set({ dialog: undefined });
  return (
    <Dialog title="Paste a history" onClose={close} wide>
      <Suspense fallback={<p className="muted editor-loading">Loading the editor…</p>}>
        <PasteEditor onOpened={close} />
      </Suspense>
    </Dialog>
  );
}
