/**
 * Payload conversion compatible with Temporal's default data converter: undefined ↔ binary/null,
 * Uint8Array ↔ binary/plain, everything else ↔ json/plain. Payloads other SDKs write as
 * json/protobuf (protobuf messages in their canonical JSON form) decode to that JSON object, and
 * protobufjs messages encode to it. Shared by the guest SDK (inside the component) and the engine
 * (inputs it sends, results it shows).
 */
import type { temporal } from './index.ts';

type IPayload = temporal.api.common.v1.IPayload;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const ENCODING = 'encoding';
const MESSAGE_TYPE = 'messageType';

function metadataText(payload: IPayload, key: string): string {
  const raw = payload.metadata?.[key];
  return raw ? decoder.decode(raw) : '';
}

/** A protobufjs message instance: its type knows its full name and its JSON form. */
interface ProtobufMessage {
  $type: { fullName: string };
  toJSON(): unknown;
}

function isProtobufMessage(value: unknown): value is ProtobufMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { $type?: unknown }).$type;
  return (
    typeof type === 'object' &&
    type !== null &&
    typeof (type as { fullName?: unknown }).fullName === 'string' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  );
}

export function toPayload(value: unknown): IPayload {
  if (value === undefined) return { metadata: { [ENCODING]: encoder.encode('binary/null') } };
  if (value instanceof Uint8Array) {
    return { metadata: { [ENCODING]: encoder.encode('binary/plain') }, data: value };
  }
  if (isProtobufMessage(value)) {
    return {
      metadata: {
        [ENCODING]: encoder.encode('json/protobuf'),
        [MESSAGE_TYPE]: encoder.encode(value.$type.fullName.replace(/^\./, '')),
      },
      data: encoder.encode(JSON.stringify(value.toJSON())),
    };
  }
  return {
    metadata: { [ENCODING]: encoder.encode('json/plain') },
    data: encoder.encode(JSON.stringify(value)),
  };
}

export function fromPayload(payload: IPayload | null | undefined): unknown {
  if (!payload) return undefined;
  const encoding = metadataText(payload, ENCODING);
  const data = payload.data ?? new Uint8Array();
  switch (encoding) {
    case 'binary/null':
      return undefined;
    case 'binary/plain':
      return data;
    case 'json/plain':
    case 'json/protobuf':
      return data.length === 0 ? undefined : JSON.parse(decoder.decode(data));
    case 'binary/protobuf':
      throw new Error(
        `Cannot decode a binary/protobuf payload (messageType "${metadataText(payload, MESSAGE_TYPE)}") ` +
          `without its protobuf schema; send it as json/protobuf or json/plain`,
      );
    default:
      throw new Error(`Unknown payload encoding "${encoding}"`);
  }
}

export function toPayloads(values: readonly unknown[]): IPayload[] {
  return values.map(toPayload);
}

export function fromPayloads(payloads: readonly IPayload[] | null | undefined): unknown[] {
  return (payloads ?? []).map(fromPayload);
}
