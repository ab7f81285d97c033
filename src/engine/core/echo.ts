/**
 * History echo: the commands a workflow must have sent for each workflow task, rebuilt from the
 * command events that task's completion recorded. Answering activations with them replays any
 * history without its code, and is the common input for comparing our engine with sdk-core.
 *
 * Sequence numbers are lang's to choose; echo numbers each kind from 1 in history order, except
 * timers (sdk-core checks that a fired timer's id is its seq) and local activities (their marker
 * carries the seq).
 */
import { GrowMap, GrowSet } from './grow-only.ts';
import Long from 'long';
import { root, type coresdk } from '../proto/index.ts';
import {
  ET,
  eventIdOf,
  initialCommandEventId,
  isCommandEvent,
  localActivityMarkerData,
  num,
  patchMarkerDetails,
  type HistoryEvent,
} from './events.ts';

type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

const TRY_CANCEL = 0;
const WAIT_CANCELLATION_COMPLETED = 1;
const NEXUS_CANCEL = root.lookupEnum('coresdk.nexus.NexusOperationCancellationType').values;

/** Events that end a Nexus operation (the ones that resolve it for WAIT_CANCELLATION_COMPLETED). */
const NEXUS_OUTCOMES = new Set([
  ET.NexusOperationCompleted,
  ET.NexusOperationFailed,
  ET.NexusOperationCanceled,
  ET.NexusOperationTimedOut,
]);

export class HistoryEcho {
  private readonly counters = { activity: 0, child: 0, signal: 0, cancel: 0, nexus: 0 };
  /** Sequence numbers we assigned, by the id of the event that recorded the command. */
  private readonly seqByEventId = new GrowMap<number, number>();
  private readonly answered = new GrowSet<number>();
  private lastForeignTimerSeq: number | undefined;

  constructor(private readonly events: readonly HistoryEvent[]) {}

  /** Commands recorded by the completion of the task that started at `wftStartedEventId`. */
  commandEventsAfter(wftStartedEventId: number): HistoryEvent[] {
    // Ids run 1, 2, 3… in a valid history: look there first (a scan per activation would make
    // replaying a long history quadratic).
    const guess = wftStartedEventId - 1;
    const start =
      this.events[guess] && eventIdOf(this.events[guess]) === wftStartedEventId
        ? guess
        : this.events.findIndex((e) => eventIdOf(e) === wftStartedEventId);
    if (start < 0 || this.events[start + 1]?.eventType !== ET.WorkflowTaskCompleted) return [];
    const out: HistoryEvent[] = [];
    for (let i = start + 2; i < this.events.length; i++) {
      const e = this.events[i]!;
      if (e.eventType === ET.WorkflowTaskScheduled) break;
      if (isCommandEvent(e)) out.push(e);
    }
    return out;
  }

  /**
   * Lang's commands for an activation of the task started at `wftStartedEventId`: everything the
   * task recorded on its first activation, nothing on later ones of the same task.
   */
  commandsFor(wftStartedEventId: number): IWorkflowCommand[] {
    if (this.answered.has(wftStartedEventId)) return [];
    this.answered.add(wftStartedEventId);
    return this.commandEventsAfter(wftStartedEventId).flatMap((e) => this.toCommand(e));
  }

  /**
   * History does not record an activity's cancellation type. When the server reported the
   * cancellation (ActivityTaskCanceled), the workflow may have waited for it; WAIT_CANCELLATION_COMPLETED
   * gives lang an activation then, and echo works either way.
   */
  private cancellationTypeFor(scheduled: HistoryEvent): number {
    const id = eventIdOf(scheduled);
    const reported = this.events.some(
      (e) =>
        e.eventType === ET.ActivityTaskCanceled &&
        num(e.activityTaskCanceledEventAttributes?.scheduledEventId) === id,
    );
    return reported ? WAIT_CANCELLATION_COMPLETED : TRY_CANCEL;
  }

  /**
   * Nor a Nexus operation's. When lang cancelled it (NexusOperationCancelRequested), the latest
   * thing history shows lang waiting for is the likeliest type: an outcome event means it waited
   * for the operation to finish, a CancelRequestCompleted that it waited for the handler to accept
   * the request, neither that it did not wait. Every type replays the same events cleanly.
   */
  private nexusCancellationTypeFor(scheduled: HistoryEvent): number {
    const id = eventIdOf(scheduled);
    const following = this.events.filter((e) => initialCommandEventId(e) === id);
    const has = (type: number | undefined) => following.some((e) => e.eventType === type);
    if (
      !has(ET.NexusOperationCancelRequested) ||
      following.some((e) => NEXUS_OUTCOMES.has(e.eventType))
    )
      return NEXUS_CANCEL['WAIT_CANCELLATION_COMPLETED']!;
    if (has(ET.NexusOperationCancelRequestCompleted) || has(ET.NexusOperationCancelRequestFailed))
      return NEXUS_CANCEL['WAIT_CANCELLATION_REQUESTED']!;
    return NEXUS_CANCEL['TRY_CANCEL']!;
  }

  private followsPatchMarker(e: HistoryEvent): boolean {
    const index = this.events.indexOf(e);
    const previous = this.events[index - 1];
    const fields =
      e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {};
    return (
      !!previous &&
      !!patchMarkerDetails(previous) &&
      Object.keys(fields).length === 1 &&
      'TemporalChangeVersion' in fields
    );
  }

  /**
   * A seq for a timer whose id is not a number (the Java SDK's are UUIDs): past every numeric
   * timer id in the history, so that none collides.
   */
  private foreignTimerSeq(): number {
    this.lastForeignTimerSeq ??= this.events.reduce((max, e) => {
      const id = e.timerStartedEventAttributes?.timerId ?? '';
      return /^\d+$/.test(id) ? Math.max(max, Number(id)) : max;
    }, 0);
    return ++this.lastForeignTimerSeq;
  }

  private assign(e: HistoryEvent, kind: keyof HistoryEcho['counters']): number {
    const seq = ++this.counters[kind];
    this.seqByEventId.set(eventIdOf(e), seq);
    return seq;
  }

  private toCommand(e: HistoryEvent): IWorkflowCommand[] {
    switch (e.eventType) {
      case ET.TimerStarted: {
        const a = e.timerStartedEventAttributes!;
        const seq = /^\d+$/.test(a.timerId ?? '') ? Number(a.timerId) : this.foreignTimerSeq();
        this.seqByEventId.set(eventIdOf(e), seq);
        return [{ startTimer: { seq, startToFireTimeout: a.startToFireTimeout ?? null } }];
      }
      case ET.TimerCanceled:
        return [
          {
            cancelTimer: {
              seq: this.seqByEventId.get(num(e.timerCanceledEventAttributes?.startedEventId)) ?? 0,
            },
          },
        ];
      case ET.ActivityTaskScheduled: {
        const a = e.activityTaskScheduledEventAttributes!;
        return [
          {
            scheduleActivity: {
              seq: this.assign(e, 'activity'),
              activityId: a.activityId ?? '',
              activityType: a.activityType?.name ?? '',
              taskQueue: a.taskQueue?.name ?? '',
              headers: a.header?.fields ?? {},
              arguments: a.input?.payloads ?? [],
              scheduleToCloseTimeout: a.scheduleToCloseTimeout ?? null,
              scheduleToStartTimeout: a.scheduleToStartTimeout ?? null,
              startToCloseTimeout: a.startToCloseTimeout ?? null,
              heartbeatTimeout: a.heartbeatTimeout ?? null,
              retryPolicy: a.retryPolicy ?? null,
              cancellationType: this.cancellationTypeFor(e),
            },
          },
        ];
      }
      case ET.ActivityTaskCancelRequested:
        return [
          {
            requestCancelActivity: {
              seq:
                this.seqByEventId.get(
                  num(e.activityTaskCancelRequestedEventAttributes?.scheduledEventId),
                ) ?? 0,
            },
          },
        ];
      case ET.StartChildWorkflowExecutionInitiated: {
        const a = e.startChildWorkflowExecutionInitiatedEventAttributes!;
        return [
          {
            startChildWorkflowExecution: {
              seq: this.assign(e, 'child'),
              namespace: a.namespace ?? '',
              workflowId: a.workflowId ?? '',
              workflowType: a.workflowType?.name ?? '',
              taskQueue: a.taskQueue?.name ?? '',
              input: a.input?.payloads ?? [],
              workflowExecutionTimeout: a.workflowExecutionTimeout ?? null,
              workflowRunTimeout: a.workflowRunTimeout ?? null,
              workflowTaskTimeout: a.workflowTaskTimeout ?? null,
              parentClosePolicy: a.parentClosePolicy ?? 0,
              workflowIdReusePolicy: a.workflowIdReusePolicy ?? 0,
              retryPolicy: a.retryPolicy ?? null,
              cronSchedule: a.cronSchedule ?? '',
              headers: a.header?.fields ?? {},
              memo: a.memo?.fields ?? {},
            },
          },
        ];
      }
      case ET.SignalExternalWorkflowExecutionInitiated: {
        const a = e.signalExternalWorkflowExecutionInitiatedEventAttributes!;
        const execution = {
          namespace: a.namespace ?? '',
          workflowId: a.workflowExecution?.workflowId ?? '',
          runId: a.workflowExecution?.runId ?? '',
        };
        return [
          {
            signalExternalWorkflowExecution: {
              seq: this.assign(e, 'signal'),
              ...(a.childWorkflowOnly
                ? { childWorkflowId: execution.workflowId }
                : { workflowExecution: execution }),
              signalName: a.signalName ?? '',
              args: a.input?.payloads ?? [],
              headers: a.header?.fields ?? {},
            },
          },
        ];
      }
      case ET.RequestCancelExternalWorkflowExecutionInitiated: {
        const a = e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes!;
        return [
          {
            requestCancelExternalWorkflowExecution: {
              seq: this.assign(e, 'cancel'),
              workflowExecution: {
                namespace: a.namespace ?? '',
                workflowId: a.workflowExecution?.workflowId ?? '',
                runId: a.workflowExecution?.runId ?? '',
              },
              reason: a.reason ?? '',
            },
          },
        ];
      }
      case ET.NexusOperationScheduled: {
        const a = e.nexusOperationScheduledEventAttributes!;
        return [
          {
            scheduleNexusOperation: {
              seq: this.assign(e, 'nexus'),
              endpoint: a.endpoint ?? '',
              service: a.service ?? '',
              operation: a.operation ?? '',
              input: a.input ?? null,
              scheduleToCloseTimeout: a.scheduleToCloseTimeout ?? null,
              scheduleToStartTimeout: a.scheduleToStartTimeout ?? null,
              startToCloseTimeout: a.startToCloseTimeout ?? null,
              nexusHeader: a.nexusHeader ?? {},
              cancellationType: this.nexusCancellationTypeFor(e),
            },
          },
        ];
      }
      case ET.NexusOperationCancelRequested:
        return [
          {
            requestCancelNexusOperation: {
              seq:
                this.seqByEventId.get(
                  num(e.nexusOperationCancelRequestedEventAttributes?.scheduledEventId),
                ) ?? 0,
            },
          },
        ];
      case ET.MarkerRecorded: {
        const patch = patchMarkerDetails(e);
        if (patch)
          return [{ setPatchMarker: { patchId: patch.patchId, deprecated: patch.deprecated } }];
        const la = localActivityMarkerData(e);
        if (la) {
          return [
            {
              scheduleLocalActivity: {
                seq: la.seq,
                activityId: la.activityId,
                activityType: la.activityType,
                attempt: la.attempt,
                startToCloseTimeout: { seconds: Long.fromNumber(10) },
              },
            },
          ];
        }
        return [];
      }
      case ET.UpsertWorkflowSearchAttributes:
        // Core writes TemporalChangeVersion itself right after a patch marker; lang never asked for it.
        if (this.followsPatchMarker(e)) return [];
        return [
          {
            upsertWorkflowSearchAttributes: {
              searchAttributes:
                e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes ?? null,
            },
          },
        ];
      case ET.WorkflowPropertiesModified:
        return [
          {
            modifyWorkflowProperties: {
              upsertedMemo: e.workflowPropertiesModifiedEventAttributes?.upsertedMemo ?? null,
            },
          },
        ];
      case ET.WorkflowExecutionCompleted:
        return [
          {
            completeWorkflowExecution: {
              result: e.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0] ?? null,
            },
          },
        ];
      case ET.WorkflowExecutionFailed:
        return [
          {
            failWorkflowExecution: {
              failure: e.workflowExecutionFailedEventAttributes?.failure ?? null,
            },
          },
        ];
      case ET.WorkflowExecutionCanceled:
        return [{ cancelWorkflowExecution: {} }];
      case ET.WorkflowExecutionContinuedAsNew: {
        const a = e.workflowExecutionContinuedAsNewEventAttributes!;
        return [
          {
            continueAsNewWorkflowExecution: {
              workflowType: a.workflowType?.name ?? '',
              taskQueue: a.taskQueue?.name ?? '',
              arguments: a.input?.payloads ?? [],
              workflowRunTimeout: a.workflowRunTimeout ?? null,
              workflowTaskTimeout: a.workflowTaskTimeout ?? null,
              headers: a.header?.fields ?? {},
              memo: a.memo?.fields ?? {},
              searchAttributes: a.searchAttributes?.indexedFields ?? {},
            },
          },
        ];
      }
      case ET.WorkflowExecutionUpdateAccepted:
        return [
          {
            updateResponse: {
              protocolInstanceId:
                e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId ?? '',
              accepted: {},
            },
          },
        ];
      case ET.WorkflowExecutionUpdateRejected:
        return [
          {
            updateResponse: {
              protocolInstanceId:
                e.workflowExecutionUpdateRejectedEventAttributes?.protocolInstanceId ?? '',
              rejected: e.workflowExecutionUpdateRejectedEventAttributes?.failure ?? null,
            },
          },
        ];
      case ET.WorkflowExecutionUpdateCompleted: {
        const a = e.workflowExecutionUpdateCompletedEventAttributes!;
        const outcome = a.outcome;
        return [
          {
            updateResponse: {
              protocolInstanceId: a.meta?.updateId ?? '',
              ...(outcome?.failure
                ? { rejected: outcome.failure }
                : { completed: outcome?.success?.payloads?.[0] ?? null }),
            },
          },
        ];
      }
    }
    return [];
  }
}
