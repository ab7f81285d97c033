/**
 * Typed request/response over any message channel (a "wall", as React DevTools' bridge calls its
 * transport): each request carries an id and gets exactly one response with that id, and any
 * number of progress notes before it. A protocol is one map of call name → request, result and
 * progress note types, with a version that every request carries; a server answers a request of
 * another version with an error instead of misreading it.
 */

/** One call of a protocol: what is asked, what comes back, what is said meanwhile. */
export interface CallShape {
  request: unknown;
  result: unknown;
  progress?: unknown;
}
export type CallMap = { [call: string]: CallShape };

/** The progress note of call `K`, if it has one. */
export type ProgressOf<M extends CallMap, K extends keyof M> = M[K] extends { progress: infer P }
  ? P
  : never;

/** The error a request fails with: a code the caller can act on and a message to show as is. */
export interface RpcErrorShape {
  code: string;
  message: string;
}

export type RpcRequest<M extends CallMap> = {
  [K in keyof M & string]: {
    kind: 'request';
    version: number;
    id: number;
    call: K;
    request: M[K]['request'];
  };
}[keyof M & string];

export type RpcReply<M extends CallMap, E extends RpcErrorShape> =
  | { kind: 'response'; id: number; ok: true; result: M[keyof M]['result'] }
  | { kind: 'response'; id: number; ok: false; error: E }
  | { kind: 'progress'; id: number; note: ProgressOf<M, keyof M> };

/** A message channel: what one side sends, with buffers to move rather than copy. */
export interface Wall<Out> {
  send(message: Out, transfer?: Transferable[]): void;
}

/** Thrown by a request that failed: `error` is what the other side (or the client) said. */
export class RequestError<E extends RpcErrorShape = RpcErrorShape> extends Error {
  constructor(readonly error: E) {
    super(error.message);
  }
}

export interface RequestOptions<P> {
  transfer?: Transferable[];
  progress?: (note: P) => void;
}

/** Who waits for an answer: at least how to settle it. */
export interface Waiter {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
}

/**
 * Requests sent and not answered yet, by id: the one id-matching table of every channel (this
 * client, and the bridge's WebSocket ends, which keep their own framing on the wire).
 */
export class PendingRequests<W extends Waiter = Waiter> {
  private nextId = 1;
  private readonly waiting = new Map<number, W>();

  /** A fresh id, waited on by `waiter`. */
  add(waiter: W): number {
    const id = this.nextId++;
    this.waiting.set(id, waiter);
    return id;
  }

  /** The waiter of `id`, left waiting (for notes before the answer). */
  peek(id: number): W | undefined {
    return this.waiting.get(id);
  }

  /** The waiter of `id`, no longer waiting; undefined when nothing waits for `id`. */
  take(id: number): W | undefined {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    return waiter;
  }

  /** Rejects every waiter with `error`. */
  failAll(error: Error): void {
    const waiters = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiter of waiters) waiter.reject(error);
  }

  get size(): number {
    return this.waiting.size;
  }
}

interface RpcWaiter extends Waiter {
  progress?: (note: never) => void;
}

/** The asking side. Replies reach it through `receive`, so its owner can route other messages. */
export class RpcClient<M extends CallMap, E extends RpcErrorShape> {
  private readonly waiting = new PendingRequests<RpcWaiter>();

  constructor(
    private wall: Wall<RpcRequest<M>>,
    private readonly version: number,
    /** Told when the last pending request settled (e.g. to stop a watchdog's timer). */
    private readonly onIdle: () => void = () => {},
  ) {}

  /** Sends to a new channel from now on (a replaced worker); pending requests stay pending. */
  rewire(wall: Wall<RpcRequest<M>>): void {
    this.wall = wall;
  }

  request<K extends keyof M & string>(
    call: K,
    request: M[K]['request'],
    options: RequestOptions<ProgressOf<M, K>> = {},
  ): Promise<M[K]['result']> {
    return new Promise((resolve, reject) => {
      const id = this.waiting.add({
        resolve: resolve as (value: never) => void,
        reject,
        ...(options.progress && { progress: options.progress as (note: never) => void }),
      });
      this.wall.send(
        { kind: 'request', version: this.version, id, call, request } as RpcRequest<M>,
        options.transfer,
      );
    });
  }

  /** Handles a reply; false when `message` is not one (or answers no pending request). */
  receive(message: { kind: string; id?: number }): boolean {
    if (message.kind !== 'response' && message.kind !== 'progress') return false;
    const reply = message as RpcReply<M, E>;
    if (reply.kind === 'progress') {
      const waiter = this.waiting.peek(reply.id);
      waiter?.progress?.(reply.note as never);
      return waiter !== undefined;
    }
    const waiter = this.waiting.take(reply.id);
    if (!waiter) return false;
    if (this.waiting.size === 0) this.onIdle();
    if (reply.ok) waiter.resolve(reply.result as never);
    else waiter.reject(new RequestError(reply.error));
    return true;
  }

  /** Fails every pending request with `error`. */
  failAll(error: E): void {
    this.waiting.failAll(new RequestError(error));
    this.onIdle();
  }

  get pending(): number {
    return this.waiting.size;
  }
}

export interface ServeOptions<M extends CallMap, E extends RpcErrorShape> {
  version: number;
  /** What a handler's throw becomes. */
  toError: (thrown: unknown) => E;
  /** Calls answered one at a time, in arrival order; others are answered as they come. */
  serial?: (call: keyof M & string) => boolean;
  /** Buffers in a result to move to the asking side. */
  transfer?: (call: keyof M & string, result: unknown) => Transferable[];
}

export type Handlers<M extends CallMap> = {
  [K in keyof M & string]: (
    request: M[K]['request'],
    progress: (note: ProgressOf<M, K>) => void,
  ) => M[K]['result'] | Promise<M[K]['result']>;
};

/**
 * The answering side: returns the function to give each request to. Every request gets its
 * progress notes and exactly one response; a handler's failure becomes an error response.
 */
export function serveRpc<M extends CallMap, E extends RpcErrorShape>(
  wall: Wall<RpcReply<M, E>>,
  handlers: Handlers<M>,
  options: ServeOptions<M, E>,
): (message: RpcRequest<M>) => void {
  let queue: Promise<unknown> = Promise.resolve();

  async function handle(message: RpcRequest<M>): Promise<void> {
    const { id, call } = message;
    let reply: RpcReply<M, E>;
    let transfer: Transferable[] = [];
    try {
      if (message.version !== options.version)
        throw new VersionMismatch(
          `The engine speaks protocol version ${options.version}, the request version ${message.version}: reload the page.`,
        );
      const handler = handlers[call] as (
        request: unknown,
        progress: (note: unknown) => void,
      ) => unknown;
      if (typeof handler !== 'function') throw new VersionMismatch(`No call "${call}".`);
      const result = await handler(message.request, (note) =>
        wall.send({ kind: 'progress', id, note } as RpcReply<M, E>),
      );
      reply = { kind: 'response', id, ok: true, result } as RpcReply<M, E>;
      transfer = options.transfer?.(call, result) ?? [];
    } catch (thrown) {
      reply = {
        kind: 'response',
        id,
        ok: false,
        error:
          thrown instanceof VersionMismatch
            ? ({ code: 'bad-request', message: thrown.message } as E)
            : options.toError(thrown),
      };
    }
    wall.send(reply, transfer);
  }

  return (message) => {
    if (options.serial?.(message.call) ?? true) queue = queue.then(() => handle(message));
    else void handle(message);
  };
}

class VersionMismatch extends Error {}
