/** Asks for the component file a shared session names by hash, and checks it before it runs. */
import { useRef } from 'react';
import { Dialog } from '../common/Dialog.tsx';
import { bytes } from '../common/format.ts';
import { declineComponentFile, offerComponentFile } from '../state/open-share.ts';
import { useApp } from '../state/store.ts';

export function ComponentFileDialog() {
  const ask = useApp((s) => s.share.ask);
  const input = useRef<HTMLInputElement>(null);
  if (!ask) return null;
  return (
    <Dialog title="Pick the shared component" onClose={declineComponentFile}>
      <div className="share-dialog">
        <p>
          This shared session runs <strong>{ask.label ?? 'a component'}</strong>
          {ask.size !== undefined && ` (${bytes(ask.size)})`}, a file on the sender's machine that
          the link names but does not carry. Pick the same file: it is checked by its SHA-256 before
          it runs.
        </p>
        <p className="mono muted share-hash">SHA-256 {ask.sha256}</p>
        {ask.problem && (
          <p className="bad-text" role="alert">
            {ask.problem}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={declineComponentFile}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => input.current?.click()}>
            Choose file…
          </button>
        </div>
        <input
          ref={input}
          type="file"
          hidden
          accept=".wasm,application/wasm"
          data-testid="shared-component-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void offerComponentFile(file);
          }}
        />
      </div>
    </Dialog>
  );
}
