import { useState } from 'react';
import { Dialog } from '../common/Dialog.tsx';
import { connectBridge } from '../state/bridge-actions.ts';
import { set } from '../state/store.ts';
import { readBridgeLink } from './link.ts';

/** Connect to a bridge by pasting the link `workflow-playground bridge` printed. */
export function ConnectDialog() {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const close = () => set({ dialog: undefined });
  return (
    <Dialog title="Connect to a bridge" onClose={close}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const read = readBridgeLink(text.trim());
          if (!read) return setError('This is not a bridge link: it has no bridge=… part.');
          if ('error' in read) return setError(`This bridge link is not usable: ${read.error}.`);
          void connectBridge(read.link);
          close();
        }}
      >
        <label className="field">
          The link the bridge printed (or its part from <code>#bridge=</code> on)
          <input
            type="text"
            required
            spellCheck={false}
            placeholder="http://127.0.0.1:5173/#bridge=ws%3A%2F%2F127.0.0.1%3A8765%2F&token=…"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setError(undefined);
            }}
          />
        </label>
        {error && (
          <p className="bad-text" role="alert">
            {error}
          </p>
        )}
        <p className="muted">
          Start one with <code>npx workflow-playground bridge --replay history.json</code> (sdk-core
          replays the history with this page's component) or{' '}
          <code>--task-queue q --address 127.0.0.1:7233</code> (live runs from a Temporal server).
          What you have open in the debugger stays open.
        </p>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={!text.trim()}>
            Connect
          </button>
        </div>
      </form>
    </Dialog>
  );
}
