import { useState } from 'react';
import { Dialog, useSubmit } from '../common/Dialog.tsx';
import { openServerWorkflow } from '../state/bridge-actions.ts';
import { set, useApp } from '../state/store.ts';
import { readBridgeLink, type BridgeLink } from './link.ts';

/** What the dialog last opened, so the next time starts from there. */
const REMEMBERED = 'workflow-playground.server-dialog';

function remembered(): { address?: string; namespace?: string } {
  try {
    return JSON.parse(localStorage.getItem(REMEMBERED) ?? '{}') as object;
  } catch {
    return {};
  }
}

/**
 * Open › From a Temporal server: a workflow's history by id, fetched by the bridge (a page cannot
 * speak gRPC). Without a connected bridge, the dialog takes the link one printed and connects first.
 */
export function ServerDialog() {
  const connected = useApp((s) => s.bridge?.connection.state === 'open');
  const own = useApp((s) => s.bridge?.welcome?.server);
  const last = remembered();
  const [address, setAddress] = useState(last.address ?? own?.address ?? '127.0.0.1:7233');
  const [namespace, setNamespace] = useState(last.namespace ?? own?.namespace ?? 'default');
  const [workflowId, setWorkflowId] = useState('');
  const [runId, setRunId] = useState('');
  const [linkText, setLinkText] = useState('');
  const [error, setError] = useState<string>();
  const close = () => set({ dialog: undefined });
  const { busy, onSubmit } = useSubmit(async () => {
    setError(undefined);
    let link: BridgeLink | undefined;
    if (!connected) {
      const read = readBridgeLink(linkText.trim());
      if (!read) return (setError('This is not a bridge link: it has no bridge=… part.'), false);
      if ('error' in read)
        return (setError(`This bridge link is not usable: ${read.error}.`), false);
      link = read.link;
    }
    const target = {
      address: address.trim(),
      namespace: namespace.trim(),
      workflowId: workflowId.trim(),
      ...(runId.trim() ? { runId: runId.trim() } : {}),
    };
    const failed = await openServerWorkflow(target, link);
    if (failed) return (setError(failed), false);
    localStorage.setItem(
      REMEMBERED,
      JSON.stringify({ address: target.address, namespace: target.namespace }),
    );
    return true;
  }, close);
  return (
    <Dialog title="Open a workflow from a Temporal server" onClose={close}>
      <form onSubmit={onSubmit} className="server-dialog">
        <div className="field-row">
          <label className="field">
            Address (host:port of the frontend)
            <input
              type="text"
              required
              spellCheck={false}
              value={address}
              onChange={(e) => setAddress(e.target.value)}
            />
          </label>
          <label className="field">
            Namespace
            <input
              type="text"
              required
              spellCheck={false}
              value={namespace}
              onChange={(e) => setNamespace(e.target.value)}
            />
          </label>
        </div>
        <label className="field">
          Workflow ID
          <input
            type="text"
            required
            spellCheck={false}
            autoFocus
            value={workflowId}
            onChange={(e) => setWorkflowId(e.target.value)}
          />
        </label>
        <label className="field">
          Run ID (optional: the latest run otherwise)
          <input
            type="text"
            spellCheck={false}
            value={runId}
            onChange={(e) => setRunId(e.target.value)}
          />
        </label>
        {connected ? (
          <p className="muted">
            The bridge you are connected to fetches the history
            {own ? (
              <>
                {' '}
                (with its credentials only from <code>{own.address}</code>)
              </>
            ) : null}
            ; the debugger opens it with the component loaded here.
          </p>
        ) : (
          <label className="field">
            A page cannot speak gRPC, so a bridge fetches the history: start one with{' '}
            <code>npx workflow-playground bridge --address {address || 'host:port'}</code> and paste
            the link it prints
            <input
              type="text"
              required
              spellCheck={false}
              placeholder="http://127.0.0.1:5173/#bridge=ws%3A%2F%2F127.0.0.1%3A8765%2F&token=…"
              value={linkText}
              onChange={(e) => setLinkText(e.target.value)}
            />
          </label>
        )}
        {error && !busy && (
          <p className="bad-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy || !workflowId.trim()}>
            {busy ? 'Fetching…' : 'Open'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
