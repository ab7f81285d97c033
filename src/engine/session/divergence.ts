/**
 * Nondeterminism as data: which workflow task, which history event, what the code produced
 * instead, and a plain explanation next to sdk-core's own message.
 */
import { commandVariant, type coresdk } from '../proto/index.ts';
import { HistoryEcho } from '../core/echo.ts';
import {
  ET,
  attributesOf,
  eventIdOf,
  eventTypeName,
  localActivityMarkerData,
  patchMarkerDetails,
  type HistoryEvent,
} from '../core/events.ts';

import type { SourcePosition } from '../host/sources.ts';

type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

export type DivergenceKind =
  | 'missing-command'
  | 'extra-command'
  | 'wrong-kind'
  | 'id-or-type-mismatch'
  | 'patch-mismatch'
  | 'other';

/**
 * Why a difference in an activity's or child workflow's id or type is not nondeterminism in a
 * history recorded without core flag 1, and what a worker does with it (sdk-core skips the check
 * in its activity and child workflow machines unless the flag was recorded or may be now).
 */
export const UNCHECKED_EXPLANATION =
  'The code differs from history here, and sdk-core accepts it: these workflow tasks were recorded ' +
  'without core flag 1 (IdAndTypeDeterminismChecks), and without it sdk-core does not compare ' +
  'activity and child workflow ids and types. A worker replaying this history does the same: no ' +
  "nondeterminism, and the code's command takes over the recorded one, resolved with whatever " +
  'history recorded for it.';

export interface CommandSummary {
  /** Temporal's name for it, e.g. `ScheduleActivityTask`, `StartTimer`. */
  kind: string;
  /** The identifying part: activity type and id, timer id, child workflow type and id, patch id… */
  detail: string;
  /** For a command the code produced: where in its source (components built with our SDK). */
  site?: SourcePosition;
}

export interface Divergence {
  kind: DivergenceKind;
  /** sdk-core's message, `[TMPRL1100] Nondeterminism error: …`. */
  message: string;
  explanation: string;
  /** What usually causes this, in the workflow code. */
  likelyCause: string;
  wftStartedEventId: number;
  event?: { id: number; type: string; summary: string };
  expected: CommandSummary[];
  actual: CommandSummary[];
  /** Index of the first row where expected and actual differ. */
  firstMismatch: number;
}

/** Command-event type → the command kind that records it. */
const EVENT_TO_COMMAND: Record<string, string> = {
  ActivityTaskScheduled: 'ScheduleActivityTask',
  ActivityTaskCancelRequested: 'RequestCancelActivityTask',
  TimerStarted: 'StartTimer',
  TimerCanceled: 'CancelTimer',
  MarkerRecorded: 'RecordMarker',
  StartChildWorkflowExecutionInitiated: 'StartChildWorkflowExecution',
  SignalExternalWorkflowExecutionInitiated: 'SignalExternalWorkflowExecution',
  RequestCancelExternalWorkflowExecutionInitiated: 'RequestCancelExternalWorkflowExecution',
  UpsertWorkflowSearchAttributes: 'UpsertWorkflowSearchAttributes',
  WorkflowPropertiesModified: 'ModifyWorkflowProperties',
  WorkflowExecutionCompleted: 'CompleteWorkflowExecution',
  WorkflowExecutionFailed: 'FailWorkflowExecution',
  WorkflowExecutionCanceled: 'CancelWorkflowExecution',
  WorkflowExecutionContinuedAsNew: 'ContinueAsNewWorkflowExecution',
  WorkflowExecutionUpdateAccepted: 'ProtocolMessage',
  WorkflowExecutionUpdateCompleted: 'ProtocolMessage',
  NexusOperationScheduled: 'ScheduleNexusOperation',
  NexusOperationCancelRequested: 'RequestCancelNexusOperation',
};

/** Lang command → the command kind it becomes (null when it creates no server command). */
const LANG_TO_COMMAND: Record<string, string | null> = {
  scheduleActivity: 'ScheduleActivityTask',
  requestCancelActivity: 'RequestCancelActivityTask',
  startTimer: 'StartTimer',
  cancelTimer: 'CancelTimer',
  setPatchMarker: 'RecordMarker',
  scheduleLocalActivity: 'RecordMarker',
  requestCancelLocalActivity: null,
  startChildWorkflowExecution: 'StartChildWorkflowExecution',
  cancelChildWorkflowExecution: 'RequestCancelExternalWorkflowExecution',
  signalExternalWorkflowExecution: 'SignalExternalWorkflowExecution',
  cancelSignalWorkflow: null,
  requestCancelExternalWorkflowExecution: 'RequestCancelExternalWorkflowExecution',
  upsertWorkflowSearchAttributes: 'UpsertWorkflowSearchAttributes',
  modifyWorkflowProperties: 'ModifyWorkflowProperties',
  completeWorkflowExecution: 'CompleteWorkflowExecution',
  failWorkflowExecution: 'FailWorkflowExecution',
  cancelWorkflowExecution: 'CancelWorkflowExecution',
  continueAsNewWorkflowExecution: 'ContinueAsNewWorkflowExecution',
  updateResponse: 'ProtocolMessage',
  respondToQuery: null,
  scheduleNexusOperation: 'ScheduleNexusOperation',
  requestCancelNexusOperation: 'RequestCancelNexusOperation',
};

/** `service.operation (endpoint name)`, the way both sides of a Nexus row are spelled. */
function nexusDetail(endpoint: unknown, service: unknown, operation: unknown): string {
  return `${String(service ?? '')}.${String(operation ?? '')} (endpoint ${String(endpoint ?? '')})`;
}

export function summarizeEvent(e: HistoryEvent): CommandSummary {
  const type = eventTypeName(e);
  const a = (attributesOf(e) ?? {}) as Record<string, unknown>;
  const name = (x: unknown) => (x as { name?: string } | undefined)?.name ?? '';
  let detail = '';
  switch (e.eventType) {
    case ET.ActivityTaskScheduled:
      detail = `${name(a['activityType'])} (activity id ${String(a['activityId'])})`;
      break;
    case ET.TimerStarted:
    case ET.TimerCanceled:
      detail = `timer ${String(a['timerId'])}`;
      break;
    case ET.StartChildWorkflowExecutionInitiated:
      detail = `${name(a['workflowType'])} (workflow id ${String(a['workflowId'])})`;
      break;
    case ET.MarkerRecorded: {
      // Spelled as summarizeCommand spells the command, so the two sides compare row by row.
      const patch = patchMarkerDetails(e);
      const la = localActivityMarkerData(e);
      if (patch) detail = `core_patch ${patch.patchId}${patch.deprecated ? ' (deprecated)' : ''}`;
      else if (la) detail = `core_local_activity ${la.activityType}`;
      else detail = String(a['markerName']);
      break;
    }
    case ET.SignalExternalWorkflowExecutionInitiated:
      detail = `signal ${String(a['signalName'])}`;
      break;
    case ET.NexusOperationScheduled:
      detail = nexusDetail(a['endpoint'], a['service'], a['operation']);
      break;
  }
  return { kind: EVENT_TO_COMMAND[type] ?? type, detail };
}

export function summarizeCommand(c: IWorkflowCommand): CommandSummary | undefined {
  const key = commandVariant(c);
  const kind = LANG_TO_COMMAND[key];
  if (!kind) return undefined;
  let detail = '';
  if (c.scheduleActivity)
    detail = `${c.scheduleActivity.activityType} (activity id ${c.scheduleActivity.activityId})`;
  else if (c.startTimer) detail = `timer ${c.startTimer.seq}`;
  else if (c.cancelTimer) detail = `timer ${c.cancelTimer.seq}`;
  else if (c.startChildWorkflowExecution)
    detail = `${c.startChildWorkflowExecution.workflowType} (workflow id ${c.startChildWorkflowExecution.workflowId})`;
  else if (c.setPatchMarker)
    detail = `core_patch ${c.setPatchMarker.patchId}${c.setPatchMarker.deprecated ? ' (deprecated)' : ''}`;
  else if (c.scheduleLocalActivity)
    detail = `core_local_activity ${c.scheduleLocalActivity.activityType}`;
  else if (c.signalExternalWorkflowExecution)
    detail = `signal ${c.signalExternalWorkflowExecution.signalName}`;
  else if (c.scheduleNexusOperation) {
    const n = c.scheduleNexusOperation;
    detail = nexusDetail(n.endpoint, n.service, n.operation);
  }
  return { kind, detail };
}

function classify(message: string): DivergenceKind {
  if (/No command scheduled for event/.test(message)) return 'missing-command';
  if (/patch marker|Change id/.test(message)) return 'patch-mismatch';
  if (/(id|type) of (scheduled event|recorded marker)/.test(message)) return 'id-or-type-mismatch';
  if (/does not handle this event|cannot handle this event|Unexpected command/.test(message))
    return 'wrong-kind';
  if (/timer id/.test(message)) return 'id-or-type-mismatch';
  return 'other';
}

const CAUSES: Record<DivergenceKind, string> = {
  'missing-command':
    'History recorded a command that the code no longer issues at this point: a call (activity, timer, child workflow…) was removed, moved behind a condition, or reordered. Guard the change with patched().',
  'extra-command':
    'The code issues a command that history never recorded: a call was added before existing ones. New calls in running workflows need patched() (or a new workflow type).',
  'wrong-kind':
    'The code issued a different kind of command than history recorded here, e.g. an activity was added before an existing timer or replaced by one, without patched().',
  'id-or-type-mismatch':
    'Same kind of command, different identity: an activity type, activity id, child workflow type or timer was renamed or reordered. Renames need patched() or a new workflow type.',
  'patch-mismatch':
    'The patch ids in the code and in history disagree: a patched() call was removed before every run that took its old branch finished, or a patch id was renamed. Use deprecatePatch() first, remove it later.',
  other:
    'The code and the history disagree in a way this engine does not classify; see the message.',
};

/** What usually causes a nondeterminism with this message (sdk-core's words), in the code. */
export function likelyCause(message: string): string {
  return CAUSES[classify(message)];
}

export function buildDivergence(
  message: string,
  events: readonly HistoryEvent[],
  wftStartedEventId: number,
  actualCommands: IWorkflowCommand[],
  event: HistoryEvent | undefined,
  siteOf: (command: IWorkflowCommand) => SourcePosition | undefined = () => undefined,
): Divergence {
  const expected = new HistoryEcho(events)
    .commandEventsAfter(wftStartedEventId)
    .map(summarizeEvent);
  const actual = actualCommands.flatMap((command) => {
    const summary = summarizeCommand(command);
    if (!summary) return [];
    const site = siteOf(command);
    return [site ? { ...summary, site } : summary];
  });
  let firstMismatch = 0;
  while (
    firstMismatch < Math.min(expected.length, actual.length) &&
    expected[firstMismatch]!.kind === actual[firstMismatch]!.kind &&
    expected[firstMismatch]!.detail === actual[firstMismatch]!.detail
  ) {
    firstMismatch++;
  }
  let kind = classify(message);
  if (kind === 'other' && actual.length > expected.length) kind = 'extra-command';
  const summary = event ? summarizeEvent(event) : undefined;
  const produced = actual[firstMismatch];
  const where = `In the workflow task started at event ${wftStartedEventId}`;
  const explanation = event
    ? `${where}, history event ${eventIdOf(event)} (${eventTypeName(event)}${summary?.detail ? `: ${summary.detail}` : ''}) ` +
      (kind === 'missing-command'
        ? 'has no matching command from the code.'
        : `does not match the command the code produced (${produced ? `${produced.kind}${produced.detail ? ` ${produced.detail}` : ''}` : 'none'}).`)
    : `${where}, the commands the code produced do not match history.`;
  return {
    kind,
    message,
    explanation,
    likelyCause: CAUSES[kind],
    wftStartedEventId,
    ...(event
      ? {
          event: {
            id: eventIdOf(event),
            type: eventTypeName(event),
            summary: summary?.detail ?? '',
          },
        }
      : {}),
    expected,
    actual,
    firstMismatch,
  };
}
