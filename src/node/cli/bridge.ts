/**
 * `workflow-playground bridge`: a local worker backed by real sdk-core, connected to the page over
 * a WebSocket. Live mode polls a task queue on a Temporal server (connection flags as Temporal's
 * CLI names them, with its environment variables); replay mode feeds a history through sdk-core's
 * replay worker. Either way the page hosts the component and answers each activation, or, with
 * `--component`, the bridge runs it and the page watches. Ctrl+C shuts down cleanly: activations in
 * flight are finished or failed, sdk-core is shut down, and a second Ctrl+C exits at once.
 */
import { readFileSync } from 'node:fs';
import type { parseArgs } from 'node:util';
import { DEFAULT_MAX_FRAME_BYTES } from '../../engine/bridge/frames.ts';
import type { Bridge as BridgeInstance, BridgeMode, BridgeOptions } from '../bridge/bridge.ts';
import { nativeClientOptions } from '../bridge/connection.ts';
import { DEFAULTS } from '../bridge/defaults.ts';
import { VERSION } from '../bridge/version.ts';
import { CONNECTION_OPTIONS, connectionOptions } from './connection-flags.ts';
import { durationFlag, HelpShown, parseCommandArgs, UsageError } from './args.ts';
import { errorReport, loadHistoryInput } from './history-input.ts';

const USAGE = `usage:
  workflow-playground bridge [--address host:port] [--namespace ns] [connection options]
                             (fetch mode: the page opens workflows by id through the bridge)
  workflow-playground bridge --replay <history> [--workflow-id ID] [--once] [common options]
  workflow-playground bridge --task-queue <queue> [--address host:port] [--namespace ns]
                             [--api-key KEY] [--tls | --no-tls] [--tls-cert-path F --tls-key-path F]
                             [--tls-ca-path F] [--tls-server-name NAME] [--grpc-meta key=value]...
                             [common options]
In every mode the page can open a workflow's history by id (Open › From a Temporal server):
from this --address with the connection options, or from another server with no credentials.
common options:
  --component x.wasm        run the component in the bridge (the page only watches)
  --app-url URL             where the app is served (default ${DEFAULTS.appUrl}); pages
                            from this origin only may connect; repeat for more origins
  --host ${DEFAULTS.host}          interface to listen on (loopback by default)
  --port ${DEFAULTS.port}               port to listen on (0: any free port)
  --activation-timeout ${DEFAULTS.activationTimeoutMs / 1000}s   fail an activation the page has not completed by then
  --max-in-flight ${DEFAULTS.maxInFlight}         activations waiting for the page at once (sdk-core's workflow task slots)
  --max-cached-workflows ${DEFAULTS.maxCachedWorkflows}  (live) runs sdk-core keeps cached, each an instance in the page
  --shutdown-grace ${DEFAULTS.shutdownGraceMs / 1000}s       on Ctrl+C, time left to activations in flight before they are failed
  --max-frame-bytes N       largest WebSocket frame accepted (default ${DEFAULT_MAX_FRAME_BYTES})`;

function positiveInteger(text: string, flag: string, min = 1): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    throw new UsageError(`--${flag} ${text}: expected a whole number of at least ${min}`);
  return value;
}

export const OPTIONS = {
  replay: { type: 'string' },
  'workflow-id': { type: 'string' },
  once: { type: 'boolean' },
  ...CONNECTION_OPTIONS,
  'task-queue': { type: 'string', short: 't' },
  'max-cached-workflows': { type: 'string' },
  component: { type: 'string' },
  'app-url': { type: 'string', multiple: true },
  host: { type: 'string' },
  port: { type: 'string' },
  'activation-timeout': { type: 'string' },
  'max-in-flight': { type: 'string' },
  'shutdown-grace': { type: 'string' },
  'max-frame-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowNegative: true }>
>['values'];

async function mode(
  values: Values,
  maxInFlight: number,
  activationTimeoutMs: number,
): Promise<BridgeMode> {
  const live = values['task-queue'] !== undefined;
  if (values.replay !== undefined && live)
    throw new UsageError(
      '--replay and --task-queue exclude each other: replay a history, or poll a server',
    );
  if (values.replay === undefined && !live) {
    if (values.once || values['workflow-id'] || values.component)
      throw new UsageError(
        '--once, --workflow-id and --component need --replay <history> or --task-queue <queue>',
      );
    // Fetch mode: no activations; the page opens workflows by id from this server (or another).
    const connection = connectionOptions(values);
    nativeClientOptions(connection, VERSION);
    return { kind: 'fetch', connection };
  }
  if (live) {
    if (values.once || values['workflow-id'])
      throw new UsageError('--once and --workflow-id belong to replay mode (--replay)');
    const connection = connectionOptions(values);
    // Refuses unusable TLS and header settings (and unreadable files) before anything starts.
    nativeClientOptions(connection, VERSION);
    return {
      kind: 'live',
      live: {
        connection,
        taskQueue: values['task-queue']!,
        maxInFlight,
        maxCachedWorkflows: positiveInteger(
          values['max-cached-workflows'] ?? String(DEFAULTS.maxCachedWorkflows),
          'max-cached-workflows',
          0,
        ),
        identity: `workflow-playground-bridge@${process.pid}`,
        version: VERSION,
      },
    };
  }
  const input = values.replay!;
  let history;
  try {
    history = await loadHistoryInput(input);
  } catch (thrown) {
    throw new UsageError(`--replay ${errorReport(thrown).message}`);
  }
  const started = history.events[0]?.workflowExecutionStartedEventAttributes;
  return {
    kind: 'replay',
    taskQueue: started?.taskQueue?.name ?? '',
    source: {
      label: input,
      history: { events: [...history.events] },
      workflowId: values['workflow-id'] ?? (started?.workflowId || 'fake'),
      timeoutMs: Math.max(60_000, activationTimeoutMs * (history.events.length + 10)),
    },
  };
}

async function bridgeOptions(values: Values): Promise<BridgeOptions> {
  const maxInFlight = positiveInteger(
    values['max-in-flight'] ?? String(DEFAULTS.maxInFlight),
    'max-in-flight',
  );
  const activationTimeoutMs = values['activation-timeout']
    ? durationFlag(values['activation-timeout'], 'activation-timeout', 1)
    : DEFAULTS.activationTimeoutMs;
  const options: BridgeOptions = {
    mode: await mode(values, maxInFlight, activationTimeoutMs),
    once: values.once ?? false,
    host: values.host ?? DEFAULTS.host,
    port: positiveInteger(values.port ?? String(DEFAULTS.port), 'port', 0),
    appUrls: (values['app-url'] ?? []).map((url) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new UsageError(`--app-url ${url}: not a URL (e.g. ${DEFAULTS.appUrl})`);
      }
      // Other schemes (file:, data:) have an opaque "null" origin that any page can claim.
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        throw new UsageError(`--app-url ${url}: the app must be served over http or https`);
      return parsed.toString();
    }),
    activationTimeoutMs,
    maxInFlight,
    shutdownGraceMs: values['shutdown-grace']
      ? durationFlag(values['shutdown-grace'], 'shutdown-grace')
      : DEFAULTS.shutdownGraceMs,
    maxFrameBytes: positiveInteger(
      values['max-frame-bytes'] ?? String(DEFAULT_MAX_FRAME_BYTES),
      'max-frame-bytes',
      1024,
    ),
  };
  if (values.component) {
    try {
      options.component = {
        bytes: new Uint8Array(readFileSync(values.component)),
        label: values.component,
      };
    } catch (thrown) {
      const code = (thrown as NodeJS.ErrnoException).code;
      throw new UsageError(
        `--component ${values.component}: ${code === 'ENOENT' ? 'no such file' : String(thrown)}`,
      );
    }
  }
  return options;
}

function banner(bridge: BridgeInstance): string {
  const { options } = bridge;
  const { mode } = options;
  const what =
    mode.kind === 'live'
      ? `live: task queue ${mode.live.taskQueue} on ${mode.live.connection.address}, namespace ${mode.live.connection.namespace}`
      : mode.kind === 'fetch'
        ? `fetch: opens workflows by id from ${mode.connection.address}, namespace ${mode.connection.namespace}, or another server`
        : `replay: ${mode.source.label} through sdk-core's replay worker`;
  const who = options.component
    ? `the bridge runs ${options.component.label}; pages watch`
    : 'the page runs the component';
  const host = options.host ?? DEFAULTS.host;
  const exposure = /^(127\.|::1$|localhost$)/.test(host)
    ? 'loopback only'
    : `on ${host}: reachable from other machines, protected by the token only`;
  return [
    `workflow-playground bridge (${what}; ${who})`,
    `  listening on ${bridge.socketUrl} (${exposure})`,
    `  token: ${bridge.token}`,
    `  open:  ${bridge.pageUrl}`,
    'Press Ctrl+C to stop.',
  ].join('\n');
}

export async function bridgeCommand(args: string[]): Promise<number> {
  let options: BridgeOptions;
  try {
    const parsed = parseCommandArgs(
      args,
      { options: OPTIONS, allowPositionals: true, allowNegative: true },
      USAGE,
    );
    if (!parsed) return 2;
    const { values, positionals } = parsed;
    if (positionals.length)
      throw new UsageError(
        `unexpected argument ${positionals[0]} (the history goes after --replay)`,
      );
    options = await bridgeOptions(values);
  } catch (thrown) {
    if (thrown instanceof HelpShown) throw thrown;
    console.error(
      `workflow-playground bridge: ${thrown instanceof Error ? thrown.message : String(thrown)}\n\n${USAGE}`,
    );
    return 2;
  }
  return runBridge('bridge', options, banner);
}

/**
 * Starts a bridge (for `bridge` and `worker`), prints what `describe` says of it, and runs it until
 * it ends or Ctrl+C stops it (a second Ctrl+C exits at once). Returns the process's exit code.
 */
export async function runBridge(
  command: string,
  options: BridgeOptions,
  describe: (bridge: BridgeInstance) => string,
): Promise<number> {
  // sdk-core (@temporalio/core-bridge, a native module) is loaded only by the commands using it.
  let Bridge: typeof import('../bridge/bridge.ts').Bridge;
  try {
    ({ Bridge } = await import('../bridge/bridge.ts'));
  } catch (thrown) {
    console.error(
      `workflow-playground ${command} needs @temporalio/core-bridge (npm install): ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    );
    return 2;
  }
  let bridge: BridgeInstance;
  try {
    bridge = await Bridge.start(options);
  } catch (thrown) {
    console.error(
      `workflow-playground ${command}: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    );
    return 1;
  }
  console.log(describe(bridge));
  let interrupted = 0;
  const stop = (signal: NodeJS.Signals) => {
    if (++interrupted > 1) {
      console.error(`workflow-playground ${command}: stopped without finishing (second signal)`);
      process.exit(130);
    }
    void bridge.shutdown(signal);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const outcome = await bridge.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  return outcome.exitCode;
}
