/**
 * The remote codec server, as the Temporal Web UI configures one: payloads shown in the inspectors
 * go through its /decode endpoint first. The endpoint and namespace are remembered in this
 * browser; an authorization header is kept for this page only.
 */
import { useState } from 'react';
import { Dialog } from '../common/Dialog.tsx';
import { engine, set, useApp } from '../state/store.ts';
import { loadDetail } from '../state/inspect.ts';
import type { CodecServerConfig } from '../../engine/remote/protocol.ts';

const STORAGE_KEY = 'wp-codec-server';

export async function applyCodecServer(config: CodecServerConfig | undefined): Promise<void> {
  await engine().request('set-codec-server', { config: config ?? null });
  set({ codecServer: config });
  if (config) {
    const { authorization: _secret, ...remembered } = config;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(remembered));
  } else localStorage.removeItem(STORAGE_KEY);
  void loadDetail();
}

export function rememberedCodecServer(): CodecServerConfig | undefined {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as CodecServerConfig) : undefined;
  } catch {
    return undefined;
  }
}

export function CodecDialog() {
  const current = useApp((s) => s.codecServer);
  const [endpoint, setEndpoint] = useState(current?.endpoint ?? '');
  const [namespace, setNamespace] = useState(current?.namespace ?? 'default');
  const [authorization, setAuthorization] = useState(current?.authorization ?? '');
  const [credentials, setCredentials] = useState(current?.includeCredentials ?? false);
  const close = () => set({ dialog: undefined });
  return (
    <Dialog title="Codec server" onClose={close}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          await applyCodecServer({
            endpoint: endpoint.trim(),
            namespace: namespace.trim() || 'default',
            ...(authorization ? { authorization } : {}),
            includeCredentials: credentials,
          });
          close();
        }}
      >
        <p className="muted">
          Payloads go to <code>POST {'{endpoint}'}/decode</code> (Temporal's codec server protocol)
          before the inspectors show them. <code>{'{namespace}'}</code> in the endpoint is replaced.
        </p>
        <label className="field">
          Endpoint
          <input
            type="url"
            required
            placeholder="http://localhost:8888"
            value={endpoint}
            onChange={(e) => setEndpoint(e.target.value)}
            data-testid="codec-endpoint"
          />
        </label>
        <label className="field">
          Namespace (X-Namespace header)
          <input value={namespace} onChange={(e) => setNamespace(e.target.value)} />
        </label>
        <label className="field">
          Authorization header (optional, not stored)
          <input
            type="password"
            value={authorization}
            onChange={(e) => setAuthorization(e.target.value)}
            placeholder="Bearer …"
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={credentials}
            onChange={(e) => setCredentials(e.target.checked)}
          />{' '}
          Include cookies (cross-origin credentials)
        </label>
        <div className="dialog-actions">
          {current && (
            <button
              type="button"
              className="secondary"
              onClick={async () => {
                await applyCodecServer(undefined);
                close();
              }}
            >
              Turn off
            </button>
          )}
          <button type="submit" className="primary">
            Use this codec server
          </button>
        </div>
      </form>
    </Dialog>
  );
}
