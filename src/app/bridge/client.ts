/**
 * The page's side of the bridge (`workflow-playground bridge`): a WebSocket client that speaks the
 * bridge protocol (src/engine/bridge/protocol.ts), runs each activation the bridge sends through
 * the page's engine (the component loaded there), and reports what happens as events the UI draws
 * on its timeline, live runs and replays alike. It depends on no UI code: the app passes its
 * engine client and an event handler.
 *
 * The link the bridge prints carries the address and token in the URL fragment
 * (`#bridge=ws://127.0.0.1:8765/&token=…`), which browsers never send to a server.
 */
import { PendingRequests } from '../../engine/rpc/rpc.ts';
import {
  EngineLang,
  type EngineRequester,
  type LangAnswer,
} from '../../engine/bridge/engine-lang.ts';
import { DEFAULT_MAX_FRAME_BYTES, decodeFrame, encodeFrame } from '../../engine/bridge/frames.ts';
import {
  BRIDGE_PROTOCOL_VERSION,
  CLOSE,
  bridgeFrame,
  type BridgeEventBody,
  type BridgeFrame,
  type PageCall,
  type PageCallArgs,
  type PageCallResult,
  type RunInfo,
} from '../../engine/bridge/protocol.ts';
import { describeThrown } from '../../engine/host/errors.ts';
import type { TraceEntryView } from '../../engine/host/trace-view.ts';
import type { ActivationReport, AnswerReport, EndReport } from '../../engine/inspect/live-run.ts';
import { WorkflowActivation, WorkflowActivationCompletion } from '../../engine/proto/index.ts';
import type { BridgeLink } from './link.ts';

export type Welcome = Extract<BridgeFrame, { type: 'welcome' }>;

export type BridgeClientEvent =
  /** The connection's state, and a sentence for the user. */
  | {
      kind: 'connection';
      state: 'connecting' | 'open' | 'reconnecting' | 'closed';
      message: string;
    }
  | { kind: 'welcome'; welcome: Welcome }
  /** An activation arrived (the page runs it, or the bridge does and the page watches). */
  | ({ kind: 'activation' } & ActivationReport)
  /** What sdk-core was given for it. `reason` says why when the bridge failed it itself. */
  | ({ kind: 'activation-done' } & AnswerReport)
  /** sdk-core evicted the run, or (replay) the replay ended: `verdict` is sdk-core's. */
  | ({ kind: 'run-ended' } & EndReport)
  | { kind: 'bridge-status'; state: BridgeEventBody<'status'>['state']; message: string }
  /** A frame the bridge refused, or one from the bridge the page could not read. */
  | { kind: 'protocol-error'; code: string; message: string };

export interface BridgeClientOptions {
  link: BridgeLink;
  /** The engine that runs activations (the app's engine worker client). */
  engine: EngineRequester;
  onEvent: (event: BridgeClientEvent) => void;
  /** Name sent in `hello`, shown in the bridge's terminal. */
  client?: string;
  /** Opens the socket; the browser's WebSocket by default (tests pass another implementation). */
  openSocket?: (url: string) => WebSocket;
  /** Delay before reconnecting after the connection drops: doubles from `minMs` up to `maxMs`. */
  reconnect?: { minMs: number; maxMs: number; attempts: number } | false;
  maxFrameBytes?: number;
}

export class BridgeRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Waiter {
  call: PageCall;
  resolve: (result: never) => void;
  reject: (error: Error) => void;
  pages: Uint8Array[];
}

/** Concatenated encodings of History messages decode as one History with all their events. */
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** Who made each command, from a host's completion view (JSON from the bridge is not trusted). */
function originsOf(view: unknown): Array<'guest' | 'host'> | undefined {
  const commands = (view as { commands?: unknown } | undefined)?.commands;
  if (!Array.isArray(commands)) return undefined;
  return commands.map((c) => ((c as { origin?: unknown })?.origin === 'host' ? 'host' : 'guest'));
}

const key = (runId: string, index: number) => `${index}:${runId}`;

export class BridgeClient {
  /** The bridge's `welcome`, once connected. */
  welcome: Welcome | undefined;
  private socket: WebSocket | undefined;
  private readonly lang: EngineLang;
  private readonly maxFrameBytes: number;
  private readonly waiting = new PendingRequests<Waiter>();
  /** Answers this page gave, until the bridge confirms what sdk-core got. */
  private readonly answered = new Map<string, LangAnswer>();
  /** Activations run one at a time, in arrival order (the bridge bounds how many wait). */
  private queue: Promise<void> = Promise.resolve();
  private closedByUs = false;
  private failedAttempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: BridgeClientOptions) {
    this.lang = new EngineLang(options.engine);
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  get connected(): boolean {
    return this.welcome !== undefined && this.socket?.readyState === 1;
  }

  connect(): void {
    this.closedByUs = false;
    this.open();
  }

  /** Closes the connection for good (no reconnecting). */
  close(): void {
    this.closedByUs = true;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'the page closed the connection');
  }

  /**
   * A history by workflow id, fetched by the bridge from `server` (default: its own server, or in
   * replay mode the history it replays), as one encoded History.
   */
  async fetchHistory(
    workflowId: string,
    runId?: string,
    server?: { address: string; namespace: string },
  ): Promise<PageCallResult<'fetch-history'> & { history: Uint8Array }> {
    const pages: Uint8Array[] = [];
    const result = await this.request(
      'fetch-history',
      { workflowId, ...(runId ? { runId } : {}), ...(server ? { server } : {}) },
      pages,
    );
    return { ...result, history: concat(pages) };
  }

  /** Replay mode: replays the history again from the start. */
  replay(): Promise<PageCallResult<'replay'>> {
    return this.request('replay', {}, []);
  }

  private request<K extends PageCall>(
    call: K,
    args: PageCallArgs<K>,
    pages: Uint8Array[],
  ): Promise<PageCallResult<K>> {
    if (!this.connected)
      return Promise.reject(
        new BridgeRequestError('not-connected', 'The bridge is not connected.'),
      );
    return new Promise((resolve, reject) => {
      const id = this.waiting.add({
        call,
        resolve: resolve as (result: never) => void,
        reject,
        pages,
      });
      this.send({ type: 'request', id, call, args });
    });
  }

  private emit(event: BridgeClientEvent): void {
    this.options.onEvent(event);
  }

  private url(): string {
    const url = new URL(this.options.link.socket);
    url.searchParams.set('token', this.options.link.token);
    return url.toString();
  }

  private open(): void {
    const socket = (this.options.openSocket ?? ((url) => new WebSocket(url)))(this.url());
    this.socket = socket;
    this.welcome = undefined;
    this.emit({
      kind: 'connection',
      state: 'connecting',
      message: `connecting to ${this.options.link.socket}`,
    });
    socket.onopen = () => {
      this.send({
        type: 'hello',
        protocol: BRIDGE_PROTOCOL_VERSION,
        client: this.options.client ?? 'workflow-playground app',
      });
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') {
        this.emit({
          kind: 'protocol-error',
          code: 'malformed-frame',
          message: 'the bridge sent a binary frame',
        });
        return;
      }
      this.receive(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.closed(event.code, event.reason);
    };
  }

  private send(frame: object): void {
    if (this.socket?.readyState === 1) this.socket.send(encodeFrame(frame));
  }

  private closed(code: number, reason: string): void {
    const wasOpen = this.welcome !== undefined;
    this.welcome = undefined;
    this.waiting.failAll(new BridgeRequestError('disconnected', 'The bridge connection closed.'));
    this.answered.clear();
    const final = (message: string) => this.emit({ kind: 'connection', state: 'closed', message });
    if (this.closedByUs) return final('closed');
    if (code === CLOSE.replaced) return final('another page connected to the bridge and took over');
    if (code === CLOSE.protocolMismatch)
      return final(`the bridge refused this page: ${reason || 'protocol mismatch'}`);
    if (code === 1001)
      return final('the bridge shut down; start it again and open the link it prints');
    const policy = this.options.reconnect ?? { minMs: 500, maxMs: 5000, attempts: 6 };
    if (wasOpen) this.failedAttempts = 0;
    else this.failedAttempts++;
    // A browser is not told why an upgrade failed (a 401 or 403 looks like a refused connection).
    const unreachable =
      `could not connect to the bridge at ${this.options.link.socket}: it is not running, or it ` +
      "refused this page (a wrong token, or an app address it was not started for: see the bridge's terminal)";
    if (policy === false || this.failedAttempts >= policy.attempts) {
      return final(
        wasOpen
          ? `the connection to the bridge was lost (${code}${reason ? ` ${reason}` : ''})`
          : unreachable,
      );
    }
    const delay = Math.min(policy.maxMs, policy.minMs * 2 ** Math.max(0, this.failedAttempts - 1));
    this.emit({
      kind: 'connection',
      state: 'reconnecting',
      message: `${wasOpen ? 'the connection to the bridge was lost' : unreachable}; trying again in ${delay / 1000} s`,
    });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  /** A frame this page fails to handle is reported (and a request answered), never thrown. */
  private receive(data: string): void {
    try {
      this.handle(data);
    } catch (thrown) {
      this.emit({
        kind: 'protocol-error',
        code: 'internal-error',
        message: `this page failed handling a frame from the bridge: ${describeThrown(thrown)}`,
      });
    }
  }

  private handle(data: string): void {
    const decoded = decodeFrame(bridgeFrame, data, this.maxFrameBytes);
    if (!decoded.ok) {
      const { code, message, id, type } = decoded.error;
      this.emit({ kind: 'protocol-error', code, message: `from the bridge: ${message}` });
      // A request the page cannot read still gets an answer, so the bridge does not wait for it.
      if (id !== undefined && type === 'request')
        this.send({
          type: 'response',
          id,
          call: 'activate',
          ok: false,
          error: { code, message: `the page could not read the request: ${message}` },
        });
      return;
    }
    const frame = decoded.frame;
    switch (frame.type) {
      case 'welcome':
        this.welcome = frame;
        this.failedAttempts = 0;
        // A new connection: the bridge holds this page responsible for no run any more.
        for (const runId of this.lang.runIds) void this.lang.forget(runId);
        this.emit({ kind: 'connection', state: 'open', message: `connected (${frame.mode} mode)` });
        this.emit({ kind: 'welcome', welcome: frame });
        return;
      case 'request': {
        const { id, args } = frame;
        // A failed activation is answered as failed; the queue goes on to the next one.
        this.queue = this.queue
          .then(() => this.activate(id, args.run, args.index, args.activation))
          .catch((thrown: unknown) =>
            this.send({
              type: 'response',
              id,
              call: 'activate',
              ok: false,
              error: {
                code: 'internal-error',
                message: `the page failed running the activation: ${describeThrown(thrown)}`,
              },
            }),
          );
        return;
      }
      case 'response': {
        const waiter = this.waiting.take(frame.id);
        if (!waiter) return;
        if (frame.ok) waiter.resolve(frame.result as never);
        else waiter.reject(new BridgeRequestError(frame.error.code, frame.error.message));
        return;
      }
      case 'error':
        if (frame.id !== undefined) {
          this.waiting.take(frame.id)?.reject(new BridgeRequestError(frame.code, frame.message));
        }
        this.emit({ kind: 'protocol-error', code: frame.code, message: frame.message });
        return;
      case 'event':
        this.event(frame);
        return;
    }
  }

  private event(frame: Extract<BridgeFrame, { type: 'event' }>): void {
    switch (frame.event) {
      case 'activation': {
        const { run, index, activation } = frame.body;
        const decoded = this.decode('activation', () => WorkflowActivation.decode(activation));
        if (decoded)
          this.emit({ kind: 'activation', run, index, activation: decoded, ranBy: 'bridge' });
        return;
      }
      case 'activation-done': {
        const { run, index, by, reason, completion, view, trace } = frame.body;
        const mine = this.answered.get(key(run.runId, index));
        this.answered.delete(key(run.runId, index));
        const decoded = this.decode('completion', () =>
          WorkflowActivationCompletion.decode(completion),
        );
        if (!decoded) return;
        // The bridge's bytes are what sdk-core got; this page's own answer says who made what.
        const origins = originsOf(by === 'page' && mine ? mine.view : view);
        this.emit({
          kind: 'activation-done',
          run,
          index,
          by,
          ...(reason !== undefined ? { reason } : {}),
          completion: decoded,
          ...(origins ? { origins } : {}),
          trace: mine?.trace ?? ((trace ?? []) as unknown as TraceEntryView[]),
        });
        return;
      }
      case 'run-ended':
        void this.lang.forget(frame.body.run.runId);
        this.emit({ kind: 'run-ended', ...frame.body });
        return;
      case 'history-page': {
        this.waiting.peek(frame.body.requestId)?.pages.push(frame.body.history);
        return;
      }
      case 'status':
        this.emit({ kind: 'bridge-status', ...frame.body });
        return;
    }
  }

  /** A protobuf from the bridge, decoded; undefined (and a protocol error) when it does not decode. */
  private decode<T>(what: string, decode: () => T): T | undefined {
    try {
      return decode();
    } catch (thrown) {
      this.emit({
        kind: 'protocol-error',
        code: 'malformed-frame',
        message: `from the bridge: the ${what} does not decode: ${describeThrown(thrown)}`,
      });
      return undefined;
    }
  }

  private async activate(
    id: number,
    run: RunInfo,
    index: number,
    activation: Uint8Array,
  ): Promise<void> {
    // One that does not decode still goes to lang, which fails it back to sdk-core saying why.
    let decoded;
    try {
      decoded = WorkflowActivation.decode(activation);
    } catch {
      decoded = { runId: run.runId };
    }
    this.emit({ kind: 'activation', run, index, activation: decoded, ranBy: 'page' });
    const answer = await this.lang.activate(run, activation);
    this.answered.set(key(run.runId, index), answer);
    this.send({
      type: 'response',
      id,
      call: 'activate',
      ok: true,
      result: { completion: answer.completion },
    });
  }
}
