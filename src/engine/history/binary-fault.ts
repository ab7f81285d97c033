/**
 * Where a protobuf message fails to decode: protobufjs says what is wrong ("invalid wire type",
 * "not valid for encoding utf-8") but not in which field. This walks the message's tags with the
 * schema's reflection, decoding one field at a time and descending into sub-messages, to name the
 * innermost failing field (as a proto3 JSON path) and the byte offset of its tag.
 */
import protobuf from 'protobufjs/light.js';

export interface DecodeFault {
  /** Dotted path below the walked message, e.g. `workflowExecutionStartedEventAttributes.workflowType.name`. */
  fieldPath?: string;
  /** Offset of the failing field's tag (or of the damaged bytes) in the whole input. */
  byteOffset: number;
  problem: string;
}

const LENGTH_DELIMITED = 2;
/** Deeper than any real event (failure cause chains are short); bounds hostile input. */
const MAX_DEPTH = 64;

/** The fault in `bytes[start, end)` read as `type`, or undefined when it decodes field by field. */
export function locateDecodeFault(
  type: protobuf.Type,
  bytes: Uint8Array,
  start: number,
  end: number,
): DecodeFault | undefined {
  return walk(type, bytes, start, end, '', 0);
}

function walk(
  type: protobuf.Type,
  bytes: Uint8Array,
  start: number,
  end: number,
  path: string,
  depth: number,
): DecodeFault | undefined {
  const reader = protobuf.Reader.create(bytes.subarray(0, end));
  reader.pos = start;
  const occurrences = new Map<number, number>();
  while (reader.pos < end) {
    const tagAt = reader.pos;
    let field: protobuf.Field | undefined;
    let fieldPath = path;
    let wireType: number;
    let valueStart: number;
    let valueEnd: number;
    try {
      const tag = reader.uint32();
      const id = tag >>> 3;
      wireType = tag & 7;
      if (id === 0) throw new Error('field number 0 is invalid');
      field = type.fieldsById[id];
      if (field) {
        const n = occurrences.get(id) ?? 0;
        occurrences.set(id, n + 1);
        fieldPath = join(path, field.repeated ? `${field.name}[${n}]` : field.name);
      }
      if (wireType === LENGTH_DELIMITED) {
        const length = reader.uint32();
        valueStart = reader.pos;
        valueEnd = valueStart + length;
        if (valueEnd > end) {
          throw new Error(`a ${length}-byte field runs past the end of its message`);
        }
      } else {
        valueStart = reader.pos;
        reader.skipType(wireType);
        valueEnd = reader.pos;
      }
    } catch (thrown) {
      return {
        ...(fieldPath && { fieldPath }),
        byteOffset: tagAt,
        problem: messageOf(thrown),
      };
    }
    reader.pos = valueEnd;
    // Unknown fields are kept as they are: they cannot fail.
    if (!field) continue;
    let inside: { type: protobuf.Type; start: number; end: number } | undefined;
    let unreadableKey = false;
    const sub = field.resolve().resolvedType;
    if (wireType === LENGTH_DELIMITED && field.map) {
      // A map entry is a message of its own: key (field 1), value (field 2).
      const entry = readMapEntry(bytes, valueStart, valueEnd);
      if (entry.key !== undefined) fieldPath = `${fieldPath}[${JSON.stringify(entry.key)}]`;
      else unreadableKey = true;
      if (sub instanceof protobuf.Type && entry.value) inside = { type: sub, ...entry.value };
    } else if (wireType === LENGTH_DELIMITED && sub instanceof protobuf.Type) {
      inside = { type: sub, start: valueStart, end: valueEnd };
    }
    if (inside && depth < MAX_DEPTH) {
      const inner = walk(inside.type, bytes, inside.start, inside.end, fieldPath, depth + 1);
      if (inner) return inner;
    }
    try {
      // The field alone, as a message of its own: fails exactly when this field is the culprit.
      type.decode(bytes.subarray(tagAt, valueEnd));
    } catch (thrown) {
      return {
        fieldPath,
        byteOffset: tagAt,
        problem: utf8Problem(
          thrown,
          unreadableKey ? 'a key of this map' : field.type === 'string' ? 'this string' : undefined,
        ),
      };
    }
  }
  return undefined;
}

/** A map entry's string key, when readable, and where its value lies. */
function readMapEntry(
  bytes: Uint8Array,
  start: number,
  end: number,
): { key?: string; value?: { start: number; end: number } } {
  const found: { key?: string; value?: { start: number; end: number } } = {};
  try {
    const reader = protobuf.Reader.create(bytes.subarray(0, end));
    reader.pos = start;
    while (reader.pos < end) {
      const tag = reader.uint32();
      if (tag === ((1 << 3) | LENGTH_DELIMITED)) found.key = reader.stringVerify();
      else if (tag === ((2 << 3) | LENGTH_DELIMITED)) {
        const length = reader.uint32();
        const valueStart = reader.pos;
        reader.skip(length);
        found.value = { start: valueStart, end: reader.pos };
      } else reader.skipType(tag & 7);
    }
  } catch {
    // A damaged entry: what was read so far still helps to locate it.
  }
  return found;
}

/** protobufjs's "The encoded data was not valid for encoding utf-8", said of what it is about. */
function utf8Problem(thrown: unknown, what: string | undefined): string {
  const message = messageOf(thrown);
  return what && /utf-?8/i.test(message) ? `${what} is not valid UTF-8` : message;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
