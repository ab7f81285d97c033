/**
 * What makes a list of events a history the engine can replay: it starts with
 * WorkflowExecutionStarted, ids run 1, 2, 3… without gaps, and every event of a known type carries
 * the attributes of that type. Event types the schema does not know (the server may add some) are
 * a warning, not an error.
 */
import { HistoryError, warning, type HistoryWarning } from './errors.ts';
import {
  EventType,
  attributesFieldFor,
  attributesFieldOf,
  eventIdOf,
  eventTypeName,
  isFinalExecutionEvent,
  isKnownEventType,
  preservedJson,
  type HistoryEvent,
} from './events.ts';

export function validateEvents(
  events: HistoryEvent[],
  warnings: HistoryWarning[],
  source?: string,
): void {
  if (events.length === 0)
    throw new HistoryError('no-events', 'the history has no events', { source });
  let closedBy: HistoryEvent | undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const id = eventIdOf(event);
    if (id !== i + 1) {
      // proto3 cannot tell an absent id from 0, and 0 is no event id.
      const problem =
        id === 0
          ? `the event has no eventId (expected ${i + 1})`
          : i === 0
            ? `event ids must start at 1, but the first event has id ${id}`
            : `event ids must increase by one: event ${eventIdOf(events[i - 1]!)} is followed by event ${id}`;
      throw new HistoryError('non-contiguous-ids', problem, {
        source,
        eventIndex: i,
        fieldPath: 'eventId',
      });
    }
    const at = { source, eventId: id };
    if (i === 0 && event.eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
      // "has no eventType" says more than "is not WorkflowExecutionStarted but EventType(0)".
      if (event.eventType === 0) checkAttributes(event, [], at);
      throw new HistoryError(
        'first-event-not-started',
        `the first event must be WorkflowExecutionStarted, not ${eventTypeName(event)}`,
        { ...at, fieldPath: 'eventType' },
      );
    }
    checkAttributes(event, warnings, at);
    if (closedBy) {
      warnings.push(
        warning(
          'events-after-close',
          `${eventTypeName(event)} comes after the run closed (${eventTypeName(closedBy)}, event ${eventIdOf(closedBy)}); replay ignores it`,
          at,
        ),
      );
    } else if (isFinalExecutionEvent(event)) closedBy = event;
  }
}

function checkAttributes(
  event: HistoryEvent,
  warnings: HistoryWarning[],
  at: { source?: string; eventId: number },
): void {
  const carried = attributesFieldOf(event);
  if (!isKnownEventType(event.eventType)) {
    const spelled = preservedJson.get(event)?.['eventType'];
    if (event.eventType === 0 && spelled === undefined) {
      throw new HistoryError('missing-event-type', 'the event has no eventType', {
        ...at,
        fieldPath: 'eventType',
      });
    }
    warnings.push(
      warning(
        'unknown-event-type',
        `${eventTypeName(event)} is not an event type this version knows${event.workerMayIgnore ? ' (the server marked it ignorable)' : ''}; kept, but replay cannot interpret it`,
        { ...at, fieldPath: 'eventType' },
      ),
    );
    return;
  }
  const expected = attributesFieldFor(event.eventType)!;
  if (!carried) {
    throw new HistoryError('missing-attributes', `${eventTypeName(event)} has no ${expected}`, {
      ...at,
      fieldPath: expected,
    });
  }
  if (carried !== expected) {
    throw new HistoryError(
      'attributes-mismatch',
      `${eventTypeName(event)} carries ${carried} instead of ${expected}`,
      {
        ...at,
        fieldPath: carried,
      },
    );
  }
}
