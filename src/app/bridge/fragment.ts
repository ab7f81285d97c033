/**
 * The link `workflow-playground bridge` prints opens the app with the bridge's address and token in
 * the fragment (`#bridge=ws%3A…&token=…`, never sent to a server). Once the page has started (its
 * component loaded, so the bridge's first activations have something to run) it connects, and it
 * connects again when the fragment changes to another bridge link; to a bridge on another machine
 * only once the user agrees.
 */
import { connectBridge } from '../state/bridge-actions.ts';
import { get, set } from '../state/store.ts';
import { isLoopback, readBridgeLink, withoutBridgeLink } from './link.ts';

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
  // The token leaves the address bar (as a share link does once open): it would be copied on
  // with the address, and a reload would connect again unasked.
  window.history.replaceState(
    window.history.state,
    '',
    location.pathname + location.search + withoutBridgeLink(location.hash),
  );
  const current = get().bridge?.link;
  if (current?.socket === read.link.socket && current.token === read.link.token) return;
  if (
    !isLoopback(read.link.socket) &&
    !window.confirm(
      `This link connects the page to a bridge at ${new URL(read.link.socket).host}, which is not ` +
        'on this computer. That bridge would run its workflow activations through the component ' +
        'loaded here and see what it does. Connect only if you started that bridge.',
    )
  ) {
    set({
      actionError: {
        code: 'bad-request',
        message: `Not connected to the bridge at ${read.link.socket}: it is not on this computer, and you chose not to connect.`,
      },
    });
    return;
  }
  void connectBridge(read.link);
}

export function connectFromFragment(): void {
  connectToFragment();
  window.addEventListener('hashchange', connectToFragment);
}
