/**
 * What the bridge tests share: a bridge started in this process on a free port, histories written
 * by hand for the example components, a raw WebSocket page that sends exactly the frames a test
 * wants, and the real page client (src/app/bridge/client.ts) driving a Node engine.
 */
import { WebSocket } from 'ws';
import type { BridgeClientEvent } from '../../src/app/bridge/client.ts';
import { BridgeClient } from '../../src/app/bridge/client.ts';
import { BRIDGE_PROTOCOL_VERSION } from '../../src/engine/bridge/protocol.ts';
import type { HistoryEvent } from '../../src/engine/history/events.ts';
import type { EngineClient } from '../../src/engine/remote/client.ts';
import { Bridge, type BridgeMode, type BridgeOptions } from '../../src/node/bridge/bridge.ts';
import { createNodeEngine } from '../../src/node/engine-worker/engine.ts';
import { HistoryBuilder } from '../history-builder.ts';

/** The origin the tests' "app" is served from. */
export const APP_ORIGIN = 'http://127.0.0.1:5999';

export function replayOf(events: readonly HistoryEvent[], label = 'test history'): BridgeMode {
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  return {
    kind: 'replay',
    taskQueue: started?.taskQueue?.name ?? '',
    source: { label, history: { events: [...events] }, workflowId: 'wf-bridge', timeoutMs: 60_000 },
  };
}

/** hello's `greet`, as a server records it: one workflow task that completes the run. */
export function greetHistory(): HistoryEvent[] {
  return new HistoryBuilder()
    .started('greet', ['Temporal'])
    .workflowTask()
    .completed('Hello, Temporal! (from greet)').events;
}

/** A history where `greet` started a timer in its first task: hello completes instead. */
export function greetExpectingTimer(): HistoryEvent[] {
  const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
  b.timerStarted('1');
  return b.events;
}

/**
 * The `ticker` test guest's history for `timers` timers: it starts timer 1 in its first task and,
 * each time a timer fires, the next one (timer ids are the command seqs: sdk-core's rule).
 */
export function tickerHistory(timers: number): HistoryEvent[] {
  const b = new HistoryBuilder().started('ticker', []).workflowTask();
  for (let seq = 1; seq <= timers; seq++) {
    const started = b.timerStarted(String(seq));
    if (seq < timers) b.timerFired(String(seq), started).workflowTask();
  }
  return b.events;
}

/** What the current test started: stopped by `stopStarted` (tests call it after each). */
const started: Array<() => unknown> = [];

/** Shuts down every bridge and closes every page engine started since the last call, in order. */
export async function stopStarted(): Promise<void> {
  for (const stop of started.splice(0)) await stop();
}

export interface Started {
  bridge: Bridge;
  logs: string[];
}

export async function startBridge(
  options: Omit<BridgeOptions, 'log' | 'port' | 'appUrls'> & Partial<BridgeOptions>,
): Promise<Started> {
  const logs: string[] = [];
  const bridge = await Bridge.start({
    port: 0,
    appUrls: [`${APP_ORIGIN}/`],
    log: (line) => logs.push(line),
    ...options,
  });
  started.push(() => bridge.shutdown('test over'));
  return { bridge, logs };
}

export function socketUrl(bridge: Bridge, token = bridge.token): string {
  return `${bridge.socketUrl}?token=${encodeURIComponent(token)}`;
}

/** Resolves when `check` holds, polling; fails naming `what` after `ms`. */
export async function eventually<T>(
  check: () => T | undefined | false,
  what: string,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Frame = Record<string, unknown> & { type: string };

/** A page that speaks raw frames, so tests can misbehave on purpose. */
export class RawPage {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | undefined;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.frames.push(JSON.parse(String(data)) as Frame);
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
  }

  /** Opens a connection; resolves with the page, or with the HTTP status that refused it. */
  static connect(
    url: string,
    headers: { origin?: string } = { origin: APP_ORIGIN },
  ): Promise<RawPage | { refused: number; body: string }> {
    const socket = new WebSocket(url, headers.origin ? { origin: headers.origin } : {});
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RawPage(socket)));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += String(chunk)));
        response.on('end', () => resolve({ refused: response.statusCode ?? 0, body }));
      });
      socket.once('error', (error) => reject(error));
    });
  }

  static async open(bridge: Bridge): Promise<RawPage> {
    const page = await RawPage.connect(socketUrl(bridge));
    if (!(page instanceof RawPage)) throw new Error(`refused with ${page.refused}`);
    return page;
  }

  send(frame: object | string | Buffer): void {
    this.socket.send(
      typeof frame === 'object' && !Buffer.isBuffer(frame) ? JSON.stringify(frame) : frame,
    );
  }

  hello(protocol = BRIDGE_PROTOCOL_VERSION): void {
    this.send({ type: 'hello', protocol, client: 'test page' });
  }

  /** Answers the bridge's `activate` request with an encoded WorkflowActivationCompletion. */
  completeActivation(request: Frame, completion: Uint8Array): void {
    this.send({
      type: 'response',
      id: request['id'],
      call: 'activate',
      ok: true,
      result: { completion: Buffer.from(completion).toString('base64') },
    });
  }

  /** The first frame (from `from` on) that matches, waiting for it. */
  next(match: (frame: Frame) => boolean, what: string, from = 0, ms = 30_000): Promise<Frame> {
    return eventually(() => this.frames.slice(from).find(match), what, ms);
  }

  event(name: string, from = 0): Promise<Frame> {
    return this.next((f) => f.type === 'event' && f['event'] === name, `event ${name}`, from);
  }

  whenClosed(ms = 30_000) {
    return eventually(() => this.closed, 'the connection to close', ms);
  }

  close(): void {
    this.socket.close();
  }
}

/** The real page client, running activations on a Node engine loaded with `component`. */
export async function clientPage(
  bridge: Bridge,
  component: Uint8Array | undefined,
  options: { reconnect?: false | { minMs: number; maxMs: number; attempts: number } } = {},
): Promise<{ client: BridgeClient; events: BridgeClientEvent[]; engine: EngineClient }> {
  const engine = createNodeEngine();
  started.push(() => engine.close());
  if (component) {
    const copy = new Uint8Array(component);
    await engine.request(
      'load-code',
      { source: { kind: 'bytes', bytes: copy.buffer, label: 'component.wasm' } },
      { transfer: [copy.buffer] },
    );
  }
  const events: BridgeClientEvent[] = [];
  const client = new BridgeClient({
    link: { socket: bridge.socketUrl, token: bridge.token },
    engine,
    onEvent: (event) => events.push(event),
    client: 'test client',
    openSocket: (url) =>
      new WebSocket(url, { origin: APP_ORIGIN }) as unknown as globalThis.WebSocket,
    reconnect: options.reconnect ?? false,
  });
  client.connect();
  return { client, events, engine };
}

export function ofKind<K extends BridgeClientEvent['kind']>(
  events: BridgeClientEvent[],
  kind: K,
): Array<Extract<BridgeClientEvent, { kind: K }>> {
  return events.filter((e): e is Extract<BridgeClientEvent, { kind: K }> => e.kind === kind);
}
