/**
 * A history fetched from a Temporal server instead of read from a file: `inspect`, `replay` and
 * `convert` take `--workflow-id ID [--run-id ID]` with the connection flags of Temporal's CLI
 * (connection-flags.ts), and decode payloads through `--codec-endpoint` as it does. The same
 * connection lists executions for `replay --query`.
 */
import { loadHistoryAsync, type LoadedHistory } from '../../engine/history/index.ts';
import type { CodecServerConfig } from '../../engine/proto/codec-server.ts';
import { History } from '../../engine/proto/index.ts';
import { decodePayloadsIn } from '../../engine/proto/payload-walk.ts';
import { nativeClientOptions, type ConnectionOptions } from '../bridge/connection.ts';
import type { ServerClient } from '../bridge/server-client.ts';
import { VERSION } from '../bridge/version.ts';
import {
  CODEC_OPTIONS,
  CODEC_USAGE,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  codecServer,
  connectionOptions,
} from './connection-flags.ts';

export const SERVER_INPUT_OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...CODEC_OPTIONS,
  'workflow-id': { type: 'string', short: 'w' },
  'run-id': { type: 'string', short: 'r' },
} as const;

export const SERVER_INPUT_USAGE = [
  'From a Temporal server (instead of files), as `temporal workflow show` takes them:',
  '  --workflow-id ID     the workflow whose history is fetched',
  '  --run-id ID          that run (default: the latest)',
  CONNECTION_USAGE,
  CODEC_USAGE,
].join('\n');

type Values = {
  [K in keyof typeof SERVER_INPUT_OPTIONS]?: (typeof SERVER_INPUT_OPTIONS)[K] extends {
    multiple: true;
  }
    ? string[]
    : (typeof SERVER_INPUT_OPTIONS)[K]['type'] extends 'boolean'
      ? boolean
      : string;
};

export interface ServerTarget {
  connection: ConnectionOptions;
  codec?: CodecServerConfig;
}

/**
 * The server the flags name (checked: address, TLS files, codec URL), when any server flag is
 * given; undefined when none is (the command reads files). Throws a FlagError-like message.
 */
export function serverTarget(values: Values): ServerTarget | undefined {
  const named = (Object.keys(SERVER_INPUT_OPTIONS) as (keyof Values)[]).filter(
    (flag) => flag !== 'workflow-id' && flag !== 'run-id' && values[flag] !== undefined,
  );
  if (named.length === 0 && values['workflow-id'] === undefined) {
    if (values['run-id'] !== undefined) throw new Error('--run-id needs --workflow-id');
    return undefined;
  }
  const connection = connectionOptions(values);
  // Refuses unusable TLS and header settings (and unreadable files) before connecting.
  nativeClientOptions(connection, VERSION);
  const codec = codecServer(values, connection.namespace);
  return { connection, ...(codec ? { codec } : {}) };
}

/** How a fetched history is named in output: like a file name, and unique per run. */
export function serverLabel(target: ServerTarget, workflowId: string, runId: string): string {
  const { address, namespace } = target.connection;
  return `${address}/${namespace}/${workflowId}${runId ? `/${runId}` : ''}`;
}

/**
 * Connects (sdk-core's client, loaded only now: it is a development dependency), runs `use`, and
 * closes the connection and sdk-core's runtime whatever happens.
 */
export async function withServer<T>(
  target: ServerTarget,
  use: (client: ServerClient) => Promise<T>,
): Promise<T> {
  const [{ ServerClient }, core] = await Promise.all([
    import('../bridge/server-client.ts'),
    import('../oracle/core-bridge.ts'),
  ]);
  const runtime = core.newCoreRuntime();
  try {
    const client = await ServerClient.connect(runtime, target.connection, VERSION);
    try {
      return await use(client);
    } finally {
      client.close();
    }
  } finally {
    core.shutdownRuntime(runtime);
  }
}

/** One history from the server (payloads decoded by the codec server, if any), loaded. */
export async function fetchServerHistory(
  client: ServerClient,
  target: ServerTarget,
  workflowId: string,
  runId?: string,
): Promise<{ history: LoadedHistory; label: string; runId: string }> {
  const fetched = await client.history(target.connection.namespace, workflowId, runId);
  let bytes = fetched.bytes;
  if (target.codec) {
    const history = History.decode(bytes);
    await decodePayloadsIn(History.type, history, target.codec);
    bytes = History.encode(history);
  }
  const label = serverLabel(target, workflowId, fetched.runId);
  return { history: await loadHistoryAsync(bytes, { name: label }), label, runId: fetched.runId };
}
