/**
 * Every payload inside a protobuf message, found through the schema (any depth, repeated fields
 * and maps too), so a codec server can decode a whole history as Temporal's CLI does before it
 * shows or replays one. Search attributes are left alone: they are indexed by the server and never
 * pass through a codec.
 */
import protobuf from 'protobufjs/light.js';
import { decodeWithCodecServer, type CodecServerConfig } from './codec-server.ts';
import type { temporal } from './index.ts';

type IPayload = temporal.api.common.v1.IPayload;

const PAYLOAD = '.temporal.api.common.v1.Payload';
const SKIPPED = new Set(['.temporal.api.common.v1.SearchAttributes']);

/** A payload and where it sits, so it can be replaced in place. */
export interface PayloadSlot {
  payload: IPayload;
  replace(payload: IPayload): void;
}

export function payloadSlots(type: protobuf.Type, message: object): PayloadSlot[] {
  const slots: PayloadSlot[] = [];
  const walk = (t: protobuf.Type, m: Record<string, unknown>) => {
    for (const field of t.fieldsArray) {
      const value = m[field.name];
      const inner = field.resolve().resolvedType;
      if (value == null || !(inner instanceof protobuf.Type) || SKIPPED.has(inner.fullName))
        continue;
      // A holder (array or map object) and its keys: each entry is one message.
      const holder = (field.repeated || field.map ? value : { only: value }) as Record<
        string,
        unknown
      >;
      const target = field.repeated || field.map ? holder : m;
      for (const key of Object.keys(holder)) {
        const entry = holder[key] as Record<string, unknown>;
        if (inner.fullName === PAYLOAD) {
          const slotKey = field.repeated || field.map ? key : field.name;
          slots.push({
            payload: entry as IPayload,
            replace: (p) => ((target as Record<string, unknown>)[slotKey] = p),
          });
        } else walk(inner, entry);
      }
    }
  };
  walk(type, message as Record<string, unknown>);
  return slots;
}

/** Payloads per request to the codec server. */
const BATCH = 500;

/** Decodes every payload of `message` (of `type`) through the codec server, in place. */
export async function decodePayloadsIn(
  type: protobuf.Type,
  message: object,
  codec: CodecServerConfig,
): Promise<number> {
  const slots = payloadSlots(type, message);
  for (let i = 0; i < slots.length; i += BATCH) {
    const batch = slots.slice(i, i + BATCH);
    const decoded = await decodeWithCodecServer(
      codec,
      batch.map((s) => s.payload),
    );
    batch.forEach((slot, j) => slot.replace(decoded[j]!));
  }
  return slots.length;
}
