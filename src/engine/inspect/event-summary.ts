/**
 * One line per history event, as a person scanning a history wants it: the names and ids that
 * tell events apart (activity type and id, timer id, signal name, patch id…), failure messages,
 * short previews of decoded payloads, and the event a follow-up event refers back to.
 */
import { foreignMarker } from '../core/foreign-markers.ts';
import {
  initialCommandEventId,
  localActivityMarkerData,
  patchMarkerDetails,
} from '../core/events.ts';
import { attributesOf, eventTypeName, type HistoryEvent } from '../history/index.ts';
import type { temporal } from '../proto/index.ts';
import { fromPayload } from '../proto/payload.ts';

type IPayloads = temporal.api.common.v1.IPayloads;
type IPayload = temporal.api.common.v1.IPayload;
type IFailure = temporal.api.failure.v1.IFailure;

const PREVIEW_CHARS = 60;

function clip(text: string, max = PREVIEW_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `["Temporal", 3]` for decodable payloads, `(2 payloads)` otherwise. */
export function payloadsPreview(payloads: IPayloads | null | undefined): string {
  const list = payloads?.payloads ?? [];
  if (list.length === 0) return '';
  try {
    const values = list.map((p) => fromPayload(p)).filter((v) => v !== undefined);
    return clip(values.map((v) => JSON.stringify(v)).join(', '));
  } catch {
    return `(${list.length} encoded payload${list.length === 1 ? '' : 's'})`;
  }
}

/** A single payload (Nexus input and result are one Payload, not Payloads). */
function payloadPreview(payload: IPayload | null | undefined): string {
  return payload ? payloadsPreview({ payloads: [payload] }) : '';
}

function failureText(failure: IFailure | null | undefined): string {
  if (!failure) return '';
  // The server wraps every Nexus outcome in the same message; what happened is in the cause.
  if (failure.nexusOperationExecutionFailureInfo && failure.cause)
    return clip(`${failure.message ?? ''}: ${failureText(failure.cause)}`, 100);
  const type = failure.applicationFailureInfo?.type;
  const own = `${type ? `${type}: ` : ''}${failure.message ?? ''}`;
  if (own) return clip(own, 100);
  // A failure with no message of its own (a thrown non-Error, a wrapper): say what caused it.
  if (failure.cause) return failureText(failure.cause);
  return failureKind(failure);
}

/** The kind of failure from its info case: `timeoutFailureInfo` → "timeout". */
function failureKind(failure: IFailure): string {
  const info = Object.keys(failure).find(
    (k) => k.endsWith('FailureInfo') && failure[k as keyof IFailure] != null,
  );
  return info
    ? info.replace(/FailureInfo$/, '').replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)
    : 'failure';
}

function name(x: { name?: string | null } | null | undefined): string {
  return x?.name ?? '';
}

function duration(d: { seconds?: unknown; nanos?: number | null } | null | undefined): string {
  if (!d) return '';
  const seconds = Number(d.seconds ?? 0) + (d.nanos ?? 0) / 1e9;
  if (seconds >= 86_400 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const join = (...parts: Array<string | false | null | undefined>) =>
  parts.filter((p): p is string => !!p).join(' · ');

export function summarizeHistoryEvent(event: HistoryEvent): string {
  const e = event;
  const back = initialCommandEventId(e);
  const ref = back ? `← ${back}` : undefined;
  switch (eventTypeName(e)) {
    case 'WorkflowExecutionStarted': {
      const a = e.workflowExecutionStartedEventAttributes!;
      return join(
        name(a.workflowType),
        `task queue ${name(a.taskQueue)}`,
        payloadsPreview(a.input),
      );
    }
    case 'WorkflowExecutionCompleted':
      return join(payloadsPreview(e.workflowExecutionCompletedEventAttributes?.result));
    case 'WorkflowExecutionFailed':
      return failureText(e.workflowExecutionFailedEventAttributes?.failure);
    case 'WorkflowExecutionContinuedAsNew': {
      const a = e.workflowExecutionContinuedAsNewEventAttributes!;
      return join(name(a.workflowType), a.newExecutionRunId && `new run ${a.newExecutionRunId}`);
    }
    case 'WorkflowExecutionSignaled': {
      const a = e.workflowExecutionSignaledEventAttributes!;
      return join(a.signalName ?? '', payloadsPreview(a.input));
    }
    case 'WorkflowExecutionCancelRequested':
      return e.workflowExecutionCancelRequestedEventAttributes?.cause ?? '';
    case 'WorkflowExecutionTerminated':
      return e.workflowExecutionTerminatedEventAttributes?.reason ?? '';
    case 'WorkflowTaskStarted':
      return join(ref, e.workflowTaskStartedEventAttributes?.identity ?? undefined);
    case 'WorkflowTaskCompleted': {
      const a = e.workflowTaskCompletedEventAttributes!;
      const sdk = a.sdkMetadata;
      return join(
        ref,
        sdk?.sdkName && `${sdk.sdkName} ${sdk.sdkVersion ?? ''}`.trim(),
        (sdk?.coreUsedFlags?.length ?? 0) > 0 && `core flags ${sdk!.coreUsedFlags!.join(',')}`,
        (sdk?.langUsedFlags?.length ?? 0) > 0 && `lang flags ${sdk!.langUsedFlags!.join(',')}`,
      );
    }
    case 'WorkflowTaskFailed': {
      const a = e.workflowTaskFailedEventAttributes!;
      return join(ref, failureText(a.failure));
    }
    case 'ActivityTaskScheduled': {
      const a = e.activityTaskScheduledEventAttributes!;
      return join(name(a.activityType), `id ${a.activityId ?? ''}`, payloadsPreview(a.input));
    }
    case 'ActivityTaskStarted':
      return join(ref, `attempt ${e.activityTaskStartedEventAttributes?.attempt ?? 1}`);
    case 'ActivityTaskCompleted':
      return join(ref, payloadsPreview(e.activityTaskCompletedEventAttributes?.result));
    case 'ActivityTaskFailed':
      return join(ref, failureText(e.activityTaskFailedEventAttributes?.failure));
    case 'ActivityTaskTimedOut':
      return join(ref, failureText(e.activityTaskTimedOutEventAttributes?.failure));
    case 'TimerStarted': {
      const a = e.timerStartedEventAttributes!;
      return join(`timer ${a.timerId ?? ''}`, duration(a.startToFireTimeout));
    }
    case 'TimerFired':
      return join(`timer ${e.timerFiredEventAttributes?.timerId ?? ''}`, ref);
    case 'TimerCanceled':
      return join(`timer ${e.timerCanceledEventAttributes?.timerId ?? ''}`, ref);
    case 'MarkerRecorded': {
      const patch = patchMarkerDetails(e);
      if (patch) return join('patch', patch.patchId, patch.deprecated && 'deprecated');
      const la = localActivityMarkerData(e);
      if (la) return join('local activity', la.activityType, `seq ${la.seq}`);
      const foreign = foreignMarker(e);
      if (foreign) return `${foreign.sdk} ${foreign.name}: ${foreign.summary}`;
      return e.markerRecordedEventAttributes?.markerName ?? '';
    }
    case 'StartChildWorkflowExecutionInitiated': {
      const a = e.startChildWorkflowExecutionInitiatedEventAttributes!;
      return join(name(a.workflowType), `id ${a.workflowId ?? ''}`);
    }
    case 'SignalExternalWorkflowExecutionInitiated': {
      const a = e.signalExternalWorkflowExecutionInitiatedEventAttributes!;
      return join(a.signalName ?? '', `to ${a.workflowExecution?.workflowId ?? ''}`);
    }
    case 'WorkflowExecutionUpdateAdmitted': {
      const meta = e.workflowExecutionUpdateAdmittedEventAttributes?.request?.meta;
      return join(
        e.workflowExecutionUpdateAdmittedEventAttributes?.request?.input?.name ?? '',
        meta?.updateId ? `id ${meta.updateId}` : undefined,
      );
    }
    case 'WorkflowExecutionUpdateAccepted': {
      const a = e.workflowExecutionUpdateAcceptedEventAttributes!;
      return join(
        a.acceptedRequest?.input?.name ?? '',
        `id ${a.acceptedRequest?.meta?.updateId ?? a.protocolInstanceId ?? ''}`,
      );
    }
    case 'WorkflowExecutionUpdateCompleted': {
      const a = e.workflowExecutionUpdateCompletedEventAttributes!;
      const outcome = a.outcome;
      return join(
        `id ${a.meta?.updateId ?? ''}`,
        outcome?.failure ? failureText(outcome.failure) : payloadsPreview(outcome?.success),
      );
    }
    case 'NexusOperationScheduled': {
      const a = e.nexusOperationScheduledEventAttributes!;
      return join(
        `${a.service ?? ''}.${a.operation ?? ''}`,
        `endpoint ${a.endpoint ?? ''}`,
        payloadPreview(a.input),
      );
    }
    case 'NexusOperationStarted':
      return join(
        ref,
        `token ${clip(e.nexusOperationStartedEventAttributes?.operationToken ?? '')}`,
      );
    case 'NexusOperationCompleted':
      return join(ref, payloadPreview(e.nexusOperationCompletedEventAttributes?.result));
  }
  // Follow-up events not listed above: what they refer back to, and any failure they carry.
  const attributes = attributesOf(e) as { failure?: IFailure } | undefined;
  return join(ref, failureText(attributes?.failure));
}
