/**
 * The bridge's address and token, as the link `workflow-playground bridge` prints carries them.
 * Apart from the bridge client, so reading a link does not load the client and the protobuf
 * schema it needs (they load when the page connects).
 */

export interface BridgeLink {
  /** ws://host:port/ of the bridge. */
  socket: string;
  token: string;
}

/**
 * The bridge's address and token in a link: the URL `workflow-playground bridge` prints, or just
 * its fragment (`bridge=ws%3A…&token=…`). Undefined when the text names no bridge; an error saying
 * what is wrong when it names one that cannot be used.
 */
export function readBridgeLink(text: string): { link: BridgeLink } | { error: string } | undefined {
  const hash = text.indexOf('#');
  const params = new URLSearchParams(hash >= 0 ? text.slice(hash + 1) : text.trim());
  const socket = params.get('bridge');
  if (socket === null) return undefined;
  const token = params.get('token');
  if (!token)
    return { error: 'the link has no token (token=…): copy the whole link the bridge printed' };
  let url: URL;
  try {
    url = new URL(socket);
  } catch {
    return { error: `the bridge address "${socket}" is not a URL` };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    return { error: `the bridge address must start with ws:// or wss://, not ${url.protocol}//` };
  return { link: { socket, token } };
}

/**
 * Whether a bridge address is on this machine. Only such a bridge is connected to without asking:
 * a bridge elsewhere would run its activations through the component loaded here.
 */
export function isLoopback(socket: string): boolean {
  const host = new URL(socket).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The fragment without its bridge address and token (other parts kept), with its `#`. */
export function withoutBridgeLink(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('bridge');
  params.delete('token');
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}
