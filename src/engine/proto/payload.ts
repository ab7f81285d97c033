/**
 * Payload conversion compatible with Temporal's default data converter: undefined ↔ binary/null,
 * Uint8Array ↔ binary/plain, everything else ↔ json/plain. Shared by the guest SDK (inside the
 * component) and the engine (inputs it sends, results it shows).
 */
import type { temporal } from './index.ts';

type IPayload = temporal.api.common.v1.IPayload;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const ENCODING = 'encoding';

function encodingOf(payload: IPayload): string {
  const raw = payload.metadata?.[ENCODING];
  return raw ? decoder.decode(raw) : '';
}

export function toPayload(value: unknown): IPayload {
  if (value === undefined) return { metadata: { [ENCODING]: encoder.encode('binary/null') } };
  if (value instanceof Uint8Array) {
    return { metadata: { [ENCODING]: encoder.encode('binary/plain') }, data: value };
  }
  return {
    metadata: { [ENCODING]: encoder.encode('json/plain') },
    data: encoder.encode(JSON.stringify(value)),
  };
}

export function fromPayload(payload: IPayload | null | undefined): unknown {
  if (!payload) return undefined;
  const encoding = encodingOf(payload);
  const data = payload.data ?? new Uint8Array();
  switch (encoding) {
    case 'binary/null':
      return undefined;
    case 'binary/plain':
      return data;
    case 'json/plain':
      return data.length === 0 ? undefined : JSON.parse(decoder.decode(data));
    default:
      throw new Error(`Unknown payload encoding "${encoding}"`);
  }
}
