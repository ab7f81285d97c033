/**
 * The link `workflow-playground bridge` prints opens the app with the bridge's address and token in
 * the fragment (`#bridge=ws%3A…&token=…`, never sent to a server). Once the page has started (its
 * component loaded, so the bridge's first activations have something to run) it connects, and it
 * connects again when the fragment changes to another bridge link.
 */
import { connectBridge } from '../state/bridge-actions.ts';
import { get, set } from '../state/store.ts';
import { readBridgeLink } from './link.ts';

function connectToFragment(): void {
  const read = readBridgeLink(location.hash);
  if (!read) return;
  if ('error' in read) {
    set({
      actionError: {
        code: 'bad-request',
        message: `This page's address names a bridge, but ${read.error}.`,
      },
    });
    return;
  }
  const current = get().bridge?.link;
  if (current?.socket === read.link.socket && current.token === read.link.token) return;
  void connectBridge(read.link);
}

export function connectFromFragment(): void {
  connectToFragment();
  window.addEventListener('hashchange', connectToFragment);
}
