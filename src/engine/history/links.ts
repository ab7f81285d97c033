/**
 * Links between related events: each event that continues something (started, completed, failed,
 * timed out, canceled, fired…) points at the event that began it, and events that began something
 * collect the chain that followed. The references are the ids the server writes into attributes
 * (`scheduledEventId`, `initiatedEventId`, a timer's `startedEventId`, an update's
 * `acceptedEventId`), read generically from whatever attributes the event carries; updates are
 * also tied together by update id (admitted → accepted/rejected).
 */
import { warning, type HistoryWarning } from './errors.ts';
import { attributesOf, eventIdOf, eventTypeName, toNumber, type HistoryEvent } from './events.ts';

export type ChainKind =
  | 'workflow-task'
  | 'activity'
  | 'timer'
  | 'child-workflow'
  | 'signal-external'
  | 'cancel-external'
  | 'update'
  | 'nexus-operation';

export interface EventChain {
  kind: ChainKind;
  /** The event that began it (scheduled, initiated, timer started, update admitted/accepted). */
  rootEventId: number;
  /** Every event of the chain in history order, the root first. */
  eventIds: number[];
  /**
   * Activity id, timer id, child workflow id, update id or Nexus operation token (known once the
   * operation started), when the history names one.
   */
  key?: string;
  /** Type of the last event so far, e.g. `ActivityTaskCompleted` (or the root if nothing followed). */
  lastEventType: string;
}

export interface EventLinks {
  chains: EventChain[];
  /** Event id → index in `chains`, for every event that belongs to one. */
  chainByEventId: Map<number, number>;
  /** Event id → id of the event it refers back to (its direct predecessor in the chain). */
  initiatorOf: Map<number, number>;
  /** Command event id → the WorkflowTaskCompleted whose commands recorded it. */
  recordedBy: Map<number, number>;
}

const ROOT_KINDS: Record<string, ChainKind> = {
  WorkflowTaskScheduled: 'workflow-task',
  ActivityTaskScheduled: 'activity',
  TimerStarted: 'timer',
  StartChildWorkflowExecutionInitiated: 'child-workflow',
  SignalExternalWorkflowExecutionInitiated: 'signal-external',
  RequestCancelExternalWorkflowExecutionInitiated: 'cancel-external',
  WorkflowExecutionUpdateAdmitted: 'update',
  WorkflowExecutionUpdateAccepted: 'update',
  WorkflowExecutionUpdateRejected: 'update',
  NexusOperationScheduled: 'nexus-operation',
};

/** Reference fields in the order they name the initiating event (see sdk-core's get_initial_command_event_id). */
const REFERENCE_FIELDS = ['scheduledEventId', 'initiatedEventId', 'acceptedEventId'];

function referenceOf(name: string, attributes: Record<string, unknown>): number | undefined {
  for (const field of REFERENCE_FIELDS) {
    const id = toNumber(attributes[field] as never);
    if (id > 0) return id;
  }
  // Timer events refer to their TimerStarted through `startedEventId`.
  if (name === 'TimerFired' || name === 'TimerCanceled') {
    const id = toNumber(attributes['startedEventId'] as never);
    if (id > 0) return id;
  }
  return undefined;
}

function updateIdOf(attributes: Record<string, unknown>): string | undefined {
  const request = (attributes['request'] ??
    attributes['acceptedRequest'] ??
    attributes['rejectedRequest']) as { meta?: { updateId?: string } } | undefined;
  const meta = (request?.meta ?? attributes['meta']) as { updateId?: string } | undefined;
  return meta?.updateId || undefined;
}

function keyOf(name: string, attributes: Record<string, unknown>): string | undefined {
  const value =
    attributes['activityId'] ??
    attributes['timerId'] ??
    attributes['workflowId'] ??
    (attributes['workflowExecution'] as { workflowId?: string } | undefined)?.workflowId ??
    (name.startsWith('WorkflowExecutionUpdate') ? updateIdOf(attributes) : undefined) ??
    attributes['operationToken'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function linkEvents(
  events: HistoryEvent[],
  warnings: HistoryWarning[],
  source?: string,
): EventLinks {
  const chains: EventChain[] = [];
  const chainByEventId = new Map<number, number>();
  const initiatorOf = new Map<number, number>();
  const recordedBy = new Map<number, number>();
  const updateChains = new Map<string, number>();

  for (const event of events) {
    // Ids run 1, 2, 3… (validated before linking), so earlier events are exactly 1 … id - 1.
    const id = eventIdOf(event);
    const name = eventTypeName(event);
    const attributes = attributesOf(event);
    if (!attributes) continue;

    const completedBy = toNumber(attributes['workflowTaskCompletedEventId'] as never);
    if (completedBy > 0) recordedBy.set(id, completedBy);

    const updateId = name.startsWith('WorkflowExecutionUpdate')
      ? updateIdOf(attributes)
      : undefined;
    let reference = referenceOf(name, attributes);
    if (reference === undefined && updateId !== undefined && updateChains.has(updateId)) {
      reference = chains[updateChains.get(updateId)!]!.eventIds.at(-1);
    }

    if (reference !== undefined) {
      const chainIndex = chainByEventId.get(reference);
      if (reference >= id) {
        warnings.push(
          warning(
            'dangling-reference',
            `refers to event ${reference}, which does not come before it`,
            {
              source,
              eventId: id,
            },
          ),
        );
      } else if (chainIndex !== undefined) {
        initiatorOf.set(id, reference);
        const chain = chains[chainIndex]!;
        chain.eventIds.push(id);
        chain.lastEventType = name;
        chainByEventId.set(id, chainIndex);
        chain.key ??= keyOf(name, attributes);
        continue;
      }
    }
    const kind = ROOT_KINDS[name];
    if (!kind) continue;
    const key = keyOf(name, attributes);
    chains.push({
      kind,
      rootEventId: id,
      eventIds: [id],
      ...(key !== undefined && { key }),
      lastEventType: name,
    });
    chainByEventId.set(id, chains.length - 1);
    if (updateId !== undefined) updateChains.set(updateId, chains.length - 1);
  }
  return { chains, chainByEventId, initiatorOf, recordedBy };
}
