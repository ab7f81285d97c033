/**
 * The JSON forms of the seed ABI (the older, core-module workflow spec; DESIGN.md §4 "Seed ABI 2")
 * and their protobuf counterparts. `bytes` are base64 strings; a payload is `{metadata?, data}`, a
 * failure `{message?, type?, non_retryable?, details?, cause?}`, the info `{params?}`. Bad JSON is
 * reported with the path of the offending field, e.g. `output[0].data`.
 */
import { fromBase64, toBase64 } from '../../proto/base64.ts';
import type { temporal } from '../../proto/index.ts';

type IPayload = temporal.api.common.v1.IPayload;
type IFailure = temporal.api.failure.v1.IFailure;

/** A seed-ABI call handed the host something it cannot use; the message says what and where. */
export class SeedAbiError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `a ${typeof value}`;
}

function bytesAt(value: unknown, path: string): Uint8Array {
  if (typeof value !== 'string') {
    throw new SeedAbiError(`${path} must be a base64 string, got ${describe(value)}`);
  }
  try {
    return fromBase64(value);
  } catch {
    throw new SeedAbiError(`${path} is not valid base64: ${JSON.stringify(value.slice(0, 40))}`);
  }
}

function optional<T>(
  value: Record<string, unknown>,
  key: string,
  path: string,
  read: (v: unknown, p: string) => T,
): T | undefined {
  return value[key] === undefined || value[key] === null
    ? undefined
    : read(value[key], `${path}.${key}`);
}

function list<T>(value: unknown, path: string, item: (v: unknown, p: string) => T): T[] {
  if (!Array.isArray(value))
    throw new SeedAbiError(`${path} must be an array, got ${describe(value)}`);
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string') {
    throw new SeedAbiError(`${path} must be a string, got ${describe(value)}`);
  }
  return value;
}

function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') {
    throw new SeedAbiError(`${path} must be true or false, got ${describe(value)}`);
  }
  return value;
}

export function payloadFromJson(value: unknown, path: string): IPayload {
  if (!isObject(value)) {
    throw new SeedAbiError(
      `${path} must be a payload object {metadata?, data}, got ${describe(value)}`,
    );
  }
  if (value['data'] === undefined) throw new SeedAbiError(`${path}.data is missing`);
  const metadata = optional(value, 'metadata', path, (m, p) => {
    if (!isObject(m)) throw new SeedAbiError(`${p} must be an object, got ${describe(m)}`);
    return Object.fromEntries(
      Object.entries(m).map(([key, v]) => [key, bytesAt(v, `${p}.${key}`)]),
    );
  });
  return { ...(metadata ? { metadata } : {}), data: bytesAt(value['data'], `${path}.data`) };
}

export function failureFromJson(value: unknown, path: string): IFailure {
  if (!isObject(value)) {
    throw new SeedAbiError(`${path} must be a failure object, got ${describe(value)}`);
  }
  const message = optional(value, 'message', path, text) ?? '';
  const type = optional(value, 'type', path, text) ?? '';
  const nonRetryable = optional(value, 'non_retryable', path, bool) ?? false;
  const details = optional(value, 'details', path, (d, p) => list(d, p, payloadFromJson));
  const cause = optional(value, 'cause', path, failureFromJson);
  return {
    message,
    // The seed ABI's failure is an application error: its type and details live there.
    applicationFailureInfo: {
      type,
      nonRetryable,
      ...(details ? { details: { payloads: details } } : {}),
    },
    ...(cause ? { cause } : {}),
  };
}

/** Parses JSON text a seed-ABI call passed, naming the call's argument when it is not JSON. */
export function parseJson(bytes: Uint8Array, what: string): unknown {
  const source = new TextDecoder('utf-8', { fatal: true });
  let json: string;
  try {
    json = source.decode(bytes);
  } catch {
    throw new SeedAbiError(`${what} is not UTF-8 text`);
  }
  try {
    return JSON.parse(json);
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    throw new SeedAbiError(
      `${what} is not valid JSON (${reason}): ${JSON.stringify(json.slice(0, 80))}`,
    );
  }
}

export const payloadsFromJson = (value: unknown, path: string): IPayload[] =>
  list(value, path, payloadFromJson);

/** The `info` JSON for a run: its input arguments as `params`. */
export function infoJson(params: readonly IPayload[]): string {
  return JSON.stringify({
    params: params.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([key, bytes]) => [key, toBase64(bytes)]),
      ),
      data: toBase64(p.data ?? new Uint8Array()),
    })),
  });
}
