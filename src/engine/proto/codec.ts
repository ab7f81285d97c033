/**
 * Typed views of protobuf message types over a protobufjs reflection root. The engine builds them
 * over its descriptor, the guest SDK over its smaller one; both encode and decode the same way.
 */
import type protobuf from 'protobufjs/light.js';

/** A typed view of one message type: encode plain objects, decode bytes. */
export interface Codec<T> {
  readonly type: protobuf.Type;
  encode(message: T): Uint8Array;
  decode(bytes: Uint8Array): T;
  /** Plain JSON-friendly object: enums as names, 64-bit ints and bytes as strings. */
  toJSON(message: T): Record<string, unknown>;
}

export const JSON_OPTIONS: protobuf.IConversionOptions = {
  enums: String,
  longs: String,
  bytes: String,
  defaults: false,
  oneofs: false,
};

export function codecIn<T extends object>(root: protobuf.Root, fullName: string): Codec<T> {
  const type = root.lookupType(fullName);
  return {
    type,
    // protobufjs hands out views into a shared slab for small messages; the canonical ABI lowering
    // copies from the view's buffer, so give every caller an exact, unshared buffer.
    encode: (message) =>
      type
        .encode(type.fromObject(message as Record<string, unknown>))
        .finish()
        .slice(),
    // Inside a componentize-js guest, lifted list<u8> values are not always Uint8Array instances.
    decode: (bytes) =>
      type.decode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) as unknown as T,
    toJSON: (message) => type.toObject(message as protobuf.Message, JSON_OPTIONS),
  };
}
