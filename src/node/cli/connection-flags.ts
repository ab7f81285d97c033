/**
 * The flags every command that talks to a Temporal server takes, named as Temporal's CLI names them
 * (with its environment variables): the connection (`--address`, `--namespace`, TLS, `--api-key`,
 * `--grpc-meta`) and the codec server (`--codec-endpoint`, `--codec-auth`, `--codec-header`).
 */
import type { CodecServerConfig } from '../../engine/proto/codec-server.ts';
import { DEFAULT_ADDRESS, normalizeAddress, type ConnectionOptions } from '../bridge/connection.ts';

export const CONNECTION_OPTIONS = {
  address: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'api-key': { type: 'string' },
  tls: { type: 'boolean' },
  'tls-cert-path': { type: 'string' },
  'tls-key-path': { type: 'string' },
  'tls-ca-path': { type: 'string' },
  'tls-cert-data': { type: 'string' },
  'tls-key-data': { type: 'string' },
  'tls-ca-data': { type: 'string' },
  'tls-server-name': { type: 'string' },
  'tls-disable-host-verification': { type: 'boolean' },
  'grpc-meta': { type: 'string', multiple: true },
} as const;

export const CODEC_OPTIONS = {
  'codec-endpoint': { type: 'string' },
  'codec-auth': { type: 'string' },
  'codec-header': { type: 'string', multiple: true },
} as const;

export const CONNECTION_USAGE = [
  `  --address host:port  the Temporal frontend (default ${DEFAULT_ADDRESS}, or $TEMPORAL_ADDRESS)`,
  '  --namespace NS       (default "default", or $TEMPORAL_NAMESPACE)',
  '  --api-key KEY        sent as a bearer token; turns TLS on unless --no-tls',
  '  --tls | --no-tls     --tls-cert-path F --tls-key-path F  --tls-ca-path F  --tls-server-name NAME',
  '                       (and --tls-*-data, the PEM text itself)',
  '  --grpc-meta key=value  a gRPC header for every call (repeatable)',
].join('\n');

export const CODEC_USAGE = [
  '  --codec-endpoint URL a codec server that decodes the payloads before use ({namespace} in it',
  '                       is replaced; $TEMPORAL_CODEC_ENDPOINT)',
  '  --codec-auth VALUE   its Authorization header ($TEMPORAL_CODEC_AUTH); --codec-header k=v more',
].join('\n');

/** A flag's value that cannot work; commands print it with their usage and exit 2. */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

type ConnectionValues = {
  [K in keyof typeof CONNECTION_OPTIONS]?: (typeof CONNECTION_OPTIONS)[K] extends {
    multiple: true;
  }
    ? string[]
    : (typeof CONNECTION_OPTIONS)[K]['type'] extends 'boolean'
      ? boolean
      : string;
};
type CodecValues = { 'codec-endpoint'?: string; 'codec-auth'?: string; 'codec-header'?: string[] };

const env = (name: string): string | undefined => process.env[name] || undefined;

function envFlag(name: string): boolean | undefined {
  const value = env(name);
  if (value === undefined) return undefined;
  return /^(1|true|yes)$/i.test(value);
}

function pairs(values: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of values ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new FlagError(`--${flag} ${pair}: expected key=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

export function connectionOptions(values: ConnectionValues): ConnectionOptions {
  const pick = (flag: keyof ConnectionValues, variable: string) =>
    (values[flag] as string | undefined) ?? env(variable);
  const connection: ConnectionOptions = {
    address: normalizeAddress(values.address ?? env('TEMPORAL_ADDRESS') ?? DEFAULT_ADDRESS),
    namespace: values.namespace ?? env('TEMPORAL_NAMESPACE') ?? 'default',
    grpcMeta: pairs(values['grpc-meta'], 'grpc-meta'),
  };
  const optional: Array<[keyof ConnectionOptions, string | undefined]> = [
    ['apiKey', pick('api-key', 'TEMPORAL_API_KEY')],
    ['tlsCertPath', pick('tls-cert-path', 'TEMPORAL_TLS_CERT')],
    ['tlsKeyPath', pick('tls-key-path', 'TEMPORAL_TLS_KEY')],
    ['tlsCaPath', pick('tls-ca-path', 'TEMPORAL_TLS_CA')],
    ['tlsCertData', pick('tls-cert-data', 'TEMPORAL_TLS_CERT_DATA')],
    ['tlsKeyData', pick('tls-key-data', 'TEMPORAL_TLS_KEY_DATA')],
    ['tlsCaData', pick('tls-ca-data', 'TEMPORAL_TLS_CA_DATA')],
    ['tlsServerName', pick('tls-server-name', 'TEMPORAL_TLS_SERVER_NAME')],
  ];
  for (const [key, value] of optional)
    if (value !== undefined) (connection as unknown as Record<string, unknown>)[key] = value;
  const tls = values.tls ?? envFlag('TEMPORAL_TLS');
  if (tls !== undefined) connection.tls = tls;
  const noVerify =
    values['tls-disable-host-verification'] ?? envFlag('TEMPORAL_TLS_DISABLE_HOST_VERIFICATION');
  if (noVerify) connection.tlsDisableHostVerification = true;
  return connection;
}

/** The codec server the flags name, if any, for payloads of `namespace`. */
export function codecServer(
  values: CodecValues,
  namespace: string,
): (CodecServerConfig & { headers: Record<string, string> }) | undefined {
  const endpoint = values['codec-endpoint'] ?? env('TEMPORAL_CODEC_ENDPOINT');
  const headers = pairs(values['codec-header'], 'codec-header');
  const authorization = values['codec-auth'] ?? env('TEMPORAL_CODEC_AUTH');
  if (endpoint === undefined) {
    if (authorization !== undefined || Object.keys(headers).length > 0)
      throw new FlagError('--codec-auth and --codec-header need --codec-endpoint');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(endpoint.replaceAll('{namespace}', encodeURIComponent(namespace)));
  } catch {
    throw new FlagError(`--codec-endpoint ${endpoint}: not a URL (e.g. http://127.0.0.1:8081)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FlagError(`--codec-endpoint ${endpoint}: expected an http or https URL`);
  return {
    endpoint,
    namespace,
    headers,
    ...(authorization !== undefined ? { authorization } : {}),
  };
}
