/**
 * `workflow-playground worker`: runs a component's workflows as a Temporal worker in Node, with real
 * sdk-core polling the server and this project's host running the component; no page needed.
 * It is the bridge's live mode with the bridge playing lang, so a page may still connect to watch
 * (the printed link), but nothing waits for one.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BridgeOptions } from '../bridge/bridge.ts';
import { DEFAULT_ADDRESS, nativeClientOptions } from '../bridge/connection.ts';
import { DEFAULTS } from '../bridge/defaults.ts';
import { VERSION } from '../bridge/version.ts';
import { runBridge } from './bridge.ts';
import { loadActivities } from '../activities.ts';
import { CONNECTION_OPTIONS, connectionOptions } from './connection-flags.ts';

const USAGE = `usage: workflow-playground worker --component C.wasm --task-queue <queue>
                                 [--address host:port] [--namespace ns]
                                 [--api-key KEY] [--tls | --no-tls] [--tls-cert-path F --tls-key-path F]
                                 [--tls-ca-path F] [--tls-server-name NAME] [--grpc-meta key=value]...
  --component C.wasm        the workflow component to run (e.g. public/examples/hello.wasm)
  --task-queue Q            the task queue to poll for workflow tasks
  --address host:port       the Temporal frontend (default ${DEFAULT_ADDRESS}, or $TEMPORAL_ADDRESS)
  --namespace NS            (default "default", or $TEMPORAL_NAMESPACE)
  --max-in-flight ${DEFAULTS.maxInFlight}         workflow tasks run at once
  --max-cached-workflows ${DEFAULTS.maxCachedWorkflows}  runs kept cached (each a component instance)
  --watch-port N            port a page may connect to, to watch (default 0: any free port)
  --activities FILE         a module whose exported functions run the queue's activity tasks, by
                            type name (e.g. examples/hello-activity/activities.ts); without it the
                            component's activities need a worker of their own
Ctrl+C stops polling, lets tasks in flight finish, and shuts sdk-core down.`;

/** The connection flags (and environment variables) are the bridge's, so both connect alike. */
const OPTIONS = {
  ...CONNECTION_OPTIONS,
  component: { type: 'string' },
  'task-queue': { type: 'string', short: 't' },
  'max-in-flight': { type: 'string' },
  'max-cached-workflows': { type: 'string' },
  'watch-port': { type: 'string' },
  activities: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function wholeNumber(text: string | undefined, flag: string, fallback: number, min: number) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`--${flag} ${text}: expected a whole number of at least ${min}`);
  return value;
}

async function workerOptions(args: string[]): Promise<BridgeOptions | 'help'> {
  const { values, positionals } = parseArgs({
    args,
    options: OPTIONS,
    allowPositionals: true,
    allowNegative: true,
  });
  if (values.help) return 'help';
  if (positionals.length) throw new Error(`unexpected argument ${positionals[0]}`);
  if (!values.component) throw new Error('give --component <component.wasm>');
  if (!values['task-queue']) throw new Error('give --task-queue <queue>');
  const connection = connectionOptions(values);
  // Refuses unusable TLS and header settings (and unreadable files) before anything starts.
  nativeClientOptions(connection, VERSION);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(values.component));
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    throw new Error(
      `--component ${values.component}: ${code === 'ENOENT' ? 'no such file' : String(thrown)}`,
      { cause: thrown },
    );
  }
  const maxInFlight = wholeNumber(
    values['max-in-flight'],
    'max-in-flight',
    DEFAULTS.maxInFlight,
    1,
  );
  return {
    mode: {
      kind: 'live',
      live: {
        connection,
        taskQueue: values['task-queue'],
        maxInFlight,
        maxCachedWorkflows: wholeNumber(
          values['max-cached-workflows'],
          'max-cached-workflows',
          DEFAULTS.maxCachedWorkflows,
          0,
        ),
        identity: `workflow-playground-worker@${process.pid}`,
        version: VERSION,
        ...(values.activities ? { activities: await loadActivities(values.activities) } : {}),
      },
    },
    component: { bytes, label: values.component },
    host: DEFAULTS.host,
    port: wholeNumber(values['watch-port'], 'watch-port', 0, 0),
    maxInFlight,
  };
}

export async function workerCommand(args: string[]): Promise<number> {
  let options: BridgeOptions;
  try {
    const parsed = await workerOptions(args);
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (thrown) {
    console.error(
      `workflow-playground worker: ${thrown instanceof Error ? thrown.message : String(thrown)}\n\n${USAGE}`,
    );
    return 2;
  }
  const live = options.mode.kind === 'live' ? options.mode.live : undefined;
  return runBridge('worker', options, (bridge) =>
    [
      `workflow-playground worker: ${options.component!.label} polling task queue ${live?.taskQueue} on ${live?.connection.address}, namespace ${live?.connection.namespace}`,
      `  watch in the app: ${bridge.pageUrl}`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
}
