/**
 * ScheduleActivity / RequestCancelActivity ↔ ActivityTask* events, including the three
 * cancellation types: TRY_CANCEL resolves lang as soon as the cancel is requested,
 * WAIT_CANCELLATION_COMPLETED waits for the server's outcome, ABANDON resolves and forgets.
 */
import Long from 'long';
import { root, type coresdk, type temporal } from '../../proto/index.ts';
import { ET, describeEvent, num } from '../events.ts';
import type { InternalFlags } from '../flags.ts';
import { nondeterminism } from '../errors.ts';
import {
  Machine,
  stay,
  uncheckedUnlessFlagged,
  type EventData,
  type MachineResponse,
  type Transitions,
} from './machine.ts';

type IFailure = temporal.api.failure.v1.IFailure;
type Attrs = temporal.api.history.v1.IActivityTaskFailedEventAttributes &
  temporal.api.history.v1.IActivityTaskTimedOutEventAttributes &
  temporal.api.history.v1.IActivityTaskCanceledEventAttributes &
  temporal.api.history.v1.IActivityTaskCompletedEventAttributes;

export const CancellationType = { TryCancel: 0, WaitCancellationCompleted: 1, Abandon: 2 } as const;

const RETRY_STATE_CANCEL_REQUESTED = root.lookupEnum('temporal.api.enums.v1.RetryState').values[
  'RETRY_STATE_CANCEL_REQUESTED'
]!;

export class ActivityMachine extends Machine {
  readonly name = 'ActivityMachine';
  protected readonly finalStates = new Set(['Completed', 'Failed', 'TimedOut', 'Canceled']);
  private scheduledEventId = 0;
  private readonly cancellationType: number;

  constructor(
    private readonly attrs: coresdk.workflow_commands.IScheduleActivity,
    private readonly flags: InternalFlags,
  ) {
    super('ScheduleCommandCreated');
    this.cancellationType = attrs.cancellationType ?? CancellationType.TryCancel;
  }

  private get seq(): number {
    return this.attrs.seq ?? 0;
  }

  private resolve(result: coresdk.activity_result.IActivityResolution): MachineResponse {
    return { kind: 'job', job: { resolveActivity: { seq: this.seq, result, isLocal: false } } };
  }

  private failInfo(
    identity: string | undefined,
    retryState: number,
    a: Attrs,
  ): IFailure['activityFailureInfo'] {
    return {
      identity: identity ?? '',
      activityType: { name: this.attrs.activityType ?? '' },
      activityId: this.attrs.activityId ?? '',
      retryState,
      startedEventId: a.startedEventId ?? Long.ZERO,
      scheduledEventId: a.scheduledEventId ?? Long.ZERO,
    };
  }

  private failed(a: Attrs): MachineResponse {
    return this.resolve({
      failed: {
        failure: {
          message: 'Activity task failed',
          cause: a.failure ?? null,
          activityFailureInfo: this.failInfo(a.identity ?? '', a.retryState ?? 0, a),
        },
      },
    });
  }

  private timedOut(a: Attrs): MachineResponse {
    return this.resolve({
      failed: {
        failure: {
          message: 'Activity task timed out',
          cause: a.failure ?? null,
          activityFailureInfo: this.failInfo(undefined, a.retryState ?? 0, a),
        },
      },
    });
  }

  private cancelled(a: Attrs | undefined): MachineResponse {
    const attrs = a ?? {};
    return this.resolve({
      cancelled: {
        failure: {
          message: 'Activity cancelled',
          cause: { canceledFailureInfo: { details: attrs.details ?? null, identity: '' } },
          activityFailureInfo: this.failInfo(
            attrs.identity ?? '',
            RETRY_STATE_CANCEL_REQUESTED,
            attrs,
          ),
        },
      },
    });
  }

  private requestCancel(to: string) {
    const responses: MachineResponse[] = [
      {
        kind: 'command',
        command: {
          commandType: 'RequestCancelActivityTask',
          attributes: { scheduledEventId: this.scheduledEventId },
        },
      },
    ];
    if (this.cancellationType !== CancellationType.WaitCancellationCompleted)
      responses.push(this.cancelled(undefined));
    return { to, responses };
  }

  /** After a cancel request, only WAIT_CANCELLATION_COMPLETED reports what the server decided. */
  private ifWaiting(to: string, response: () => MachineResponse) {
    return {
      to,
      responses:
        this.cancellationType === CancellationType.WaitCancellationCompleted ? [response()] : [],
    };
  }

  protected buildTransitions() {
    return {
      ScheduleCommandCreated: {
        CommandScheduleActivityTask: stay('ScheduleCommandCreated'),
        ActivityTaskScheduled: (d: {
          id: string;
          type: string;
          eventId: number;
          lastTask: boolean;
        }) => {
          const difference =
            d.id !== this.attrs.activityId
              ? `Activity id of scheduled event '${d.id}' does not match activity id of activity command '${this.attrs.activityId}'`
              : d.type !== this.attrs.activityType
                ? `Activity type of scheduled event '${d.type}' does not match activity type of activity command '${this.attrs.activityType}'`
                : undefined;
          this.scheduledEventId = d.eventId;
          return uncheckedUnlessFlagged(
            this.flags,
            d.lastTask,
            difference,
            'ScheduledEventRecorded',
          );
        },
        Cancel: () => {
          this.cancelledBeforeSentFlag = true;
          return { to: 'Canceled', responses: [this.cancelled(undefined)] };
        },
        Abandon: () => {
          this.cancelledBeforeSentFlag = true;
          return { to: 'Canceled', responses: [this.cancelled(undefined)] };
        },
      },
      ScheduledEventRecorded: {
        ActivityTaskStarted: stay('Started'),
        ActivityTaskTimedOut: (a: Attrs) => ({ to: 'TimedOut', responses: [this.timedOut(a)] }),
        Cancel: () => this.requestCancel('ScheduledActivityCancelCommandCreated'),
        Abandon: () => ({ to: 'Canceled', responses: [this.cancelled(undefined)] }),
      },
      Started: {
        ActivityTaskCompleted: (a: Attrs) => ({
          to: 'Completed',
          responses: [this.resolve({ completed: { result: a.result?.payloads?.[0] ?? null } })],
        }),
        ActivityTaskFailed: (a: Attrs) => ({ to: 'Failed', responses: [this.failed(a)] }),
        ActivityTaskTimedOut: (a: Attrs) => ({ to: 'TimedOut', responses: [this.timedOut(a)] }),
        Cancel: () => this.requestCancel('StartedActivityCancelCommandCreated'),
        Abandon: () => ({ to: 'Canceled', responses: [this.cancelled(undefined)] }),
      },
      ScheduledActivityCancelCommandCreated: {
        CommandRequestCancelActivityTask: stay('ScheduledActivityCancelCommandCreated'),
        ActivityTaskCancelRequested: stay('ScheduledActivityCancelEventRecorded'),
      },
      ScheduledActivityCancelEventRecorded: {
        ActivityTaskCanceled: (a: Attrs) => this.ifWaiting('Canceled', () => this.cancelled(a)),
        ActivityTaskStarted: stay('StartedActivityCancelEventRecorded'),
        ActivityTaskTimedOut: (a: Attrs) => this.ifWaiting('TimedOut', () => this.timedOut(a)),
      },
      StartedActivityCancelCommandCreated: {
        CommandRequestCancelActivityTask: stay('StartedActivityCancelCommandCreated'),
        ActivityTaskCancelRequested: stay('StartedActivityCancelEventRecorded'),
      },
      StartedActivityCancelEventRecorded: {
        ActivityTaskFailed: (a: Attrs) => this.ifWaiting('Failed', () => this.failed(a)),
        ActivityTaskCompleted: (a: Attrs) =>
          this.ifWaiting('Completed', () =>
            this.resolve({ completed: { result: a.result?.payloads?.[0] ?? null } }),
          ),
        ActivityTaskTimedOut: (a: Attrs) => this.ifWaiting('TimedOut', () => this.timedOut(a)),
        ActivityTaskCanceled: (a: Attrs) => this.ifWaiting('Canceled', () => this.cancelled(a)),
      },
      Canceled: {
        ActivityTaskStarted: (eventId: number) => {
          if (this.cancellationType === CancellationType.Abandon) return { to: 'Canceled' };
          throw nondeterminism(
            `Non-Abandon cancel mode activities cannot be started after being cancelled. Seq: ${eventId}`,
          );
        },
        ActivityTaskCompleted: () => {
          if (this.cancellationType === CancellationType.Abandon) return { to: 'Canceled' };
          throw nondeterminism(
            'Non-Abandon cancel mode activities cannot be completed after being cancelled',
          );
        },
      },
    } satisfies Transitions;
  }

  /** Lang asked to cancel; resolved activities ignore it. */
  cancel(): MachineResponse[] {
    if (this.isFinal()) return [];
    return (
      this.fire(this.cancellationType === CancellationType.Abandon ? 'Abandon' : 'Cancel') ?? []
    );
  }

  protected eventInput({ event, lastTaskInHistory }: EventData) {
    switch (event.eventType) {
      case ET.ActivityTaskScheduled: {
        const a = event.activityTaskScheduledEventAttributes!;
        return {
          input: 'ActivityTaskScheduled',
          payload: {
            id: a.activityId ?? '',
            type: a.activityType?.name ?? '',
            eventId: num(event.eventId),
            lastTask: lastTaskInHistory,
          },
        };
      }
      case ET.ActivityTaskStarted:
        return { input: 'ActivityTaskStarted', payload: num(event.eventId) };
      case ET.ActivityTaskCompleted:
        return {
          input: 'ActivityTaskCompleted',
          payload: event.activityTaskCompletedEventAttributes,
        };
      case ET.ActivityTaskFailed:
        return {
          input: 'ActivityTaskFailed',
          payload: event.activityTaskFailedEventAttributes ?? {},
        };
      case ET.ActivityTaskTimedOut:
        return {
          input: 'ActivityTaskTimedOut',
          payload: event.activityTaskTimedOutEventAttributes ?? {},
        };
      case ET.ActivityTaskCancelRequested:
        return { input: 'ActivityTaskCancelRequested' };
      case ET.ActivityTaskCanceled:
        return {
          input: 'ActivityTaskCanceled',
          payload: event.activityTaskCanceledEventAttributes ?? {},
        };
    }
    throw nondeterminism(`Activity machine does not handle this event: ${describeEvent(event)}`);
  }

  protected commandInput(type: string) {
    return (
      {
        ScheduleActivityTask: 'CommandScheduleActivityTask',
        RequestCancelActivityTask: 'CommandRequestCancelActivityTask',
      } as Record<string, string>
    )[type];
  }
}
