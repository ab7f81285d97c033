/**
 * Lang commands as the server receives them: `temporal.api.command.v1` attributes, shaped the way
 * sdk-core converts them before completing a workflow task. The simulator turns these into the
 * events a Temporal server would record.
 */
import type { coresdk, temporal } from '../proto/index.ts';
import { toPayload } from '../proto/payload.ts';
import {
  LOCAL_ACTIVITY_MARKER_NAME,
  PATCH_MARKER_NAME,
  type LocalActivityMarkerData,
} from './events.ts';
import type { ApiCommand } from './machines/machine.ts';

type cmd = coresdk.workflow_commands.IWorkflowCommand;
type IPayload = temporal.api.common.v1.IPayload;
type IFailure = temporal.api.failure.v1.IFailure;

const payloads = (list: IPayload[] | null | undefined) => ({ payloads: list ?? [] });
const header = (fields: Record<string, IPayload> | null | undefined) =>
  fields && Object.keys(fields).length > 0 ? { fields } : null;

export function scheduleActivityCommand(
  a: coresdk.workflow_commands.IScheduleActivity,
  defaultTaskQueue: string,
): ApiCommand {
  return {
    commandType: 'ScheduleActivityTask',
    attributes: {
      activityId: a.activityId ?? '',
      activityType: { name: a.activityType ?? '' },
      taskQueue: { name: a.taskQueue || defaultTaskQueue },
      header: header(a.headers),
      input: payloads(a.arguments),
      scheduleToCloseTimeout: a.scheduleToCloseTimeout ?? null,
      scheduleToStartTimeout: a.scheduleToStartTimeout ?? null,
      startToCloseTimeout: a.startToCloseTimeout ?? null,
      heartbeatTimeout: a.heartbeatTimeout ?? null,
      retryPolicy: a.retryPolicy ?? null,
      requestEagerExecution: !(a.doNotEagerlyExecute ?? false),
      priority: a.priority ?? null,
    },
  };
}

export function startTimerCommand(a: coresdk.workflow_commands.IStartTimer): ApiCommand {
  return {
    commandType: 'StartTimer',
    attributes: { timerId: String(a.seq ?? 0), startToFireTimeout: a.startToFireTimeout ?? null },
  };
}

export function patchMarkerCommand(patchId: string, deprecated: boolean): ApiCommand {
  return {
    commandType: 'RecordMarker',
    attributes: {
      markerName: PATCH_MARKER_NAME,
      details: { 'patch-data': payloads([toPayload({ id: patchId, deprecated })]) },
    },
  };
}

/** The `core_local_activity` marker sdk-core records when a local activity finishes. */
export function localActivityMarkerCommand(
  data: LocalActivityMarkerData & { originalScheduleTime?: { seconds: number; nanos: number } },
  result: IPayload | null,
  failure: IFailure | null,
): ApiCommand {
  const json = {
    seq: data.seq,
    attempt: data.attempt,
    activity_id: data.activityId,
    activity_type: data.activityType,
    complete_time: data.completeTime ?? null,
    backoff: data.backoff ?? null,
    original_schedule_time: data.originalScheduleTime ?? null,
  };
  const details: Record<string, { payloads: IPayload[] }> = { data: payloads([toPayload(json)]) };
  if (result) details['result'] = payloads([result]);
  return {
    commandType: 'RecordMarker',
    attributes: { markerName: LOCAL_ACTIVITY_MARKER_NAME, details, failure },
  };
}

export function childWorkflowCommand(
  a: coresdk.workflow_commands.IStartChildWorkflowExecution,
  namespace: string,
  defaultTaskQueue: string,
): ApiCommand {
  return {
    commandType: 'StartChildWorkflowExecution',
    attributes: {
      namespace: a.namespace || namespace,
      workflowId: a.workflowId ?? '',
      workflowType: { name: a.workflowType ?? '' },
      taskQueue: { name: a.taskQueue || defaultTaskQueue },
      input: payloads(a.input),
      workflowExecutionTimeout: a.workflowExecutionTimeout ?? null,
      workflowRunTimeout: a.workflowRunTimeout ?? null,
      workflowTaskTimeout: a.workflowTaskTimeout ?? null,
      parentClosePolicy: a.parentClosePolicy ?? 0,
      workflowIdReusePolicy: a.workflowIdReusePolicy ?? 0,
      retryPolicy: a.retryPolicy ?? null,
      cronSchedule: a.cronSchedule ?? '',
      header: header(a.headers),
      memo: a.memo && Object.keys(a.memo).length > 0 ? { fields: a.memo } : null,
      searchAttributes: a.searchAttributes ?? null,
    },
  };
}

export function signalExternalCommand(
  a: coresdk.workflow_commands.ISignalExternalWorkflowExecution,
  namespace: string,
): ApiCommand {
  const child = a.childWorkflowId != null && a.childWorkflowId !== '';
  return {
    commandType: 'SignalExternalWorkflowExecution',
    attributes: {
      namespace: child ? namespace : (a.workflowExecution?.namespace ?? namespace),
      execution: child
        ? { workflowId: a.childWorkflowId, runId: '' }
        : {
            workflowId: a.workflowExecution?.workflowId ?? '',
            runId: a.workflowExecution?.runId ?? '',
          },
      signalName: a.signalName ?? '',
      input: payloads(a.args),
      header: header(a.headers),
      childWorkflowOnly: child,
    },
  };
}

export function cancelExternalCommand(
  execution: { namespace?: string | null; workflowId?: string | null; runId?: string | null },
  childWorkflowOnly: boolean,
  reason: string,
): ApiCommand {
  return {
    commandType: 'RequestCancelExternalWorkflowExecution',
    attributes: {
      namespace: execution.namespace ?? '',
      workflowId: execution.workflowId ?? '',
      runId: execution.runId ?? '',
      childWorkflowOnly,
      reason,
    },
  };
}

/** sdk-core copies lang's fields across one for one (the cancellation type stays with core). */
export function scheduleNexusOperationCommand(
  a: coresdk.workflow_commands.IScheduleNexusOperation,
): ApiCommand {
  return {
    commandType: 'ScheduleNexusOperation',
    attributes: {
      endpoint: a.endpoint ?? '',
      service: a.service ?? '',
      operation: a.operation ?? '',
      input: a.input ?? null,
      scheduleToCloseTimeout: a.scheduleToCloseTimeout ?? null,
      scheduleToStartTimeout: a.scheduleToStartTimeout ?? null,
      startToCloseTimeout: a.startToCloseTimeout ?? null,
      nexusHeader: a.nexusHeader ?? {},
    },
  };
}

/** Terminal and fire-and-forget commands. */
export function simpleCommand(command: cmd): ApiCommand | undefined {
  if (command.completeWorkflowExecution) {
    const result = command.completeWorkflowExecution.result;
    return {
      commandType: 'CompleteWorkflowExecution',
      attributes: { result: result ? payloads([result]) : null },
    };
  }
  if (command.failWorkflowExecution)
    return {
      commandType: 'FailWorkflowExecution',
      attributes: { failure: command.failWorkflowExecution.failure ?? null },
    };
  if (command.cancelWorkflowExecution)
    return { commandType: 'CancelWorkflowExecution', attributes: { details: null } };
  if (command.continueAsNewWorkflowExecution) {
    const a = command.continueAsNewWorkflowExecution;
    return {
      commandType: 'ContinueAsNewWorkflowExecution',
      attributes: {
        workflowType: { name: a.workflowType ?? '' },
        taskQueue: { name: a.taskQueue ?? '' },
        input: payloads(a.arguments),
        workflowRunTimeout: a.workflowRunTimeout ?? null,
        workflowTaskTimeout: a.workflowTaskTimeout ?? null,
        header: header(a.headers),
        memo: a.memo && Object.keys(a.memo).length > 0 ? { fields: a.memo } : null,
        searchAttributes:
          a.searchAttributes && Object.keys(a.searchAttributes).length > 0
            ? { indexedFields: a.searchAttributes }
            : null,
        retryPolicy: a.retryPolicy ?? null,
      },
    };
  }
  if (command.upsertWorkflowSearchAttributes) {
    return {
      commandType: 'UpsertWorkflowSearchAttributes',
      attributes: {
        searchAttributes: command.upsertWorkflowSearchAttributes.searchAttributes ?? null,
      },
    };
  }
  if (command.modifyWorkflowProperties) {
    return {
      commandType: 'ModifyWorkflowProperties',
      attributes: { upsertedMemo: command.modifyWorkflowProperties.upsertedMemo ?? null },
    };
  }
  return undefined;
}
