import { useState } from 'react';
import { Dialog, useSubmit } from '../common/Dialog.tsx';
import { set, useApp } from '../state/store.ts';
import { openHistoryUrl } from '../state/sources.ts';

export function UrlDialog() {
  const [url, setUrl] = useState('');
  const error = useApp((s) => s.history.error);
  const close = () => set({ dialog: undefined });
  const { busy, onSubmit } = useSubmit(() => openHistoryUrl(url.trim()), close);
  return (
    <Dialog title="Open a history from a URL" onClose={close}>
      <form onSubmit={onSubmit}>
        <label className="field">
          URL (any format: JSON, binary, gzip; the server must allow this origin)
          <input
            type="url"
            required
            placeholder="https://example.com/history.json"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        {error && !busy && (
          <p className="bad-text" role="alert">
            {error.message}
          </p>
        )}
        <p className="muted">
          Tip: <code>#history=&lt;url&gt;&amp;component=&lt;url&gt;</code> after this page's address
          opens both on load.
        </p>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy || !url.trim()}>
            {busy ? 'Opening…' : 'Open'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
