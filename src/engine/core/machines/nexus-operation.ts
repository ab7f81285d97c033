/**
 * ScheduleNexusOperation / RequestCancelNexusOperation ↔ NexusOperation* events, after sdk-core's
 * `nexus_operation_state_machine.rs`. An operation resolves its start (synchronously, with an
 * operation token, or failed) and then its outcome; the four cancellation types decide when a
 * cancel resolves lang: ABANDON and TRY_CANCEL at once, WAIT_CANCELLATION_REQUESTED when the
 * server reports the handler took the request, WAIT_CANCELLATION_COMPLETED on the outcome event.
 *
 * sdk-core's separate cancel machine for externally started operations is compiled out there
 * (`mod.rs`: "kept commented out until cancelling externally started nexus operations is
 * supported"), so a cancel is always this machine's own RequestCancelNexusOperation command.
 */
import Long from 'long';
import { root, type coresdk, type temporal } from '../../proto/index.ts';
import { ET, describeEvent, num } from '../events.ts';
import { nondeterminism } from '../errors.ts';
import {
  Machine,
  stay,
  type EventData,
  type MachineResponse,
  type Step,
  type Transitions,
} from './machine.ts';

type IFailure = temporal.api.failure.v1.IFailure;
type OutcomeAttrs = { failure?: IFailure | null };

const CANCEL_TYPE = root.lookupEnum('coresdk.nexus.NexusOperationCancellationType').values;
const ABANDON = CANCEL_TYPE['ABANDON']!;
const TRY_CANCEL = CANCEL_TYPE['TRY_CANCEL']!;
const WAIT_CANCELLATION_REQUESTED = CANCEL_TYPE['WAIT_CANCELLATION_REQUESTED']!;

/** sdk-core's stand-in when an outcome event carries no failure (the server always writes one). */
const orUnpopulated = (failure: IFailure | null | undefined, what: string): IFailure =>
  failure ?? { message: `Nexus operation ${what} but failure field was not populated` };

export class NexusOperationMachine extends Machine {
  readonly name = 'NexusOperationMachine';
  // Every state of sdk-core's machine has a transition out (terminal ones ignore cancels), so the
  // machine never reports itself final.
  protected readonly finalStates = new Set<string>();
  private scheduledEventId = 0;
  private operationToken: string | undefined;
  private cancelSent = false;
  private readonly cancelType: number;

  constructor(private readonly attrs: coresdk.workflow_commands.IScheduleNexusOperation) {
    super('ScheduleCommandCreated');
    this.cancelType = attrs.cancellationType ?? CANCEL_TYPE['WAIT_CANCELLATION_COMPLETED']!;
  }

  private get seq(): number {
    return this.attrs.seq ?? 0;
  }

  /** A failure wrapping `cause` in NexusOperationFailureInfo, as sdk-core builds its own. */
  private failure(message: string, cause: IFailure): IFailure {
    return {
      message,
      cause,
      nexusOperationExecutionFailureInfo: {
        scheduledEventId: Long.fromNumber(this.scheduledEventId),
        endpoint: this.attrs.endpoint ?? '',
        service: this.attrs.service ?? '',
        operation: this.attrs.operation ?? '',
        operationToken: this.operationToken ?? '',
      },
    };
  }

  private cancelledFailure(message: string): IFailure {
    return this.failure(message, { canceledFailureInfo: {} });
  }

  private resolveStart(
    status: Omit<coresdk.workflow_activation.IResolveNexusOperationStart, 'seq'>,
  ): MachineResponse {
    return { kind: 'job', job: { resolveNexusOperationStart: { seq: this.seq, ...status } } };
  }

  private resolve(result: coresdk.nexus.INexusOperationResult): MachineResponse {
    return { kind: 'job', job: { resolveNexusOperation: { seq: this.seq, result } } };
  }

  /** Lang asked to cancel after the operation was scheduled: send the request once. */
  private issueCancel(): MachineResponse[] {
    if (this.cancelSent) return [];
    this.cancelSent = true;
    const responses: MachineResponse[] = [];
    if (this.cancelType !== ABANDON) {
      responses.push({
        kind: 'command',
        command: {
          commandType: 'RequestCancelNexusOperation',
          attributes: { scheduledEventId: this.scheduledEventId },
        },
      });
    }
    if (this.resolvesImmediatelyOnCancel())
      responses.push(
        this.resolve({
          cancelled: this.cancelledFailure('Nexus operation cancelled after starting'),
        }),
      );
    return responses;
  }

  private resolvesImmediatelyOnCancel(): boolean {
    return this.cancelType === ABANDON || this.cancelType === TRY_CANCEL;
  }

  /**
   * An outcome arriving after lang's cancel already resolved the operation. sdk-core rejects it
   * when the cancellation type IS abandon, although its message says the opposite; reproduced as
   * sdk-core behaves, since the verdict must match the worker that will replay this history.
   */
  private lateOutcome(): Step {
    if (this.cancelType === ABANDON) {
      throw nondeterminism(
        "Nexus operation which don't have the ABANDON cancellation type cannot complete after being cancelled.",
      );
    }
    return { to: 'Cancelled' };
  }

  private failBeforeStart(to: string, failure: IFailure): Step {
    return { to, responses: [this.resolveStart({ failed: failure })] };
  }

  protected buildTransitions() {
    return {
      ScheduleCommandCreated: {
        CommandScheduleNexusOperation: stay('ScheduleCommandCreated'),
        NexusOperationScheduled: (eventId: number) => {
          this.scheduledEventId = eventId;
          return { to: 'ScheduledEventRecorded' };
        },
        Cancel: () => {
          this.cancelledBeforeSentFlag = true;
          return this.failBeforeStart(
            'Cancelled',
            this.cancelledFailure('Nexus Operation cancelled before scheduled'),
          );
        },
      },
      ScheduledEventRecorded: {
        // The request goes out, but lang is not resolved until the start is known.
        Cancel: () => ({ to: 'ScheduledEventRecorded', responses: this.issueCancel() }),
        CommandRequestCancelNexusOperation: stay('ScheduledEventRecorded'),
        NexusOperationCancelRequested: stay('ScheduledEventRecorded'),
        NexusOperationCompleted: (
          a: temporal.api.history.v1.INexusOperationCompletedEventAttributes,
        ) => ({
          to: 'Completed',
          responses: [
            this.resolveStart({ startedSync: true }),
            this.resolve({ completed: a.result ?? {} }),
          ],
        }),
        NexusOperationFailed: (a: OutcomeAttrs) =>
          this.failBeforeStart('Failed', orUnpopulated(a.failure, 'failed')),
        NexusOperationCanceled: (a: OutcomeAttrs) =>
          this.failBeforeStart('Cancelled', orUnpopulated(a.failure, 'was cancelled')),
        NexusOperationTimedOut: (a: OutcomeAttrs) =>
          this.failBeforeStart('TimedOut', orUnpopulated(a.failure, 'timed out')),
        NexusOperationStarted: (
          a: temporal.api.history.v1.INexusOperationStartedEventAttributes,
        ) => {
          // Only the token: the deprecated `operationId` of older servers is not read.
          this.operationToken = a.operationToken ?? '';
          return {
            to: 'Started',
            responses: [this.resolveStart({ operationToken: this.operationToken })],
          };
        },
      },
      Started: {
        Cancel: () => {
          const first = !this.cancelSent;
          const responses = this.issueCancel();
          return {
            to: first && this.resolvesImmediatelyOnCancel() ? 'Cancelled' : 'Started',
            responses,
          };
        },
        CommandRequestCancelNexusOperation: stay('Started'),
        NexusOperationCancelRequested: stay('Started'),
        NexusOperationCompleted: (
          a: temporal.api.history.v1.INexusOperationCompletedEventAttributes,
        ) => ({
          to: 'Completed',
          responses: [this.resolve({ completed: a.result ?? {} })],
        }),
        NexusOperationFailed: (a: OutcomeAttrs) => ({
          to: 'Failed',
          responses: [this.resolve({ failed: orUnpopulated(a.failure, 'failed') })],
        }),
        NexusOperationCanceled: (a: OutcomeAttrs) => ({
          to: 'Cancelled',
          responses: [this.resolve({ cancelled: orUnpopulated(a.failure, 'was cancelled') })],
        }),
        NexusOperationTimedOut: (a: OutcomeAttrs) => ({
          to: 'TimedOut',
          responses: [this.resolve({ timedOut: orUnpopulated(a.failure, 'timed out') })],
        }),
        NexusOperationCancelRequestCompleted: () =>
          this.cancelType === WAIT_CANCELLATION_REQUESTED
            ? {
                to: 'Cancelled',
                responses: [
                  this.resolve({
                    cancelled: this.cancelledFailure(
                      'Nexus operation cancellation request completed',
                    ),
                  }),
                ],
              }
            : { to: 'Started' },
        NexusOperationCancelRequestFailed: (a: OutcomeAttrs) => {
          if (this.cancelType !== WAIT_CANCELLATION_REQUESTED) return { to: 'Started' };
          const message = 'Nexus operation cancellation request failed';
          return {
            to: 'Started',
            responses: [this.resolve({ failed: this.failure(message, a.failure ?? { message }) })],
          };
        },
      },
      Cancelled: {
        Cancel: stay('Cancelled'),
        CommandRequestCancelNexusOperation: stay('Cancelled'),
        NexusOperationCancelRequested: stay('Cancelled'),
        NexusOperationCompleted: () => this.lateOutcome(),
        NexusOperationFailed: () => this.lateOutcome(),
        NexusOperationTimedOut: () => this.lateOutcome(),
        NexusOperationCancelRequestCompleted: stay('Cancelled'),
        NexusOperationCancelRequestFailed: stay('Cancelled'),
        NexusOperationCanceled: stay('Cancelled'),
      },
      Completed: {
        Cancel: stay('Completed'),
        NexusOperationCancelRequestCompleted: stay('Completed'),
        NexusOperationCancelRequestFailed: stay('Completed'),
      },
      Failed: {
        Cancel: stay('Failed'),
        NexusOperationCancelRequestCompleted: stay('Failed'),
        NexusOperationCancelRequestFailed: stay('Failed'),
      },
      TimedOut: {
        Cancel: stay('TimedOut'),
        NexusOperationCancelRequestCompleted: stay('TimedOut'),
        NexusOperationCancelRequestFailed: stay('TimedOut'),
      },
    } satisfies Transitions;
  }

  /** Lang's RequestCancelNexusOperation. */
  cancel(): MachineResponse[] {
    return this.fire('Cancel') ?? [];
  }

  protected eventInput({ event }: EventData) {
    switch (event.eventType) {
      case ET.NexusOperationScheduled:
        return { input: 'NexusOperationScheduled', payload: num(event.eventId) };
      case ET.NexusOperationStarted:
        return {
          input: 'NexusOperationStarted',
          payload: event.nexusOperationStartedEventAttributes ?? {},
        };
      case ET.NexusOperationCompleted:
        return {
          input: 'NexusOperationCompleted',
          payload: event.nexusOperationCompletedEventAttributes ?? {},
        };
      case ET.NexusOperationFailed:
        return {
          input: 'NexusOperationFailed',
          payload: event.nexusOperationFailedEventAttributes ?? {},
        };
      case ET.NexusOperationCanceled:
        return {
          input: 'NexusOperationCanceled',
          payload: event.nexusOperationCanceledEventAttributes ?? {},
        };
      case ET.NexusOperationTimedOut:
        return {
          input: 'NexusOperationTimedOut',
          payload: event.nexusOperationTimedOutEventAttributes ?? {},
        };
      case ET.NexusOperationCancelRequested:
        return { input: 'NexusOperationCancelRequested' };
      case ET.NexusOperationCancelRequestCompleted:
        return { input: 'NexusOperationCancelRequestCompleted' };
      case ET.NexusOperationCancelRequestFailed:
        return {
          input: 'NexusOperationCancelRequestFailed',
          payload: event.nexusOperationCancelRequestFailedEventAttributes ?? {},
        };
    }
    // sdk-core prints the whole event with Rust's Debug here; its Display form names it as well.
    throw nondeterminism(
      `Nexus operation machine does not handle this event: ${describeEvent(event)}`,
    );
  }

  protected commandInput(type: string) {
    return (
      {
        ScheduleNexusOperation: 'CommandScheduleNexusOperation',
        RequestCancelNexusOperation: 'CommandRequestCancelNexusOperation',
      } as Record<string, string>
    )[type];
  }
}
