/**
 * Facts about history events that replay needs, named as Temporal names them: which events mirror
 * commands, which end the run, which event a resolution refers back to.
 */
import {
  EventType,
  attributesOf,
  eventIdOf,
  eventTypeName,
  isCommandEvent,
  isFinalExecutionEvent,
  pascalCase,
  toNumber,
  type HistoryEvent,
} from '../history/events.ts';
import type { temporal } from '../proto/index.ts';

export { attributesOf, eventIdOf, eventTypeName, isCommandEvent, isFinalExecutionEvent };
export type { HistoryEvent };
export const num = toNumber;

/** Event type numbers by the names Temporal users read, e.g. `ET.TimerStarted`. */
export const ET: Record<string, number> = Object.fromEntries(
  Object.entries(EventType).map(([name, value]) => [
    pascalCase(name.replace(/^EVENT_TYPE_/, '')),
    value as number,
  ]),
);

/** sdk-core's Display of an event, used inside its error messages. */
export function describeEvent(event: HistoryEvent): string {
  return `HistoryEvent(id: ${eventIdOf(event)}, ${eventTypeName(event)})`;
}

/** Field that points back at the event which started this one's machine, per event type. */
const INITIAL_EVENT_FIELD: Record<string, string> = {
  ActivityTaskStarted: 'scheduledEventId',
  ActivityTaskCompleted: 'scheduledEventId',
  ActivityTaskFailed: 'scheduledEventId',
  ActivityTaskTimedOut: 'scheduledEventId',
  ActivityTaskCancelRequested: 'scheduledEventId',
  ActivityTaskCanceled: 'scheduledEventId',
  TimerFired: 'startedEventId',
  TimerCanceled: 'startedEventId',
  RequestCancelExternalWorkflowExecutionFailed: 'initiatedEventId',
  ExternalWorkflowExecutionCancelRequested: 'initiatedEventId',
  StartChildWorkflowExecutionFailed: 'initiatedEventId',
  ChildWorkflowExecutionStarted: 'initiatedEventId',
  ChildWorkflowExecutionCompleted: 'initiatedEventId',
  ChildWorkflowExecutionFailed: 'initiatedEventId',
  ChildWorkflowExecutionCanceled: 'initiatedEventId',
  ChildWorkflowExecutionTimedOut: 'initiatedEventId',
  ChildWorkflowExecutionTerminated: 'initiatedEventId',
  SignalExternalWorkflowExecutionFailed: 'initiatedEventId',
  ExternalWorkflowExecutionSignaled: 'initiatedEventId',
  WorkflowTaskStarted: 'scheduledEventId',
  WorkflowTaskCompleted: 'scheduledEventId',
  WorkflowTaskTimedOut: 'scheduledEventId',
  WorkflowTaskFailed: 'scheduledEventId',
  NexusOperationStarted: 'scheduledEventId',
  NexusOperationCompleted: 'scheduledEventId',
  NexusOperationFailed: 'scheduledEventId',
  NexusOperationTimedOut: 'scheduledEventId',
  NexusOperationCanceled: 'scheduledEventId',
  NexusOperationCancelRequested: 'scheduledEventId',
  NexusOperationCancelRequestCompleted: 'scheduledEventId',
  NexusOperationCancelRequestFailed: 'scheduledEventId',
};

export function initialCommandEventId(e: HistoryEvent): number | undefined {
  const field = INITIAL_EVENT_FIELD[eventTypeName(e)];
  const attrs = attributesOf(e);
  if (!field || !attrs) return undefined;
  return num(attrs[field] as number | Long | undefined);
}

export const PATCH_MARKER_NAME = 'core_patch';
export const LOCAL_ACTIVITY_MARKER_NAME = 'core_local_activity';

function markerName(e: HistoryEvent): string | undefined {
  return e.eventType === ET.MarkerRecorded
    ? (e.markerRecordedEventAttributes?.markerName ?? '')
    : undefined;
}

export const isLocalActivityMarker = (e: HistoryEvent) =>
  markerName(e) === LOCAL_ACTIVITY_MARKER_NAME;

function payloadText(p: temporal.api.common.v1.IPayload | null | undefined): string | undefined {
  return p?.data ? new TextDecoder().decode(p.data) : undefined;
}

/** Patch id and deprecation of a `core_patch` marker, in the current or the legacy format. */
export function patchMarkerDetails(
  e: HistoryEvent,
): { patchId: string; deprecated: boolean } | undefined {
  if (markerName(e) !== PATCH_MARKER_NAME) return undefined;
  const details = e.markerRecordedEventAttributes?.details ?? {};
  const current = details['patch-data']?.payloads?.[0];
  if (current) {
    try {
      const parsed = JSON.parse(payloadText(current) ?? '') as {
        id?: unknown;
        deprecated?: unknown;
      };
      if (typeof parsed.id !== 'string') return undefined;
      return { patchId: parsed.id, deprecated: parsed.deprecated === true };
    } catch {
      return undefined;
    }
  }
  // Legacy markers: raw id bytes and a one-byte deprecated flag.
  const id = details['patch_id']?.payloads?.[0];
  const deprecated = details['deprecated']?.payloads?.[0]?.data;
  if (!id || !deprecated || deprecated.length === 0) return undefined;
  return { patchId: payloadText(id) ?? '', deprecated: deprecated[0] !== 0 };
}

export interface LocalActivityMarkerData {
  seq: number;
  attempt: number;
  activityId: string;
  activityType: string;
  completeTime?: { seconds: number; nanos: number };
  backoff?: { seconds: number; nanos: number };
}

/** The `data` of a `core_local_activity` marker (JSON written by sdk-core). */
export function localActivityMarkerData(e: HistoryEvent): LocalActivityMarkerData | undefined {
  if (!isLocalActivityMarker(e)) return undefined;
  const text = payloadText(e.markerRecordedEventAttributes?.details?.['data']?.payloads?.[0]);
  if (!text) return undefined;
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    if (typeof raw['seq'] !== 'number') return undefined;
    return {
      seq: raw['seq'],
      attempt: Number(raw['attempt'] ?? 1),
      activityId: String(raw['activity_id'] ?? ''),
      activityType: String(raw['activity_type'] ?? ''),
      ...(raw['complete_time']
        ? { completeTime: raw['complete_time'] as { seconds: number; nanos: number } }
        : {}),
      ...(raw['backoff'] ? { backoff: raw['backoff'] as { seconds: number; nanos: number } } : {}),
    };
  } catch {
    return undefined;
  }
}
