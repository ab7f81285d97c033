import { Suspense } from 'react';
import { Dialog } from '../common/Dialog.tsx';
import { ErrorBoundary } from '../common/ErrorBoundary.tsx';
import { useRetryableLazy } from '../common/retryable-lazy.ts';
import { set } from '../state/store.ts';

// Monaco is a few MB: it loads only when someone opens this dialog.
const loadEditor = () => import('./PasteEditor.tsx');

export function PasteDialog() {
  const close = () => set({ dialog: undefined });
  const [PasteEditor, reload] = useRetryableLazy(loadEditor);
  return (
    <Dialog title="Paste a history" onClose={close} wide>
      <ErrorBoundary name="editor" onRetry={reload}>
        <Suspense fallback={<p className="muted editor-loading">Loading the editor…</p>}>
          <PasteEditor onOpened={close} />
        </Suspense>
      </ErrorBoundary>
    </Dialog>
  );
}
