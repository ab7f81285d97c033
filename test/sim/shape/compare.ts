/**
 * Event-by-event comparison of two histories' shapes: the same event types in the same order,
 * the same links between events (every `…EventId` field), and the same attribute fields present.
 * Values that name a particular run (ids, times, identities, queue names) are not compared.
 */
import { eventTypeName, type HistoryEvent } from '../../../src/engine/core/events.ts';
import { exportHistoryJson } from '../../../src/engine/history/index.ts';

export interface ShapeDifference {
  eventId: number;
  eventType: string;
  /** Attribute field path (`timerStartedEventAttributes.startToFireTimeout`). */
  field: string;
  kind: 'only-in-recorded' | 'only-in-simulated' | 'link-differs' | 'type-differs';
  recorded?: unknown;
  simulated?: unknown;
}

type Json = Record<string, unknown>;

/** Leaf field paths of an attributes object; array items share one path (`[]`). */
function leaves(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, value);
    for (const item of value) leaves(item, `${path}[]`, out);
  } else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value as Json)) leaves(child, `${path}.${key}`, out);
  } else out.set(path, value);
}

/** Attribute leaves of each event, from the canonical proto3 JSON both histories export to. */
function attributeLeaves(events: HistoryEvent[]): Array<Map<string, unknown>> {
  const { text } = exportHistoryJson(events);
  return (JSON.parse(text) as { events: Json[] }).events.map((event) => {
    const out = new Map<string, unknown>();
    for (const [key, value] of Object.entries(event))
      if (key.endsWith('EventAttributes')) leaves(value, key, out);
    return out;
  });
}

export function compareShapes(
  recorded: HistoryEvent[],
  simulated: HistoryEvent[],
): ShapeDifference[] {
  const differences: ShapeDifference[] = [];
  const recordedLeaves = attributeLeaves(recorded);
  const simulatedLeaves = attributeLeaves(simulated);
  const length = Math.max(recorded.length, simulated.length);
  for (let i = 0; i < length; i++) {
    const r = recorded[i];
    const s = simulated[i];
    const eventType = r ? eventTypeName(r) : eventTypeName(s!);
    if (!r || !s || eventTypeName(r) !== eventTypeName(s)) {
      differences.push({
        eventId: i + 1,
        eventType,
        field: '',
        kind: 'type-differs',
        recorded: r && eventTypeName(r),
        simulated: s && eventTypeName(s),
      });
      continue;
    }
    const a = recordedLeaves[i]!;
    const b = simulatedLeaves[i]!;
    for (const [field, value] of a) {
      if (!b.has(field))
        differences.push({
          eventId: i + 1,
          eventType,
          field,
          kind: 'only-in-recorded',
          recorded: value,
        });
      else if (/EventId$/.test(field) && String(value) !== String(b.get(field)))
        differences.push({
          eventId: i + 1,
          eventType,
          field,
          kind: 'link-differs',
          recorded: value,
          simulated: b.get(field),
        });
    }
    for (const [field, value] of b)
      if (!a.has(field))
        differences.push({
          eventId: i + 1,
          eventType,
          field,
          kind: 'only-in-simulated',
          simulated: value,
        });
  }
  return differences;
}
