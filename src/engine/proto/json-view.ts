/**
 * JSON views of decoded messages for display: enums by name, 64-bit integers as strings, and every
 * Payload replaced by its decoded value when the encoding is one we understand.
 */
import type protobuf from 'protobufjs/light.js';
import { JSON_OPTIONS, type Codec } from './index.ts';
import { toBase64 } from './base64.ts';
import { fromPayload } from './payload.ts';

export interface DecodedPayload {
  encoding: string;
  value?: unknown;
  /** Raw data (base64) when the value could not be decoded. */
  base64?: string;
  error?: string;
}

const PAYLOAD_TYPE = '.temporal.api.common.v1.Payload';

export function decodePayload(payload: {
  metadata?: Record<string, Uint8Array> | null;
  data?: Uint8Array | null;
}): DecodedPayload {
  const raw = payload.metadata?.['encoding'];
  const encoding = raw ? new TextDecoder().decode(raw) : '(none)';
  try {
    const value = fromPayload(payload);
    return { encoding, value: value instanceof Uint8Array ? toBase64(value) : value };
  } catch (thrown) {
    return {
      encoding,
      base64: toBase64(payload.data ?? new Uint8Array()),
      error: thrown instanceof Error ? thrown.message : String(thrown),
    };
  }
}

/** Marks a value the input held that the schema does not know (`{ $unknown: … }`, as written). */
export interface UnknownNode {
  $unknown: unknown;
}

/** How a caller wants some messages shown instead of the default. */
export interface ViewHooks {
  /**
   * Members of a message kept from its input that the schema does not know (unknown fields,
   * unknown enum names): shown as `UnknownNode`s, in place of the field when it has the name.
   */
  unknown?: (message: protobuf.Message) => Record<string, unknown> | undefined;
  /** Replaces the default decoded form of every Payload. */
  payload?: (payload: protobuf.Message) => unknown;
  /** Wraps the finished view of messages of a type, by full name (`.temporal.api.failure.v1.Failure`). */
  wrap?: Record<string, (view: Record<string, unknown>) => unknown>;
}

/** Walks a decoded message with its reflection type, decoding payloads in place of their bytes. */
function view(type: protobuf.Type, message: protobuf.Message, hooks: ViewHooks): unknown {
  if (type.fullName === PAYLOAD_TYPE)
    return hooks.payload ? hooks.payload(message) : { ...decodePayload(message as never) };
  const plain = type.toObject(message, JSON_OPTIONS);
  for (const field of type.fieldsArray) {
    const value = (message as unknown as Record<string, unknown>)[field.name];
    if (value == null || !(field.resolvedType && 'fieldsArray' in field.resolvedType)) continue;
    const sub = field.resolvedType as protobuf.Type;
    if (field.map) {
      plain[field.name] = Object.fromEntries(
        Object.entries(value as Record<string, protobuf.Message>).map(([k, v]) => [
          k,
          view(sub, v, hooks),
        ]),
      );
    } else if (field.repeated) {
      plain[field.name] = (value as protobuf.Message[]).map((v) => view(sub, v, hooks));
    } else {
      plain[field.name] = view(sub, value as protobuf.Message, hooks);
    }
  }
  const unknown = hooks.unknown?.(message);
  if (unknown) {
    for (const [key, value] of Object.entries(unknown)) {
      Object.defineProperty(plain, key, {
        value: { $unknown: value } satisfies UnknownNode,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  const wrap = hooks.wrap?.[type.fullName];
  return wrap ? wrap(plain) : plain;
}

export function jsonView<T>(
  codec: Codec<T>,
  message: T,
  hooks: ViewHooks = {},
): Record<string, unknown> {
  const instance =
    message instanceof codec.type.ctor
      ? message
      : codec.type.fromObject(message as Record<string, unknown>);
  return view(codec.type, instance as protobuf.Message, hooks) as Record<string, unknown>;
}
