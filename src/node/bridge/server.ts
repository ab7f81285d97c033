/**
 * The bridge's WebSocket server. It listens on loopback unless told otherwise, and lets a
 * connection in only with the token it printed at start (`?token=`, compared in constant time)
 * and an Origin header equal to the app's origin: any web page can open a WebSocket to
 * 127.0.0.1, so without both checks a site in another tab could drive the local worker. Rejected
 * connections get a plain HTTP 401/403 before any WebSocket exists, and the bridge's terminal says
 * why (the page cannot see the reason of a refused upgrade).
 *
 * One page at a time is the page: the newest connection that says `hello` takes over, and the
 * previous one is closed (a reloaded tab replaces its old self).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { BRIDGE_PROTOCOL_VERSION, CLOSE } from '../../engine/bridge/protocol.ts';
import { PageLink, type PageLinkHandlers, type PageLinkOptions } from './page-link.ts';

export interface BridgeServerOptions extends PageLinkOptions {
  host: string;
  port: number;
  token: string;
  /** Origins (scheme://host:port) a page may connect from. */
  origins: string[];
  /** Longest wait for a new connection's `hello`. */
  helloTimeoutMs: number;
  log: (line: string) => void;
  /** The `welcome` frame for a page that said hello. */
  welcome: () => object;
  /** A page became the page (after `hello`). */
  onPage: (link: PageLink) => void;
  onRequest: PageLinkHandlers['request'];
}

/** How long a page may take to answer the bridge's close frame. */
const CLOSE_WAIT_MS = 2_000;

function refuse(socket: Duplex, status: number, text: string, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class BridgeServer {
  private readonly http: Server;
  private readonly sockets: WebSocketServer;
  private readonly links = new Set<PageLink>();
  private active: PageLink | undefined;

  constructor(private readonly options: BridgeServerOptions) {
    this.sockets = new WebSocketServer({
      noServer: true,
      // Frames over the protocol limit but under this are read and answered with an error frame;
      // beyond it the WebSocket layer closes the connection (1009) without buffering further.
      maxPayload: 4 * options.maxFrameBytes,
    });
    this.http = createServer((_request, response) => {
      response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(
        'This is the workflow-playground bridge. Open the URL it printed in its terminal.\n',
      );
    });
    this.http.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head));
  }

  /** The page currently connected and greeted, if any. */
  get page(): PageLink | undefined {
    return this.active?.isOpen ? this.active : undefined;
  }

  listen(): Promise<number> {
    const { host, port } = this.options;
    return new Promise((resolve, reject) => {
      this.http.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(
                `${host}:${port} is already in use (another bridge?): choose another port with --port`,
              )
            : error,
        ),
      );
      this.http.listen(port, host, () => {
        this.http.removeAllListeners('error');
        resolve((this.http.address() as AddressInfo).port);
      });
    });
  }

  /** Closes every page with `code` and stops listening; a page that does not answer the close is cut off. */
  async close(code: number, reason: string): Promise<void> {
    for (const link of this.links) link.close(code, reason);
    const cutOff = setTimeout(() => {
      for (const socket of this.sockets.clients) socket.terminate();
      this.http.closeAllConnections();
    }, CLOSE_WAIT_MS);
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    clearTimeout(cutOff);
    this.sockets.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'ws://bridge');
    const origin = request.headers.origin;
    const from = `${request.socket.remoteAddress ?? '?'}${origin ? ` (Origin ${origin})` : ''}`;
    const token = url.searchParams.get('token');
    if (token === null || !sameSecret(token, this.options.token)) {
      this.options.log(
        `bridge: refused a connection from ${from}: ${token === null ? 'no token' : 'wrong token'} (use the URL printed above)`,
      );
      refuse(socket, 401, 'Unauthorized', 'The bridge token is missing or wrong.\n');
      return;
    }
    if (!origin || !this.options.origins.includes(origin)) {
      this.options.log(
        `bridge: refused a connection from ${from}: ${origin ? `Origin ${origin}` : 'no Origin header'}, ` +
          `expected ${this.options.origins.join(' or ')} (set the app's address with --app-url)`,
      );
      refuse(socket, 403, 'Forbidden', 'This origin may not use the bridge.\n');
      return;
    }
    this.sockets.handleUpgrade(request, socket, head, (ws) => {
      const link = new PageLink(ws, origin, this.options, {
        hello: (l, frame) => this.hello(l, frame.protocol, frame.client),
        request: this.options.onRequest,
        closed: (l) => this.closed(l),
      });
      this.links.add(link);
      const timer = setTimeout(() => {
        if (!link.greeted && link.isOpen)
          link.close(CLOSE.protocolMismatch, `no hello within ${this.options.helloTimeoutMs} ms`);
      }, this.options.helloTimeoutMs);
      timer.unref();
    });
  }

  private hello(link: PageLink, protocol: number, client: string): void {
    if (link.greeted) {
      link.error('unexpected-frame', 'hello was already received on this connection');
      return;
    }
    if (protocol !== BRIDGE_PROTOCOL_VERSION) {
      const message = `the bridge speaks protocol ${BRIDGE_PROTOCOL_VERSION}, the page ${protocol}: update the older one`;
      link.error('protocol-mismatch', message);
      link.close(CLOSE.protocolMismatch, 'protocol version mismatch');
      this.options.log(`bridge: page ${link.number} (${client}) refused: ${message}`);
      return;
    }
    link.greeted = true;
    const previous = this.page;
    this.active = link;
    if (previous) previous.close(CLOSE.replaced, 'another page connected to the bridge');
    link.send(this.options.welcome());
    this.options.log(`bridge: page ${link.number} connected (${client}, ${link.origin})`);
    this.options.onPage(link);
  }

  private closed(link: PageLink): void {
    this.links.delete(link);
    if (!link.greeted) return;
    this.options.log(`bridge: page ${link.number} disconnected: ${link.closeReason}`);
    if (this.active === link) this.active = undefined;
  }
}
