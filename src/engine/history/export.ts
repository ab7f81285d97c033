/**
 * Export to the canonical proto3 JSON mapping that `temporal workflow show --output json` and the
 * Web UI write (`{"events": [...]}`, camelCase, `EVENT_TYPE_*` names, int64 as strings, RFC 3339
 * times, "10s" durations, base64 bytes), so legacy and binary histories can be converted. JSON
 * members the schema did not know when loading are written back where they were, so loading the
 * export gives the same events and the same warnings. Unknown fields of binary input have no JSON
 * form (as in every proto3 JSON encoder): they are dropped, and reported.
 */
import protobuf from 'protobufjs/light.js';
import protojson from 'protobufjs/ext/protojson.js';
import { warning, type HistoryWarning } from './errors.ts';
import { setOwn } from './normalize.ts';
import {
  HistoryEventType,
  HistoryType,
  eventIdOf,
  preservedJson,
  type HistoryEvent,
} from './events.ts';

export interface JsonExport {
  text: string;
  /** What the JSON form cannot carry (unknown fields of binary input). */
  dropped: HistoryWarning[];
}

export function exportHistoryJson(
  events: readonly HistoryEvent[],
  options: { indent?: number } = {},
): JsonExport {
  const dropped: HistoryWarning[] = [];
  const json = {
    events: events.map((event) => {
      const out = protojson.toJson(HistoryEventType, event as never) as Record<string, unknown>;
      restore(HistoryEventType, event as never, out, '', eventIdOf(event), dropped);
      return out;
    }),
  };
  return { text: JSON.stringify(json, null, options.indent ?? 2), dropped };
}

/** The binary `temporal.api.history.v1.History` encoding (unknown binary fields included). */
export function exportHistoryBinary(events: readonly HistoryEvent[]): Uint8Array {
  return HistoryType.encode(HistoryType.create({ events: [...events] })).finish();
}

/** Puts preserved JSON members back into `out`, walking the message and its JSON side by side. */
function restore(
  type: protobuf.Type,
  message: protobuf.Message,
  out: Record<string, unknown>,
  path: string,
  eventId: number,
  dropped: HistoryWarning[],
): void {
  const preserved = preservedJson.get(message);
  if (preserved) for (const [key, value] of Object.entries(preserved)) setOwn(out, key, value);
  const record = message as unknown as Record<string, unknown> & { $unknowns?: Uint8Array[] };
  if (record.$unknowns && Object.prototype.hasOwnProperty.call(record, '$unknowns')) {
    dropped.push(
      warning(
        'unknown-field',
        `${record.$unknowns.length} unknown binary field(s) of ${type.name} have no JSON form; dropped`,
        {
          eventId,
          fieldPath: path || undefined,
        },
      ),
    );
  }
  for (const field of type.fieldsArray) {
    const sub = field.resolve().resolvedType;
    const value = record[field.name];
    if (
      !(sub instanceof protobuf.Type) ||
      value == null ||
      sub.fullName.startsWith('.google.protobuf.')
    )
      continue;
    const jsonValue = out[field.name];
    if (jsonValue == null) continue;
    const fieldPath = path ? `${path}.${field.name}` : field.name;
    if (field.map) {
      for (const [key, item] of Object.entries(value as Record<string, protobuf.Message>)) {
        const itemJson = (jsonValue as Record<string, Record<string, unknown>>)[key];
        if (itemJson)
          restore(sub, item, itemJson, `${fieldPath}[${JSON.stringify(key)}]`, eventId, dropped);
      }
    } else if (field.repeated) {
      (value as protobuf.Message[]).forEach((item, i) => {
        const itemJson = (jsonValue as Record<string, unknown>[])[i];
        if (itemJson) restore(sub, item, itemJson, `${fieldPath}[${i}]`, eventId, dropped);
      });
    } else {
      restore(
        sub,
        value as protobuf.Message,
        jsonValue as Record<string, unknown>,
        fieldPath,
        eventId,
        dropped,
      );
    }
  }
}
