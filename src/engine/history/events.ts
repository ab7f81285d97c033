/**
 * The event model every layer uses: decoded protobufjs `temporal.api.history.v1.HistoryEvent`
 * messages from the shared schema root, plus the few helpers callers need so that nobody fiddles
 * with Long ids, enum numbers or the attributes oneof.
 */
import Long from 'long';
import type protobuf from 'protobufjs/light.js';
import { root, type temporal } from '../proto/index.ts';

export type HistoryEvent = temporal.api.history.v1.HistoryEvent;
export type EventTypeValue = temporal.api.enums.v1.EventType;

export const HistoryEventType: protobuf.Type = root.lookupType(
  'temporal.api.history.v1.HistoryEvent',
);
export const HistoryType: protobuf.Type = root.lookupType('temporal.api.history.v1.History');
const EventTypeEnum: protobuf.Enum = root.lookupEnum('temporal.api.enums.v1.EventType');

/**
 * Event type numbers by their proto name (`EventType.EVENT_TYPE_TIMER_FIRED`), read from the schema
 * at run time and typed by @temporalio/proto's build of the same enum.
 */
export const EventType = EventTypeEnum.values as unknown as typeof temporal.api.enums.v1.EventType;

const EVENT_TYPE_PREFIX = 'EVENT_TYPE_';

/** `WORKFLOW_TASK_STARTED` → `WorkflowTaskStarted` (the vocabulary of the Web UI and tctl). */
export function pascalCase(screamingSnake: string): string {
  return screamingSnake
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** Attributes oneof member for each known event type, derived from the two names. */
const ATTRIBUTES_FIELD = new Map<number, string>();
const ATTRIBUTE_FIELDS = new Set(HistoryEventType.oneofs['attributes']!.oneof);
for (const [name, id] of Object.entries(EventTypeEnum.values)) {
  const pascal = pascalCase(name.slice(EVENT_TYPE_PREFIX.length));
  const field = `${pascal.charAt(0).toLowerCase()}${pascal.slice(1)}EventAttributes`;
  if (ATTRIBUTE_FIELDS.has(field)) ATTRIBUTES_FIELD.set(id, field);
}

/** The oneof member an event of this type must carry; undefined for unknown/unspecified types. */
export function attributesFieldFor(eventType: number): string | undefined {
  return ATTRIBUTES_FIELD.get(eventType);
}

export function isKnownEventType(eventType: number): boolean {
  return ATTRIBUTES_FIELD.has(eventType);
}

export function toNumber(value: Long | number | string | null | undefined): number {
  if (value == null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return Long.isLong(value) ? value.toNumber() : Number(value);
}

export function eventIdOf(event: HistoryEvent): number {
  return toNumber(event.eventId);
}

/**
 * `WorkflowTaskStarted`; for a type this schema does not know, the name the input gave (kept by
 * the loader) or `EventType(60)`.
 */
export function eventTypeName(event: HistoryEvent): string {
  const name = EventTypeEnum.valuesById[event.eventType];
  if (name !== undefined && event.eventType !== 0)
    return pascalCase(name.slice(EVENT_TYPE_PREFIX.length));
  const spelled = preservedJson.get(event)?.['eventType'];
  return typeof spelled === 'string' ? spelled : `EventType(${event.eventType})`;
}

/**
 * JSON members of a message that the schema cannot represent (unknown fields, enum names it does
 * not know), as the input spelled them: kept for export and display, keyed by message instance.
 */
export const preservedJson = new WeakMap<object, Record<string, unknown>>();

/** Name of the attributes oneof member the event carries, if any. */
export function attributesFieldOf(event: HistoryEvent): string | undefined {
  return event.attributes ?? undefined;
}

/** The event's attributes message (whatever its type), or undefined when it carries none. */
export function attributesOf(event: HistoryEvent): Record<string, unknown> | undefined {
  const field = event.attributes;
  if (!field) return undefined;
  return (
    (event as unknown as Record<string, Record<string, unknown> | null | undefined>)[field] ??
    undefined
  );
}

/** sdk-core's `is_command_event`: the events a workflow task completion writes for its commands. */
const COMMAND_EVENT_TYPES = new Set<number>([
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
  EventType.EVENT_TYPE_MARKER_RECORDED,
  EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_TIMER_CANCELED,
  EventType.EVENT_TYPE_TIMER_STARTED,
  EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
  EventType.EVENT_TYPE_NEXUS_OPERATION_SCHEDULED,
  EventType.EVENT_TYPE_NEXUS_OPERATION_CANCEL_REQUESTED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
]);

export function isCommandEvent(event: HistoryEvent): boolean {
  return COMMAND_EVENT_TYPES.has(event.eventType);
}

/** sdk-core's `is_final_wf_execution_event`: events after which the run is closed. */
const FINAL_EVENT_TYPES = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
]);

export function isFinalExecutionEvent(event: HistoryEvent): boolean {
  return FINAL_EVENT_TYPES.has(event.eventType);
}
