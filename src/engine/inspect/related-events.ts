/**
 * Links between the events of one history: every `…EventId` attribute that points at another
 * event of the same history (scheduled → started → completed, initiated → started → closed, timer
 * started → fired, the WorkflowTaskCompleted that recorded a command event…), both ways.
 */
import { attributesOf, eventIdOf, eventTypeName, type HistoryEvent } from '../history/index.ts';

export interface RelatedEvent {
  eventId: number;
  eventType: string;
  /** How the other event relates to this one, e.g. `scheduled by`, `started`, `recorded by`. */
  relation: string;
}

/** Attribute fields ending in EventId that name events of another history. */
const FOREIGN = new Set(['parentInitiatedEventId']);

/** `scheduledEventId` → `scheduled`, `workflowTaskCompletedEventId` → `workflow task completed`. */
function label(field: string): string {
  return field
    .replace(/EventId$/, '')
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase();
}

function pointers(event: HistoryEvent): Array<{ field: string; target: number }> {
  const attributes = attributesOf(event);
  if (!attributes) return [];
  const out: Array<{ field: string; target: number }> = [];
  for (const [field, value] of Object.entries(attributes)) {
    if (!field.endsWith('EventId') || FOREIGN.has(field) || value == null) continue;
    const target = Number(value);
    if (Number.isSafeInteger(target) && target > 0) out.push({ field, target });
  }
  return out;
}

export class RelatedEvents {
  /** Events pointing at an event id, with the field they point through. */
  private readonly incoming = new Map<number, Array<{ from: number; field: string }>>();

  constructor(private readonly events: readonly HistoryEvent[]) {
    for (const event of events) {
      for (const { field, target } of pointers(event)) {
        let list = this.incoming.get(target);
        if (!list) this.incoming.set(target, (list = []));
        list.push({ from: eventIdOf(event), field });
      }
    }
  }

  private event(id: number): HistoryEvent | undefined {
    const guess = this.events[id - 1];
    return guess && eventIdOf(guess) === id ? guess : this.events.find((e) => eventIdOf(e) === id);
  }

  of(event: HistoryEvent): RelatedEvent[] {
    const related: RelatedEvent[] = [];
    for (const { field, target } of pointers(event)) {
      const other = this.event(target);
      if (other)
        related.push({ eventId: target, eventType: eventTypeName(other), relation: label(field) });
    }
    for (const { from, field } of this.incoming.get(eventIdOf(event)) ?? []) {
      const other = this.event(from);
      if (other)
        related.push({
          eventId: from,
          eventType: eventTypeName(other),
          relation: `refers here as ${label(field)}`,
        });
    }
    return related.sort((a, b) => a.eventId - b.eventId);
  }
}
