/**
 * Payloads and failures as an inspector shows them. A payload keeps its raw bytes (for text and
 * hex views) next to the value decoded by the encodings of Temporal's default data converter
 * (`binary/null`, `binary/plain`, `json/plain`, `json/protobuf`, `binary/protobuf` for message
 * types this schema knows); anything else is left for a codec server. Failures are tagged so a
 * viewer can draw their cause chain.
 */
import type protobuf from 'protobufjs/light.js';
import { JSON_OPTIONS, root, type temporal } from './index.ts';
import { toBase64 } from './base64.ts';
import type { ViewHooks } from './json-view.ts';

type IPayload = temporal.api.common.v1.IPayload;

export interface PayloadView {
  encoding: string;
  /** Metadata values as text (they are almost always UTF-8). */
  metadata: Record<string, string>;
  /** Size of `data` in bytes. */
  size: number;
  /** `data`, base64. */
  data: string;
  decoded?: { as: 'json' | 'protobuf' | 'null'; value: unknown; messageType?: string };
  /** Why there is no decoded value. */
  note?: string;
  /** Set when a remote codec server turned the stored payload into this one. */
  decodedBy?: string;
}

/** Marks an object in a JSON view as a payload (`{ $payload: … }`). */
export interface PayloadNode {
  $payload: PayloadView;
}

/** Marks an object in a JSON view as a Failure (`{ $failure: … }`), cause included. */
export interface FailureNode {
  $failure: Record<string, unknown>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function decode(
  encoding: string,
  data: Uint8Array,
  messageType: string | undefined,
): Pick<PayloadView, 'decoded' | 'note'> {
  switch (encoding) {
    case 'binary/null':
      return { decoded: { as: 'null', value: null } };
    case 'binary/plain':
      return { note: 'raw bytes (binary/plain)' };
    case 'json/plain':
    case 'json/protobuf': {
      const source = text(data);
      if (source === undefined) return { note: `${encoding} data is not valid UTF-8` };
      try {
        return {
          decoded: {
            as: 'json',
            value: source === '' ? null : JSON.parse(source),
            ...(messageType ? { messageType } : {}),
          },
        };
      } catch (thrown) {
        return { note: `${encoding} data is not JSON: ${(thrown as Error).message}` };
      }
    }
    case 'binary/protobuf': {
      let type: protobuf.Type | undefined;
      try {
        type = messageType ? root.lookupType(messageType) : undefined;
      } catch {
        type = undefined;
      }
      if (!type)
        return {
          note: `binary/protobuf of ${messageType ?? 'an unnamed type'}, not in this schema`,
        };
      try {
        return {
          decoded: {
            as: 'protobuf',
            value: type.toObject(type.decode(data), JSON_OPTIONS),
            messageType: messageType!,
          },
        };
      } catch (thrown) {
        return { note: `not a valid ${messageType}: ${(thrown as Error).message}` };
      }
    }
    default:
      return {
        note: `encoding "${encoding}" is not one of the default converter's; a codec server can decode it`,
      };
  }
}

export function inspectPayload(payload: IPayload, decodedBy?: string): PayloadNode {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload.metadata ?? {}))
    metadata[key] = text(value) ?? toBase64(value);
  const data = payload.data ?? new Uint8Array();
  const encoding = metadata['encoding'] ?? '(none)';
  return {
    $payload: {
      encoding,
      metadata,
      size: data.length,
      data: toBase64(data),
      ...decode(encoding, data, metadata['messageType']),
      ...(decodedBy ? { decodedBy } : {}),
    },
  };
}

const FAILURE_TYPE = '.temporal.api.failure.v1.Failure';

/** `{seconds: "1761156850", nanos: 831553000}` → `2025-10-22T18:14:10.831553Z` (RFC 3339, as proto3 JSON writes it). */
export function timestampText(view: Record<string, unknown>): string {
  const seconds = Number(view['seconds'] ?? 0);
  const nanos = Number(view['nanos'] ?? 0);
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  const fraction = nanos ? `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}` : '';
  return `${iso}${fraction}Z`;
}

/** `{seconds: "10"}` → `10s`, as proto3 JSON writes a Duration. */
export function durationText(view: Record<string, unknown>): string {
  const seconds = Number(view['seconds'] ?? 0) + Number(view['nanos'] ?? 0) / 1e9;
  return `${Number(seconds.toFixed(9))}s`;
}

/** Hooks for `jsonView` that produce inspector nodes; `replace` swaps in codec-decoded payloads. */
export function inspectorHooks(
  replace?: (payload: IPayload) => IPayload | undefined,
  by?: string,
): ViewHooks {
  return {
    payload: (message) => {
      const original = message as unknown as IPayload;
      const decoded = replace?.(original);
      return decoded ? inspectPayload(decoded, by) : inspectPayload(original);
    },
    wrap: {
      [FAILURE_TYPE]: (view): FailureNode => ({ $failure: view }),
      '.google.protobuf.Timestamp': timestampText,
      '.google.protobuf.Duration': durationText,
    },
  };
}
