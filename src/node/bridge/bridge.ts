/**
 * The bridge put together: the WebSocket server, lang (the page, or the component run here), and
 * the source of activations (a live sdk-core worker on a Temporal server, or sdk-core's replay
 * worker on a history), plus the shutdown that leaves nothing hanging: polling stops, activations
 * in flight get a grace period to be completed and are failed after it, sdk-core is shut down, and
 * pages are told the bridge is going away.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_MAX_FRAME_BYTES } from '../../engine/bridge/frames.ts';
import { BRIDGE_PROTOCOL_VERSION } from '../../engine/bridge/protocol.ts';
import type { EngineClient } from '../../engine/remote/client.ts';
import { createNodeEngine } from '../engine-worker/engine.ts';
import { newCoreRuntime, shutdownRuntime, type CoreRuntime } from '../oracle/core-bridge.ts';
import { SdkCoreReplayer, type OracleRun } from '../oracle/index.ts';
import { DEFAULTS } from './defaults.ts';
import { Dispatcher } from './dispatcher.ts';
import { NodeLang, PageLang, type BridgeLang } from './lang.ts';
import { normalizeAddress, type ConnectionOptions } from './connection.ts';
import { LiveWorker, type LiveOptions } from './live-worker.ts';
import { ServerClient } from './server-client.ts';
import type { PageLink } from './page-link.ts';
import { ReplayMode, type ReplaySource } from './replay-mode.ts';
import { BridgeServer } from './server.ts';
import { VERSION } from './version.ts';
import { forTerminal } from '../cli/terminal.ts';

export type BridgeMode =
  | { kind: 'replay'; source: ReplaySource; taskQueue: string }
  | { kind: 'live'; live: LiveOptions }
  /** No activations: the bridge only fetches histories (from this server unless the page names another). */
  | { kind: 'fetch'; connection: ConnectionOptions };

export interface BridgeOptions {
  mode: BridgeMode;
  /** The bridge runs this component itself (the page only watches). */
  component?: { bytes: Uint8Array; label: string };
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Where the app is served; the first one goes into the printed link. */
  appUrls?: string[];
  maxFrameBytes?: number;
  maxInFlight?: number;
  activationTimeoutMs?: number;
  shutdownGraceMs?: number;
  heartbeatMs?: number;
  helloTimeoutMs?: number;
  /** Bytes sent but not yet written out to a page beyond which producers wait. */
  highWaterBytes?: number;
  /** Replay mode: shut down once the first replay has its verdict. */
  once?: boolean;
  log?: (line: string) => void;
}

export interface BridgeOutcome {
  exitCode: number;
  /** Replay mode: every replay that ended. */
  replays: OracleRun[];
  /** Why it stopped. */
  reason: string;
}

/** ws://host:port/ for a listening address (loopback and wildcard hosts as 127.0.0.1). */
function socketUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `ws://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`;
}

/** The app URL that connects to this bridge: its address and token in the fragment. */
export function pageLink(appUrl: string, socket: string, token: string): string {
  const url = new URL(appUrl);
  url.hash = `bridge=${encodeURIComponent(socket)}&token=${encodeURIComponent(token)}`;
  return url.toString();
}

export class Bridge {
  readonly token = randomBytes(24).toString('base64url');
  port = 0;
  /** Resolves once the bridge has shut down. */
  readonly done: Promise<BridgeOutcome>;
  private finish!: (outcome: BridgeOutcome) => void;
  private readonly server: BridgeServer;
  private readonly dispatcher: Dispatcher;
  private readonly lang: BridgeLang;
  private readonly log: (line: string) => void;
  private readonly replays: OracleRun[] = [];
  private engine: EngineClient | undefined;
  private componentInfo: { label: string; workflowTypes: string[] } | undefined;
  private replayer: SdkCoreReplayer | undefined;
  private replayMode: ReplayMode | undefined;
  private runtime: CoreRuntime | undefined;
  private worker: LiveWorker | undefined;
  /** Connections to servers the page fetched histories from, by address. */
  private readonly servers = new Map<string, Promise<ServerClient>>();
  private polling: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private pageWaiters: Array<() => void> = [];
  private failure: string | undefined;
  /** Live mode: why the server does not answer, while it does not. */
  private serverDown: string | undefined;

  private constructor(readonly options: BridgeOptions) {
    // Log lines quote what pages and histories sent (a page's `client`, its errors): escaped.
    const log = options.log ?? ((line: string) => console.log(line));
    this.log = (line) => log(forTerminal(line));
    this.done = new Promise((resolve) => (this.finish = resolve));
    const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    const appUrls = options.appUrls?.length ? options.appUrls : [DEFAULTS.appUrl];
    this.server = new BridgeServer({
      host: options.host ?? DEFAULTS.host,
      port: options.port ?? DEFAULTS.port,
      token: this.token,
      origins: appUrls.map((url) => new URL(url).origin),
      maxFrameBytes,
      maxPageRequests: 4,
      highWaterBytes: options.highWaterBytes ?? DEFAULTS.highWaterBytes,
      heartbeatMs: options.heartbeatMs ?? DEFAULTS.heartbeatMs,
      helloTimeoutMs: options.helloTimeoutMs ?? DEFAULTS.helloTimeoutMs,
      log: this.log,
      welcome: () => this.welcome(),
      onPage: (link) => this.pageArrived(link),
      onRequest: (link, frame) => this.serve(link, frame),
    });
    const activationTimeoutMs = options.activationTimeoutMs ?? DEFAULTS.activationTimeoutMs;
    if (options.component) {
      this.engine = createNodeEngine();
      this.lang = new NodeLang(this.engine);
    } else {
      this.lang = new PageLang(this.server, activationTimeoutMs);
    }
    const mode = options.mode;
    this.dispatcher = new Dispatcher(
      this.lang,
      this.server,
      mode.kind === 'replay'
        ? {
            namespace: 'default',
            taskQueue: mode.taskQueue,
            workflowId: mode.source.workflowId,
          }
        : mode.kind === 'live'
          ? { namespace: mode.live.connection.namespace, taskQueue: mode.live.taskQueue }
          : { namespace: mode.connection.namespace, taskQueue: '' },
      options.maxInFlight ?? DEFAULTS.maxInFlight,
      this.log,
    );
  }

  /** Starts everything; rejects with a message to print when something cannot start. */
  static async start(options: BridgeOptions): Promise<Bridge> {
    const bridge = new Bridge(options);
    try {
      await bridge.open();
    } catch (thrown) {
      await bridge.release();
      throw thrown;
    }
    return bridge;
  }

  get socketUrl(): string {
    return socketUrl(this.options.host ?? DEFAULTS.host, this.port);
  }

  /** The link to open the app connected to this bridge. */
  get pageUrl(): string {
    return pageLink(this.options.appUrls?.[0] ?? DEFAULTS.appUrl, this.socketUrl, this.token);
  }

  private async open(): Promise<void> {
    const { component, mode } = this.options;
    if (component && this.engine) {
      const copy = new Uint8Array(component.bytes);
      const { code: summary } = await this.engine.request(
        'load-code',
        { source: { kind: 'bytes', bytes: copy.buffer, label: component.label } },
        { transfer: [copy.buffer] },
      );
      this.componentInfo = {
        label: summary.label,
        workflowTypes: summary.workflows.map((w) => w.workflowType),
      };
    }
    if (mode.kind === 'live') {
      this.runtime = newCoreRuntime('WARN');
      this.worker = await LiveWorker.start(this.runtime, mode.live, this.log);
    } else if (mode.kind === 'replay') {
      this.replayer = new SdkCoreReplayer();
      this.replayMode = new ReplayMode(
        this.replayer,
        mode.source,
        this.dispatcher,
        this.server,
        this.log,
        (run) => this.replayEnded(run),
      );
    }
    this.port = await this.server.listen();
    if (this.worker) {
      const worker = this.worker;
      this.polling = worker
        .run(this.dispatcher, () => this.langReady())
        .catch((thrown: unknown) => {
          this.failure = thrown instanceof Error ? thrown.message : String(thrown);
          this.log(`bridge: ${this.failure}`);
          void this.shutdown('the worker stopped');
        });
      worker.watchServer((down) => this.serverChanged(down));
    }
  }

  /** Live mode: activations are polled only while someone can answer them. */
  private langReady(): Promise<void> {
    if (this.lang.kind === 'bridge' || this.server.page || this.stopping) return Promise.resolve();
    if (this.pageWaiters.length === 0)
      this.log('bridge: no page is connected; workflow tasks are polled once one connects');
    return new Promise((resolve) => this.pageWaiters.push(resolve));
  }

  private wakePollers(): void {
    for (const wake of this.pageWaiters.splice(0)) wake();
  }

  /** Live mode: the server stopped answering (why) or answers again (undefined). */
  private serverChanged(down: string | undefined): void {
    this.serverDown = down;
    const status = this.liveStatus();
    if (down === undefined)
      status.message = `the Temporal server at ${this.liveOptions()!.connection.address} answers again; ${status.message}`;
    this.log(`bridge: ${status.message}`);
    const page = this.server.page;
    if (page && !this.stopping) page.event('status', status);
  }

  private liveStatus(): { state: 'polling' | 'unreachable'; message: string } {
    const live = this.liveOptions()!;
    const where = `task queue ${live.taskQueue} on ${live.connection.address}`;
    return this.serverDown === undefined
      ? { state: 'polling', message: `polling ${where}` }
      : {
          state: 'unreachable',
          message:
            `the Temporal server at ${live.connection.address} does not answer ` +
            `(${this.serverDown}); still running, polling ${where} again once it is back`,
        };
  }

  private pageArrived(link: PageLink): void {
    if (this.stopping) {
      link.event('status', { state: 'shutting-down', message: 'the bridge is shutting down' });
      return;
    }
    this.wakePollers();
    if (this.liveOptions()) link.event('status', this.liveStatus());
    else if (this.options.mode.kind === 'fetch')
      link.event('status', {
        state: 'idle',
        message: `ready to open workflows from ${this.options.mode.connection.address} or another server`,
      });
    else this.replayMode?.request();
  }

  private liveOptions(): LiveOptions | undefined {
    return this.options.mode.kind === 'live' ? this.options.mode.live : undefined;
  }

  /** The bridge's own server: the one it polls (live) or was pointed at (fetch). */
  private ownConnection(): ConnectionOptions | undefined {
    const { mode } = this.options;
    return mode.kind === 'live'
      ? mode.live.connection
      : mode.kind === 'fetch'
        ? mode.connection
        : undefined;
  }

  private welcome(): object {
    const { mode } = this.options;
    const live = this.liveOptions();
    return {
      type: 'welcome',
      protocol: BRIDGE_PROTOCOL_VERSION,
      mode: mode.kind,
      lang: this.lang.kind,
      bridgeVersion: VERSION,
      limits: {
        maxFrameBytes: this.options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
        maxInFlight: this.options.maxInFlight ?? DEFAULTS.maxInFlight,
        activationTimeoutMs: this.options.activationTimeoutMs ?? DEFAULTS.activationTimeoutMs,
      },
      ...(live
        ? {
            server: {
              address: live.connection.address,
              namespace: live.connection.namespace,
              taskQueue: live.taskQueue,
            },
          }
        : mode.kind === 'fetch'
          ? {
              server: { address: mode.connection.address, namespace: mode.connection.namespace },
            }
          : {}),
      ...(mode.kind === 'replay'
        ? {
            replay: {
              source: mode.source.label,
              workflowId: mode.source.workflowId,
              events: mode.source.history.events?.length ?? 0,
            },
          }
        : {}),
      ...(this.componentInfo ? { component: this.componentInfo } : {}),
    };
  }

  private async serve(link: PageLink, frame: { id: number; call: string; args: object }) {
    if (frame.call === 'replay') {
      if (!this.replayMode)
        throw Object.assign(new Error('replay needs replay mode (--replay)'), {
          code: 'unavailable',
        });
      if (this.stopping)
        throw Object.assign(new Error('the bridge is shutting down'), { code: 'unavailable' });
      return { started: this.replayMode.request() };
    }
    const { workflowId, runId, server } = frame.args as {
      workflowId: string;
      runId?: string;
      server?: { address: string; namespace: string };
    };
    const sendPage = async (history: Uint8Array, page: number) => {
      await link.whenWritable();
      if (!link.isOpen) throw new Error('the page disconnected');
      if (!link.event('history-page', { requestId: frame.id, page, history }))
        throw new Error(
          `page ${page + 1} of the history does not fit in one frame (${history.byteLength} bytes)`,
        );
    };
    if (this.stopping)
      throw Object.assign(new Error('the bridge is shutting down'), { code: 'unavailable' });
    // Replay mode has one history, the one it replays, unless the page names a server.
    if (this.replayMode && !server) return this.replayMode.sendHistory(workflowId, sendPage);
    const own = this.ownConnection();
    const namespace = server?.namespace ?? own?.namespace ?? 'default';
    const client = await this.serverClient(server?.address ?? own!.address);
    return client.fetchHistory(namespace, workflowId, runId, sendPage);
  }

  /**
   * A connection to a server, made on first use and kept. The bridge's own address gets its own
   * connection options (TLS, API key, headers); any other address a plain connection, so the
   * bridge's credentials never go to a server the page named.
   */
  private serverClient(address: string): Promise<ServerClient> {
    let normalized: string;
    try {
      normalized = normalizeAddress(address);
    } catch (thrown) {
      return Promise.reject(
        Object.assign(new Error((thrown as Error).message.replace(/^--address /, '')), {
          code: 'bad-address',
        }),
      );
    }
    const own = this.ownConnection();
    if (this.worker && own?.address === normalized) return Promise.resolve(this.worker.server);
    let client = this.servers.get(normalized);
    if (!client) {
      this.runtime ??= newCoreRuntime('WARN');
      const connection: ConnectionOptions =
        own?.address === normalized
          ? own
          : { address: normalized, namespace: 'default', grpcMeta: {} };
      client = ServerClient.connect(this.runtime, connection, VERSION);
      this.servers.set(normalized, client);
      // A server that was not reachable is tried again on the next request.
      client.catch(() => this.servers.delete(normalized));
    }
    return client;
  }

  private replayEnded(run: OracleRun): void {
    this.replays.push(run);
    if (this.options.once) void this.shutdown('--once: the replay ended');
  }

  /**
   * Stops polling, gives activations in flight `shutdownGraceMs` and fails those still open,
   * shuts sdk-core down and closes every page. Safe to call more than once.
   */
  shutdown(reason: string): Promise<void> {
    this.stopping ??= this.windDown(reason);
    return this.stopping;
  }

  private async windDown(reason: string): Promise<void> {
    const grace = this.options.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs;
    this.log(`bridge: shutting down (${reason}); activations in flight get ${grace / 1000} s`);
    this.server.page?.event('status', {
      state: 'shutting-down',
      message: `the bridge is shutting down (${reason})`,
    });
    this.replayMode?.stop();
    this.worker?.initiateShutdown();
    this.wakePollers();
    await this.dispatcher.shutDown(grace);
    await this.replayMode?.idle();
    await this.polling;
    await this.release();
    await this.server.close(1001, 'the bridge is shutting down');
    const lastReplay = this.replays.at(-1);
    const exitCode = this.failure
      ? 1
      : this.options.once && lastReplay
        ? lastReplay.verdict.kind === 'ok'
          ? 0
          : 1
        : 0;
    this.log('bridge: stopped');
    this.finish({ exitCode, replays: this.replays, reason });
  }

  /** Frees sdk-core and the engine (after a failed start too). */
  private async release(): Promise<void> {
    // The order matters: sdk-core panics when its runtime stops under a worker still polling.
    const finalized = (await this.worker?.close()) ?? true;
    this.worker = undefined;
    const servers = await Promise.allSettled(this.servers.values());
    this.servers.clear();
    for (const s of servers) if (s.status === 'fulfilled') s.value.close();
    if (this.runtime && finalized) shutdownRuntime(this.runtime);
    else if (this.runtime) this.log('bridge: sdk-core runtime left to the process exit');
    this.runtime = undefined;
    await this.replayer?.close();
    this.replayer = undefined;
    this.engine?.close();
    this.engine = undefined;
  }
}
