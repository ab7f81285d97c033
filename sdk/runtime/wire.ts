/**
 * A small protobuf wire codec that interprets a resolved descriptor (generated from the same
 * .proto files as the engine's schema, see src/node/gen/proto-schema.ts). The guest uses it
 * instead of protobufjs because every byte of code and every object alive when componentize-js
 * snapshots the component ends up in the component: protobufjs, its reflection tree and its
 * generated functions cost about 3 MB per component; this costs a few kilobytes.
 *
 * Messages are plain objects with camelCase field names, as protobufjs makes them. Decoding sets
 * only the fields present on the wire (repeated and map fields that are absent are left out
 * too); 64-bit integers decode to Long, enums to numbers, bytes to Uint8Array. Encoding accepts
 * what protobufjs's `fromObject` accepts for the same fields: Long, number, bigint or decimal
 * string for 64-bit integers, numbers or value names for enums; it writes proto3's canonical form
 * (default scalars omitted, repeated numbers packed). Unknown fields are skipped when decoding.
 */
import Long from 'long';

/**
 * A field: name, number, type (a scalar name, or the full name of a message or enum), then 1 if
 * repeated or 2 if a map, whose key's scalar type follows.
 */
export type WireField =
  | [name: string, id: number, type: string]
  | [name: string, id: number, type: string, label: 1]
  | [name: string, id: number, type: string, label: 2, keyType: string];

type Field = [string, number, string, (1 | 2)?, string?];

/** The descriptor src/node/gen/proto-schema.ts generates (`buildWireSchema`). */
export interface WireSchema {
  messages: Record<string, WireField[]>;
  enums: Record<string, Record<string, number>>;
}

const enum Wire {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  Fixed32 = 5,
}

const VARINT = new Set(['int32', 'uint32', 'sint32', 'int64', 'uint64', 'sint64', 'bool']);
const FIXED64 = new Set(['fixed64', 'sfixed64', 'double']);
const FIXED32 = new Set(['fixed32', 'sfixed32', 'float']);
const LONG = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

class Writer {
  private buffer = new Uint8Array(64);
  private length = 0;
  private readonly view = () => new DataView(this.buffer.buffer);

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buffer[this.length++] = b;
  }

  /** An unsigned varint of up to 32 bits. */
  varint32(value: number): void {
    let v = value >>> 0;
    while (v > 0x7f) {
      this.byte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.byte(v);
  }

  /** A varint of 64 bits given as two 32-bit halves. */
  varint64(low: number, high: number): void {
    let lo = low >>> 0;
    let hi = high >>> 0;
    while (hi > 0 || lo > 0x7f) {
      this.byte((lo & 0x7f) | 0x80);
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.byte(lo);
  }

  tag(id: number, wire: Wire): void {
    this.varint32((id << 3) | wire);
  }

  bytes(data: Uint8Array): void {
    this.varint32(data.length);
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  fixed(size: 4 | 8, write: (view: DataView, at: number) => void): void {
    this.reserve(size);
    write(this.view(), this.length);
    this.length += size;
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

class Reader {
  pos = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private byte(): number {
    if (this.pos >= this.bytes.length) throw new RangeError('protobuf message ends inside a field');
    return this.bytes[this.pos++]!;
  }

  /** A varint as 32-bit halves (low, high). */
  varint64(): [number, number] {
    let low = 0;
    let high = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      const b = this.byte();
      if (shift < 28) low |= (b & 0x7f) << shift;
      else if (shift === 28) {
        low |= (b & 0x0f) << 28;
        high |= (b & 0x7f) >> 4;
      } else high |= (b & 0x7f) << (shift - 32);
      if (b < 0x80) return [low >>> 0, high >>> 0];
    }
    throw new RangeError('protobuf varint longer than 10 bytes');
  }

  varint32(): number {
    return this.varint64()[0];
  }

  fixed(size: 4 | 8): number {
    if (this.pos + size > this.bytes.length)
      throw new RangeError('protobuf message ends inside a field');
    const at = this.pos;
    this.pos += size;
    return at;
  }

  dataView(): DataView {
    return this.view;
  }

  lengthDelimited(): Uint8Array {
    const length = this.varint32();
    const end = this.pos + length;
    if (end > this.bytes.length)
      throw new RangeError('protobuf length runs past the end of the message');
    const out = this.bytes.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  skip(wire: number): void {
    if (wire === Wire.Varint) this.varint64();
    else if (wire === Wire.Fixed64) this.fixed(8);
    else if (wire === Wire.Bytes) this.lengthDelimited();
    else if (wire === Wire.Fixed32) this.fixed(4);
    else throw new RangeError(`unsupported protobuf wire type ${wire}`);
  }
}

function toLong(value: unknown, unsigned: boolean): Long {
  if (Long.isLong(value)) return value as Long;
  if (typeof value === 'bigint') return Long.fromString(value.toString(), unsigned);
  return Long.fromValue(value as number | string, unsigned);
}

function wireOf(type: string, schema: WireSchema): Wire {
  if (VARINT.has(type) || type in schema.enums) return Wire.Varint;
  if (FIXED64.has(type)) return Wire.Fixed64;
  if (FIXED32.has(type)) return Wire.Fixed32;
  return Wire.Bytes;
}

export class WireCodec {
  /** Each message type's fields by number, built once (while the component is snapshotted). */
  private readonly byNumber = new Map<string, Map<number, Field>>();

  constructor(private readonly schema: WireSchema) {
    for (const [type, fields] of Object.entries(schema.messages)) {
      this.byNumber.set(type, new Map((fields as Field[]).map((field) => [field[1], field])));
    }
  }

  /** The numeric value of enum `type` for `value` (a number or a value name). */
  enumValue(type: string, value: unknown): number {
    if (typeof value === 'number') return value;
    const number = this.schema.enums[type]?.[String(value)];
    if (number === undefined)
      throw new TypeError(`${String(value)} is not a value of enum ${type}`);
    return number;
  }

  /** The name of enum `type`'s value `number`, or undefined. */
  enumName(type: string, number: number): string | undefined {
    const values = this.schema.enums[type] ?? {};
    return Object.keys(values).find((name) => values[name] === number);
  }

  encode(type: string, message: object): Uint8Array {
    const writer = new Writer();
    this.writeMessage(writer, type, message as Record<string, unknown>);
    return writer.finish();
  }

  decode<T>(type: string, bytes: Uint8Array): T {
    return this.readMessage(new Reader(bytes), type, bytes.length) as T;
  }

  private fields(type: string): Field[] {
    const fields = this.schema.messages[type] as Field[] | undefined;
    if (!fields) throw new TypeError(`${type} is not a message type of the guest's schema`);
    return fields;
  }

  private writeMessage(writer: Writer, type: string, message: Record<string, unknown>): void {
    for (const [name, id, fieldType, label, keyType] of this.fields(type)) {
      const value = message[name];
      if (value === undefined || value === null) continue;
      if (label === 2) {
        for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
          const inner = new Writer();
          this.writeField(inner, 1, keyType!, key, true);
          this.writeField(inner, 2, fieldType, entry, true);
          writer.tag(id, Wire.Bytes);
          writer.bytes(inner.finish());
        }
      } else if (label === 1) {
        const items = value as unknown[];
        if (items.length === 0) continue;
        if (wireOf(fieldType, this.schema) === Wire.Bytes) {
          for (const item of items) this.writeField(writer, id, fieldType, item, true);
        } else {
          const packed = new Writer();
          for (const item of items) this.writeScalar(packed, fieldType, item);
          writer.tag(id, Wire.Bytes);
          writer.bytes(packed.finish());
        }
      } else {
        this.writeField(writer, id, fieldType, value, false);
      }
    }
  }

  /** One field; `always` writes default values too (repeated items, map entries). */
  private writeField(
    writer: Writer,
    id: number,
    type: string,
    value: unknown,
    always: boolean,
  ): void {
    if (type in this.schema.messages) {
      const inner = new Writer();
      this.writeMessage(inner, type, value as Record<string, unknown>);
      writer.tag(id, Wire.Bytes);
      writer.bytes(inner.finish());
      return;
    }
    if (!always && isDefault(type, value)) return;
    const wire = wireOf(type, this.schema);
    writer.tag(id, wire);
    if (type === 'string') writer.bytes(utf8Encoder.encode(String(value)));
    else if (type === 'bytes') writer.bytes(value as Uint8Array);
    else this.writeScalar(writer, type, value);
  }

  private writeScalar(writer: Writer, type: string, value: unknown): void {
    if (type in this.schema.enums) return this.writeInt32(writer, this.enumValue(type, value));
    switch (type) {
      case 'bool':
        return writer.byte(value ? 1 : 0);
      case 'int32':
        return this.writeInt32(writer, Number(value));
      case 'uint32':
        return writer.varint32(Number(value));
      case 'sint32': {
        const n = Number(value) | 0;
        return writer.varint32((n << 1) ^ (n >> 31));
      }
      case 'int64':
      case 'uint64': {
        const long = toLong(value, type === 'uint64');
        return writer.varint64(long.low, long.high);
      }
      case 'sint64': {
        const long = toLong(value, false);
        const zigzag = long.shiftLeft(1).xor(long.shiftRight(63));
        return writer.varint64(zigzag.low, zigzag.high);
      }
      case 'fixed64':
      case 'sfixed64': {
        const long = toLong(value, type === 'fixed64');
        return writer.fixed(8, (view, at) => {
          view.setUint32(at, long.low >>> 0, true);
          view.setUint32(at + 4, long.high >>> 0, true);
        });
      }
      case 'double':
        return writer.fixed(8, (view, at) => view.setFloat64(at, Number(value), true));
      case 'fixed32':
        return writer.fixed(4, (view, at) => view.setUint32(at, Number(value) >>> 0, true));
      case 'sfixed32':
        return writer.fixed(4, (view, at) => view.setInt32(at, Number(value) | 0, true));
      case 'float':
        return writer.fixed(4, (view, at) => view.setFloat32(at, Number(value), true));
      default:
        throw new TypeError(`unsupported protobuf scalar type ${type}`);
    }
  }

  /** Negative int32 values are sign-extended to ten bytes, as the wire format requires. */
  private writeInt32(writer: Writer, n: number): void {
    if (n >= 0) writer.varint32(n);
    else writer.varint64(n >>> 0, 0xffffffff);
  }

  private readMessage(reader: Reader, type: string, end: number): Record<string, unknown> {
    const fields = this.byNumber.get(type);
    if (!fields) throw new TypeError(`${type} is not a message type of the guest's schema`);
    const message: Record<string, unknown> = {};
    while (reader.pos < end) {
      const tag = reader.varint32();
      const wire = tag & 7;
      const field = fields.get(tag >>> 3);
      if (!field) {
        reader.skip(wire);
        continue;
      }
      const [name, , fieldType, label, keyType] = field;
      if (label === 2) {
        const entry = reader.lengthDelimited();
        const inner = new Reader(entry);
        let key: unknown = keyType === 'string' ? '' : 0;
        let value: unknown;
        while (inner.pos < entry.length) {
          const entryTag = inner.varint32();
          if (entryTag >>> 3 === 1) key = this.readValue(inner, keyType!, entryTag & 7);
          else if (entryTag >>> 3 === 2) value = this.readValue(inner, fieldType, entryTag & 7);
          else inner.skip(entryTag & 7);
        }
        const map = (message[name] ??= {}) as Record<string, unknown>;
        map[String(key)] = value ?? (fieldType in this.schema.messages ? {} : undefined);
      } else if (label === 1) {
        const list = (message[name] ??= []) as unknown[];
        if (wire === Wire.Bytes && wireOf(fieldType, this.schema) !== Wire.Bytes) {
          const packed = new Reader(reader.lengthDelimited());
          while (packed.pos < packed.bytes.length) list.push(this.readScalar(packed, fieldType));
        } else {
          list.push(this.readValue(reader, fieldType, wire));
        }
      } else {
        message[name] = this.readValue(reader, fieldType, wire);
      }
    }
    return message;
  }

  private readValue(reader: Reader, type: string, wire: number): unknown {
    if (type in this.schema.messages) {
      const bytes = reader.lengthDelimited();
      return this.readMessage(new Reader(bytes), type, bytes.length);
    }
    if (type === 'string') return utf8Decoder.decode(reader.lengthDelimited());
    if (type === 'bytes') return reader.lengthDelimited().slice();
    if (wire !== wireOf(type, this.schema)) {
      throw new TypeError(`protobuf field of type ${type} arrived with wire type ${wire}`);
    }
    return this.readScalar(reader, type);
  }

  private readScalar(reader: Reader, type: string): unknown {
    if (type in this.schema.enums) return reader.varint32() | 0;
    switch (type) {
      case 'bool':
        return reader.varint64().some((half) => half !== 0);
      case 'int32':
        return reader.varint32() | 0;
      case 'uint32':
        return reader.varint32();
      case 'sint32': {
        const n = reader.varint32();
        return (n >>> 1) ^ -(n & 1);
      }
      case 'int64':
      case 'uint64': {
        const [low, high] = reader.varint64();
        return Long.fromBits(low, high, type === 'uint64');
      }
      case 'sint64': {
        const [low, high] = reader.varint64();
        const zigzag = Long.fromBits(low, high, true);
        return zigzag.shiftRightUnsigned(1).xor(zigzag.and(1).negate()).toSigned();
      }
      case 'fixed64':
      case 'sfixed64': {
        const at = reader.fixed(8);
        const view = reader.dataView();
        return Long.fromBits(
          view.getUint32(at, true),
          view.getUint32(at + 4, true),
          type === 'fixed64',
        );
      }
      case 'double':
        return reader.dataView().getFloat64(reader.fixed(8), true);
      case 'fixed32':
        return reader.dataView().getUint32(reader.fixed(4), true);
      case 'sfixed32':
        return reader.dataView().getInt32(reader.fixed(4), true);
      case 'float':
        return reader.dataView().getFloat32(reader.fixed(4), true);
      default:
        throw new TypeError(`unsupported protobuf scalar type ${type}`);
    }
  }
}

function isDefault(type: string, value: unknown): boolean {
  if (type === 'string') return value === '';
  if (type === 'bytes') return (value as Uint8Array).length === 0;
  if (type === 'bool') return value === false;
  if (LONG.has(type)) return toLong(value, false).isZero();
  return value === 0;
}
