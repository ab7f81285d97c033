/**
 * Turns a history into what the replay worker accepts, refusing up front the histories that would
 * make sdk-core panic inside its tokio threads instead of answering: its replay client unwraps
 * `HistoryInfo::new_from_history` (started event first, with a workflow type; what may follow a
 * WorkflowTaskStarted) and the started event's task queue, and a first event id other than 1 makes
 * it fetch earlier pages from a server that does not exist. A panic prints a Rust backtrace on
 * stderr and leaves the poll hanging, so these are checked here and reported with the event at
 * fault. Everything else (gaps in event ids, unknown events…) is left for sdk-core to judge.
 */
import protobuf from 'protobufjs/light.js';
import { describeThrown } from '../../engine/host/errors.ts';
import { History, root, type temporal } from '../../engine/proto/index.ts';

type IHistory = temporal.api.history.v1.IHistory;
type IHistoryEvent = temporal.api.history.v1.IHistoryEvent;

const EventTypeEnum = root.lookupEnum('temporal.api.enums.v1.EventType');
const EventType = EventTypeEnum.values;

/** What may follow a WorkflowTaskStarted event (sdk-core `HistoryInfo::new_from_history`). */
const AFTER_WFT_STARTED = new Set([
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
]);

const typeName = (event: IHistoryEvent): string =>
  (EventTypeEnum.valuesById[Number(event.eventType)] ?? `#${event.eventType}`).replace(
    /^EVENT_TYPE_/,
    '',
  );

export interface PreparedHistory {
  /** The History, length-delimited as the bridge decodes it. */
  delimited: Uint8Array;
  events: IHistoryEvent[];
  /** `workflowId` recorded in the started event, when the server wrote one. */
  recordedWorkflowId?: string;
}

export class InvalidHistoryError extends Error {
  override readonly name = 'InvalidHistoryError';
}

export function prepareHistory(history: IHistory | Uint8Array): PreparedHistory {
  let message: IHistory;
  let delimited: Uint8Array;
  try {
    if (history instanceof Uint8Array) {
      message = History.decode(history);
      delimited = withLengthPrefix(history);
    } else {
      const typed = History.type.fromObject(history as Record<string, unknown>);
      message = typed as IHistory;
      delimited = History.type.encodeDelimited(typed).finish();
    }
  } catch (thrown) {
    throw new InvalidHistoryError(
      `${history instanceof Uint8Array ? 'not a binary' : 'not a'} temporal.api.history.v1.History: ${describeThrown(thrown)}`,
    );
  }
  const events = message.events ?? [];
  const recordedWorkflowId = checkReplayable(events);
  return { delimited, events, recordedWorkflowId };
}

function checkReplayable(events: IHistoryEvent[]): string | undefined {
  const first = events[0];
  if (!first) throw new InvalidHistoryError('the history has no events');
  const started = first.workflowExecutionStartedEventAttributes;
  if (!started) {
    throw new InvalidHistoryError(
      `the first event must be WORKFLOW_EXECUTION_STARTED with its attributes, found ${typeName(first)} (event ${first.eventId})`,
    );
  }
  if (Number(first.eventId) !== 1) {
    throw new InvalidHistoryError(
      `the first event has id ${first.eventId}; a complete history starts at event 1`,
    );
  }
  if (!started.workflowType?.name) {
    throw new InvalidHistoryError('event 1 (WORKFLOW_EXECUTION_STARTED) has no workflowType.name');
  }
  if (!started.taskQueue) {
    throw new InvalidHistoryError('event 1 (WORKFLOW_EXECUTION_STARTED) has no taskQueue');
  }
  let previousStartedId = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) continue;
    const next = events[i + 1];
    if (next && !AFTER_WFT_STARTED.has(Number(next.eventType))) {
      throw new InvalidHistoryError(
        `event ${event.eventId} is WORKFLOW_TASK_STARTED but event ${next.eventId} after it is ${typeName(next)}; ` +
          'it must be WORKFLOW_TASK_COMPLETED, _FAILED or _TIMED_OUT, or the execution terminated or timed out',
      );
    }
    if (!next || next.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      const id = Number(event.eventId);
      if (id === previousStartedId) {
        throw new InvalidHistoryError(
          `event ${event.eventId} is WORKFLOW_TASK_STARTED with the same id as the previous one`,
        );
      }
      previousStartedId = id;
    }
  }
  return started.workflowId || undefined;
}

function withLengthPrefix(bytes: Uint8Array): Uint8Array {
  const prefix = protobuf.Writer.create().uint32(bytes.length).finish();
  const out = new Uint8Array(prefix.length + bytes.length);
  out.set(prefix, 0);
  out.set(bytes, prefix.length);
  return out;
}
