/** Everything the event inspector shows about one event. */
import { eventIdOf, eventTypeName, type HistoryEvent } from '../history/index.ts';
import type { CodecServerConfig } from '../proto/codec-server.ts';
import { categoryOf, type EventCategory } from './categories.ts';
import { HistoryEventCodec, inspectorJson } from './inspector-json.ts';
import type { RelatedEvent, RelatedEvents } from './related-events.ts';

export interface EventDetail {
  eventId: number;
  eventType: string;
  category: EventCategory;
  /** The whole event as JSON, payloads and failures as inspector nodes. */
  json: Record<string, unknown>;
  related: RelatedEvent[];
  /** Workflow task (sequence) that applies this event, -1 when replay does not. */
  task: number;
  codecError?: string;
}

export async function eventDetail(
  event: HistoryEvent,
  task: number,
  related: RelatedEvents,
  codecServer?: CodecServerConfig,
): Promise<EventDetail> {
  const { json, codecError } = await inspectorJson(HistoryEventCodec, event, codecServer);
  return {
    eventId: eventIdOf(event),
    eventType: eventTypeName(event),
    category: categoryOf(eventTypeName(event)),
    json,
    related: related.of(event),
    task,
    ...(codecError ? { codecError } : {}),
  };
}
