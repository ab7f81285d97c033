/**
 * One page's WebSocket, as the bridge sees it: frames checked against the protocol on the way in
 * (a bad frame gets an `error` frame and the connection stays up), requests to the page matched to
 * their answers by id, and the page's own requests handed to the bridge with a bound on how many
 * may wait at once.
 *
 * Backpressure: every frame sent counts as pending until the socket has written it out, and
 * `whenWritable()` waits while more than `highWaterBytes` are pending. Whoever produces frames
 * (activations, events, history pages) awaits it first, so a slow page slows sdk-core's polling
 * and the history fetch down instead of growing a buffer.
 */
import { PendingRequests } from '../../engine/rpc/rpc.ts';
import type { WebSocket } from 'ws';
import { decodeFrame, encodeFrame } from '../../engine/bridge/frames.ts';
import {
  pageFrame,
  type BridgeCall,
  type BridgeCallArgs,
  type BridgeCallResult,
  type BridgeErrorBody,
  type BridgeEvent,
  type BridgeEventBody,
  type ErrorCode,
  type PageFrame,
} from '../../engine/bridge/protocol.ts';

export interface PageLinkOptions {
  maxFrameBytes: number;
  /** Page requests (fetch-history, replay) that may be in progress at once. */
  maxPageRequests: number;
  highWaterBytes: number;
  /** Ping period; a page that misses two pongs is dropped. */
  heartbeatMs: number;
}

/** Why a request to the page will never be answered. */
export class PageGoneError extends Error {
  override readonly name = 'PageGoneError';
}

/** The page answered a request with an error. */
export class PageRefusedError extends Error {
  override readonly name = 'PageRefusedError';
  constructor(readonly error: BridgeErrorBody) {
    super(error.message);
  }
}

type PageRequestFrame = Extract<PageFrame, { type: 'request' }>;

export interface PageLinkHandlers {
  hello(link: PageLink, frame: Extract<PageFrame, { type: 'hello' }>): void;
  request(link: PageLink, frame: PageRequestFrame): Promise<object>;
  closed(link: PageLink): void;
}

let connections = 0;

export class PageLink {
  /** Connection number, for logs. */
  readonly number = ++connections;
  /** Set once the page sent a valid `hello`. */
  greeted = false;
  /** Runs whose first activation went to this page: it holds their instances. */
  readonly runs = new Set<string>();
  private closedReason: string | undefined;
  private pendingBytes = 0;
  private writableWaiters: Array<() => void> = [];
  private readonly waiting = new PendingRequests();
  /** Requests given up on (timed out): their late answers are dropped quietly. */
  private readonly abandoned = new Set<number>();
  private pageRequests = 0;
  private missedPongs = 0;
  private readonly heartbeat: ReturnType<typeof setInterval>;

  constructor(
    private readonly socket: WebSocket,
    readonly origin: string,
    private readonly options: PageLinkOptions,
    private readonly handlers: PageLinkHandlers,
  ) {
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('close', (code, reason) =>
      this.gone(`the page's connection closed (${code}${reason.length ? ` ${reason}` : ''})`),
    );
    socket.on('error', (error) => this.gone(`the page's connection failed: ${error.message}`));
    socket.on('pong', () => {
      this.missedPongs = 0;
    });
    this.heartbeat = setInterval(() => {
      if (++this.missedPongs > 2) {
        this.gone('the page stopped answering pings');
        socket.terminate();
        return;
      }
      socket.ping();
    }, options.heartbeatMs);
    this.heartbeat.unref();
  }

  get isOpen(): boolean {
    return this.closedReason === undefined;
  }

  /** Why the link closed, once it has. */
  get closeReason(): string | undefined {
    return this.closedReason;
  }

  /** Bytes sent but not yet written out, when over the high-water mark (what holds writers). */
  get backlog(): number | undefined {
    return this.isOpen && this.pendingBytes > this.options.highWaterBytes
      ? this.pendingBytes
      : undefined;
  }

  /** Resolves once the page has taken in enough of what was sent (or the link closed). */
  whenWritable(): Promise<void> {
    if (this.pendingBytes <= this.options.highWaterBytes || !this.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.writableWaiters.push(resolve));
  }

  /** Sends a frame; false if the link is closed or the frame is over the limit. */
  send(frame: object): boolean {
    if (!this.isOpen) return false;
    const text = encodeFrame(frame);
    const size = Buffer.byteLength(text);
    if (size > this.options.maxFrameBytes) return false;
    this.pendingBytes += size;
    this.socket.send(text, () => {
      this.pendingBytes -= size;
      if (this.pendingBytes <= this.options.highWaterBytes) this.releaseWriters();
    });
    return true;
  }

  event<K extends BridgeEvent>(event: K, body: BridgeEventBody<K>): boolean {
    return this.send({ type: 'event', event, body });
  }

  error(code: ErrorCode, message: string, id?: number): void {
    this.send({ type: 'error', code, message, ...(id !== undefined ? { id } : {}) });
  }

  /**
   * Asks the page; rejects with PageGoneError when the link closes first, PageRefusedError when
   * the page answers with an error. `signal` abandons the request (its answer is then ignored).
   */
  request<K extends BridgeCall>(
    call: K,
    args: BridgeCallArgs<K>,
    signal?: AbortSignal,
  ): Promise<BridgeCallResult<K>> {
    if (!this.isOpen) return Promise.reject(new PageGoneError(this.closedReason));
    return new Promise<BridgeCallResult<K>>((resolve, reject) => {
      const onAbort = () => {
        if (!this.waiting.take(id)) return;
        this.abandoned.add(id);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('abandoned'));
      };
      const id = this.waiting.add({
        resolve: (result: never) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (!this.send({ type: 'request', id, call, args })) {
        this.waiting.take(id);
        reject(
          new PageGoneError(
            this.closedReason ??
              `the request is larger than the ${this.options.maxFrameBytes}-byte frame limit`,
          ),
        );
      }
    });
  }

  close(code: number, reason: string): void {
    this.gone(reason);
    this.socket.close(code, reason);
  }

  private gone(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    clearInterval(this.heartbeat);
    this.waiting.failAll(new PageGoneError(reason));
    this.releaseWriters();
    this.handlers.closed(this);
  }

  private releaseWriters(): void {
    const waiters = this.writableWaiters;
    this.writableWaiters = [];
    for (const wake of waiters) wake();
  }

  /** One frame's handling fails that frame (an error frame to the page), never the bridge. */
  private receive(data: Buffer, isBinary: boolean): void {
    try {
      this.handle(data, isBinary);
    } catch (thrown) {
      this.error(
        'internal-error',
        `the bridge failed handling this frame: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      );
    }
  }

  private handle(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      this.error('malformed-frame', 'binary frames are not part of the protocol: send JSON text');
      return;
    }
    const decoded = decodeFrame(pageFrame, data, this.options.maxFrameBytes);
    if (!decoded.ok) {
      const { code, message, id } = decoded.error;
      this.error(code, message, id);
      return;
    }
    const frame = decoded.frame;
    if (frame.type === 'hello') {
      this.handlers.hello(this, frame);
      return;
    }
    if (!this.greeted) {
      this.error('unexpected-frame', `a ${frame.type} frame before hello: send hello first`);
      return;
    }
    if (frame.type === 'response') {
      const waiter = this.waiting.take(frame.id);
      if (!waiter) {
        if (!this.abandoned.delete(frame.id))
          this.error(
            'unexpected-frame',
            `no request ${frame.id} is waiting for an answer`,
            frame.id,
          );
        return;
      }
      if (frame.ok) waiter.resolve(frame.result as never);
      else waiter.reject(new PageRefusedError(frame.error));
      return;
    }
    this.serve(frame);
  }

  private serve(frame: PageRequestFrame): void {
    if (this.pageRequests >= this.options.maxPageRequests) {
      this.error(
        'too-many-requests',
        `${this.pageRequests} requests are already in progress; wait for an answer first`,
        frame.id,
      );
      return;
    }
    this.pageRequests++;
    // Through a promise, so a handler that throws at once answers this request like one that rejects.
    Promise.resolve()
      .then(() => this.handlers.request(this, frame))
      .then(
        (result) =>
          this.send({ type: 'response', id: frame.id, call: frame.call, ok: true, result }),
        (thrown: unknown) =>
          this.send({
            type: 'response',
            id: frame.id,
            call: frame.call,
            ok: false,
            error: {
              code: (thrown as { code?: string }).code ?? 'failed',
              message: thrown instanceof Error ? thrown.message : String(thrown),
            },
          }),
      )
      .finally(() => this.pageRequests--);
  }
}
