/**
 * How the live worker reaches a Temporal server: the options Temporal's CLI has for it (same names,
 * same environment variables, same defaults), turned into sdk-core's client options the way
 * @temporalio/worker's NativeConnection does (an API key implies TLS unless TLS is turned off).
 */
import { readFileSync } from 'node:fs';
import type { native } from '@temporalio/core-bridge';

export const DEFAULT_ADDRESS = '127.0.0.1:7233';
const DEFAULT_PORT = 7233;

export interface ConnectionOptions {
  /** host:port of the server's frontend. */
  address: string;
  namespace: string;
  apiKey?: string;
  /** true/false when given; otherwise on exactly when an API key or a TLS file is given. */
  tls?: boolean;
  tlsCertPath?: string;
  tlsKeyPath?: string;
  tlsCaPath?: string;
  tlsCertData?: string;
  tlsKeyData?: string;
  tlsCaData?: string;
  tlsServerName?: string;
  tlsDisableHostVerification?: boolean;
  /** gRPC metadata sent with every request (`--grpc-meta key=value`). */
  grpcMeta: Record<string, string>;
}

/** A connection setting that cannot work, named by its flag. */
export class ConnectionOptionError extends Error {
  override readonly name = 'ConnectionOptionError';
}

/** `host:port` (port 7233 when left out), refusing URLs and empty parts with a clear message. */
export function normalizeAddress(address: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address))
    throw new ConnectionOptionError(
      `--address ${address}: give host:port (e.g. 127.0.0.1:7233), not a URL; TLS is chosen with --tls`,
    );
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(address);
  const match = bracketed ?? plain;
  if (!match || !match[1])
    throw new ConnectionOptionError(
      `--address ${address}: expected host:port, e.g. 127.0.0.1:7233`,
    );
  const port = match[2] === undefined ? DEFAULT_PORT : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConnectionOptionError(`--address ${address}: the port must be 1 to 65535`);
  return bracketed ? `[${match[1]}]:${port}` : `${match[1]}:${port}`;
}

function pem(path: string | undefined, data: string | undefined, flag: string): Buffer | undefined {
  if (path !== undefined && data !== undefined)
    throw new ConnectionOptionError(`--${flag}-path and --${flag}-data exclude each other`);
  if (data !== undefined) return Buffer.from(data);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    throw new ConnectionOptionError(
      `--${flag}-path ${path}: ${code === 'ENOENT' ? 'no such file' : (thrown as Error).message}`,
    );
  }
}

/** Whether TLS is used, by the rules above. */
export function usesTls(options: ConnectionOptions): boolean {
  if (options.tls !== undefined) return options.tls;
  return Boolean(
    options.apiKey ||
    options.tlsCertPath ||
    options.tlsCertData ||
    options.tlsCaPath ||
    options.tlsCaData ||
    options.tlsServerName,
  );
}

export function nativeClientOptions(
  options: ConnectionOptions,
  clientVersion: string,
): native.ClientOptions {
  const address = normalizeAddress(options.address);
  const tls = usesTls(options);
  if (options.tlsDisableHostVerification)
    throw new ConnectionOptionError(
      "--tls-disable-host-verification: sdk-core's client always verifies the server's name; " +
        'use --tls-server-name to verify it against another name',
    );
  const clientCert = pem(options.tlsCertPath, options.tlsCertData, 'tls-cert');
  const clientKey = pem(options.tlsKeyPath, options.tlsKeyData, 'tls-key');
  const ca = pem(options.tlsCaPath, options.tlsCaData, 'tls-ca');
  if (Boolean(clientCert) !== Boolean(clientKey))
    throw new ConnectionOptionError(
      'a client certificate needs its key and the key its certificate: give both --tls-cert-path and --tls-key-path',
    );
  if (!tls && (clientCert || ca || options.tlsServerName))
    throw new ConnectionOptionError(
      'TLS files or a server name were given but TLS is off (--no-tls)',
    );
  const headers: Record<string, native.MetadataValue> = {};
  for (const [key, value] of Object.entries(options.grpcMeta))
    headers[key] = { type: 'ascii', value };
  if (options.apiKey && Object.keys(headers).some((k) => k.toLowerCase() === 'authorization'))
    throw new ConnectionOptionError(
      '--api-key and an authorization header in --grpc-meta exclude each other',
    );
  return {
    targetUrl: `${tls ? 'https' : 'http'}://${address}`,
    clientName: 'workflow-playground',
    clientVersion,
    tls: tls
      ? {
          domain: options.tlsServerName ?? null,
          serverRootCaCert: ca ?? null,
          clientTlsOptions:
            clientCert && clientKey ? { clientCert, clientPrivateKey: clientKey } : null,
        }
      : null,
    httpConnectProxy: null,
    dnsLoadBalancingConfig: null,
    grpcCompression: { codec: 'gzip' },
    headers: Object.keys(headers).length ? headers : null,
    apiKey: options.apiKey ?? null,
    disableErrorCodeMetricTags: false,
    payloadsWarnSize: 512 * 1024,
    memoWarnSize: 2 * 1024,
  };
}

/** sdk-core's transport error, said for a person at a terminal. */
export function explainConnectError(address: string, message: string): string {
  if (/Connection refused/i.test(message))
    return (
      `could not connect to a Temporal server at ${address}: nothing is listening there (connection refused). ` +
      'Start one with `temporal server start-dev`, or point --address at yours.'
    );
  if (/dns error|failed to lookup address/i.test(message))
    return `could not connect to a Temporal server at ${address}: the host name does not resolve (${message})`;
  if (/timed out|deadline exceeded/i.test(message))
    return `could not connect to a Temporal server at ${address}: no answer in time (${message})`;
  if (/certificate|tls handshake|invalid ?dns ?name/i.test(message))
    return `could not connect to a Temporal server at ${address}: the TLS handshake failed (check --tls, --tls-ca-path and --tls-server-name): ${message}`;
  if (/status: (Unauthenticated|PermissionDenied)/i.test(message))
    return `could not connect to a Temporal server at ${address}: the server refused the credentials (check --api-key or the client certificate): ${message}`;
  // Something answered (the connection was neither refused nor unresolved nor silent) and the
  // gRPC call still failed: a plain HTTP server or another protocol. sdk-core words this in many
  // ways (an HTTP/2 error, a reset, "connection was not ready", a cancelled operation), so the
  // conclusion does not depend on its wording, which stays as the detail.
  return (
    `could not connect to a Temporal server at ${address}: what answers there hung up or does not ` +
    `speak gRPC (is it the frontend port, 7233 by default? does it need --tls?): ${message}`
  );
}
