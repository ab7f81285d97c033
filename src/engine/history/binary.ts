/**
 * Binary `temporal.api.history.v1.History` protobuf. Events are decoded one by one so that an
 * error names the event (by position, and by id when its first field is readable) and the byte
 * offset where it starts.
 */
import protobuf from 'protobufjs/light.js';
import { locateDecodeFault } from './binary-fault.ts';
import { HistoryError, warning, type HistoryWarning } from './errors.ts';
import { HistoryEventType, toNumber, type HistoryEvent } from './events.ts';

const EVENTS_FIELD = 1;
const LENGTH_DELIMITED = 2;

export function readBinaryHistory(
  bytes: Uint8Array,
  warnings: HistoryWarning[],
  source?: string,
): HistoryEvent[] {
  const reader = protobuf.Reader.create(bytes);
  const events: HistoryEvent[] = [];
  while (reader.pos < reader.len) {
    const tagOffset = reader.pos;
    const { field, wireType, start, end } = readFieldHeader(
      reader,
      bytes,
      tagOffset,
      events.length,
      source,
    );
    if (field === EVENTS_FIELD && wireType === LENGTH_DELIMITED) {
      events.push(decodeEvent(bytes, start, end, events.length, source));
      reader.pos = end;
      continue;
    }
    warnings.push(
      warning(
        'unknown-field',
        `field number ${field} (wire type ${wireType}) is not part of History; skipped`,
        {
          source,
          byteOffset: tagOffset,
        },
      ),
    );
    reader.pos = end;
  }
  return events;
}

interface FieldHeader {
  field: number;
  wireType: number;
  /** Where the field's payload starts and ends (for length-delimited fields, the bytes inside). */
  start: number;
  end: number;
}

function readFieldHeader(
  reader: protobuf.Reader,
  bytes: Uint8Array,
  offset: number,
  eventIndex: number,
  source?: string,
): FieldHeader {
  let eventId: number | undefined;
  try {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) throw new Error('field number 0 is invalid');
    if (wireType === LENGTH_DELIMITED) {
      const length = reader.uint32();
      const start = reader.pos;
      if (start + length > bytes.length) {
        // A truncated event usually still has its id: name it.
        if (field === EVENTS_FIELD) eventId = peekEventId(bytes.subarray(start));
        throw new Error(
          `a ${length}-byte field runs past the end of the input (${bytes.length} bytes)`,
        );
      }
      return { field, wireType, start, end: start + length };
    }
    const start = reader.pos;
    reader.skipType(wireType);
    return { field, wireType, start, end: reader.pos };
  } catch (thrown) {
    throw new HistoryError('bad-protobuf', `not a valid History protobuf: ${messageOf(thrown)}`, {
      source,
      byteOffset: offset,
      eventIndex,
      ...(eventId !== undefined && { eventId }),
    });
  }
}

function decodeEvent(
  bytes: Uint8Array,
  start: number,
  end: number,
  index: number,
  source?: string,
): HistoryEvent {
  const slice = bytes.subarray(start, end);
  try {
    const reader = protobuf.Reader.create(slice);
    // Keep fields this schema does not know (newer servers add some) so they are re-encoded.
    reader.discardUnknown = false;
    return HistoryEventType.decode(reader) as unknown as HistoryEvent;
  } catch (thrown) {
    const eventId = peekEventId(slice);
    const fault = locateDecodeFault(HistoryEventType, bytes, start, end);
    throw new HistoryError(
      'bad-protobuf',
      `cannot decode this HistoryEvent: ${fault?.problem ?? messageOf(thrown)}`,
      {
        source,
        byteOffset: fault?.byteOffset ?? start,
        eventIndex: index,
        ...(eventId !== undefined && { eventId }),
        ...(fault?.fieldPath !== undefined && { fieldPath: fault.fieldPath }),
      },
    );
  }
}

/** The event id when it is the event's first field, as every encoder writes it. */
function peekEventId(slice: Uint8Array): number | undefined {
  try {
    const reader = protobuf.Reader.create(slice);
    if (reader.uint32() !== ((1 << 3) | 0)) return undefined;
    const n = toNumber(reader.int64() as never);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
