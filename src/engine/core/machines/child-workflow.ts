/**
 * StartChildWorkflowExecution ↔ StartChildWorkflowExecutionInitiated/Failed and the child's
 * Started/Completed/Failed/TimedOut/Canceled/Terminated events, with the four cancellation types.
 */
import Long from 'long';
import type { coresdk, temporal } from '../../proto/index.ts';
import { root } from '../../proto/index.ts';
import { ET, describeEvent, num } from '../events.ts';
import type { InternalFlags } from '../flags.ts';
import { fatal, nondeterminism } from '../errors.ts';
import {
  Machine,
  stay,
  uncheckedUnlessFlagged,
  type ApiCommand,
  type EventData,
  type MachineResponse,
  type Transitions,
} from './machine.ts';

type IFailure = temporal.api.failure.v1.IFailure;

const CANCEL_TYPE = root.lookupEnum('coresdk.child_workflow.ChildWorkflowCancellationType').values;
const RETRY_STATE = root.lookupEnum('temporal.api.enums.v1.RetryState').values;
const TIMEOUT_TYPE = root.lookupEnum('temporal.api.enums.v1.TimeoutType').values;
const NON_RETRYABLE = RETRY_STATE['RETRY_STATE_NON_RETRYABLE_FAILURE']!;

export class ChildWorkflowMachine extends Machine {
  readonly name = 'ChildWorkflowMachine';
  protected readonly finalStates = new Set([
    'Completed',
    'Failed',
    'StartFailed',
    'TimedOut',
    'Cancelled',
    'Terminated',
  ]);
  private initiatedEventId = 0;
  private startedEventId = 0;
  private runId = '';
  private seenCancelledEvent = false;
  private readonly cancelType: number;

  constructor(
    private readonly attrs: coresdk.workflow_commands.IStartChildWorkflowExecution,
    private readonly flags: InternalFlags,
  ) {
    super('StartCommandCreated');
    this.cancelType = attrs.cancellationType ?? CANCEL_TYPE['ABANDON']!;
  }

  private get seq() {
    return this.attrs.seq ?? 0;
  }

  private resolvesImmediatelyOnCancel(): boolean {
    return (
      this.cancelType === CANCEL_TYPE['ABANDON'] || this.cancelType === CANCEL_TYPE['TRY_CANCEL']
    );
  }

  private failureInfo(retryState: number): IFailure['childWorkflowExecutionFailureInfo'] {
    return {
      namespace: this.attrs.namespace ?? '',
      workflowType: { name: this.attrs.workflowType ?? '' },
      initiatedEventId: Long.fromNumber(this.initiatedEventId),
      startedEventId: Long.fromNumber(this.startedEventId),
      retryState,
      workflowExecution: { workflowId: this.attrs.workflowId ?? '', runId: this.runId },
    };
  }

  private resolveStart(
    status: Omit<coresdk.workflow_activation.IResolveChildWorkflowExecutionStart, 'seq'>,
  ): MachineResponse {
    return {
      kind: 'job',
      job: { resolveChildWorkflowExecutionStart: { seq: this.seq, ...status } },
    };
  }

  private resolve(result: coresdk.child_workflow.IChildWorkflowResult): MachineResponse {
    return { kind: 'job', job: { resolveChildWorkflowExecution: { seq: this.seq, result } } };
  }

  private fail(failure: IFailure): MachineResponse {
    return this.resolve({ failed: { failure } });
  }

  private cancelledResult(): MachineResponse {
    return this.resolve({
      cancelled: {
        failure: {
          message: 'Child Workflow execution cancelled',
          cause: { canceledFailureInfo: {} },
          childWorkflowExecutionFailureInfo: this.failureInfo(NON_RETRYABLE),
        },
      },
    });
  }

  /** Cancelled after the start was recorded: ask the server to cancel the child (unless abandoned). */
  private cancelAfterStart(reason: string, stayIn: string) {
    const responses: MachineResponse[] = [];
    if (this.cancelType !== CANCEL_TYPE['ABANDON']) {
      const command: ApiCommand = {
        commandType: 'RequestCancelExternalWorkflowExecution',
        attributes: {
          namespace: this.attrs.namespace ?? '',
          workflowId: this.attrs.workflowId ?? '',
          runId: this.runId,
          childWorkflowOnly: true,
          reason,
        },
      };
      responses.push({ kind: 'core-command', command, machine: this });
    }
    if (this.resolvesImmediatelyOnCancel()) responses.push(this.cancelledResult());
    return { to: this.resolvesImmediatelyOnCancel() ? 'Cancelled' : stayIn, responses };
  }

  private lateOutcome() {
    if (!this.resolvesImmediatelyOnCancel()) {
      throw nondeterminism(
        "Child workflows which don't resolve immediately on cancellation cannot complete after being cancelled.",
      );
    }
    return { to: 'Cancelled' };
  }

  protected buildTransitions() {
    return {
      StartCommandCreated: {
        CommandStartChildWorkflowExecution: stay('StartCommandCreated'),
        Initiated: (d: { id: string; type: string; eventId: number; lastTask: boolean }) => {
          const difference =
            d.id !== this.attrs.workflowId
              ? `Child workflow id of scheduled event '${d.id}' does not match child workflow id of command '${this.attrs.workflowId}'`
              : d.type !== this.attrs.workflowType
                ? `Child workflow type of scheduled event '${d.type}' does not match child workflow type of command '${this.attrs.workflowType}'`
                : undefined;
          this.initiatedEventId = d.eventId;
          return uncheckedUnlessFlagged(this.flags, d.lastTask, difference, 'StartEventRecorded');
        },
        Cancel: (reason: string) => {
          this.cancelledBeforeSentFlag = true;
          return {
            to: 'Cancelled',
            responses: [
              this.resolveStart({
                cancelled: {
                  failure: {
                    message: `Child Workflow Execution cancelled before scheduled: ${reason}`,
                    cause: { canceledFailureInfo: {} },
                    childWorkflowExecutionFailureInfo: this.failureInfo(NON_RETRYABLE),
                  },
                },
              }),
            ],
          };
        },
      },
      StartEventRecorded: {
        Started: (d: { runId: string; eventId: number }) => {
          this.startedEventId = d.eventId;
          this.runId = d.runId;
          return {
            to: 'Started',
            responses: [this.resolveStart({ succeeded: { runId: d.runId } })],
          };
        },
        StartFailed: (cause: number) => ({
          to: 'StartFailed',
          responses: [
            this.resolveStart({
              failed: {
                workflowId: this.attrs.workflowId ?? '',
                workflowType: this.attrs.workflowType ?? '',
                cause,
              },
            }),
          ],
        }),
        Cancel: (reason: string) => this.cancelAfterStart(reason, 'StartEventRecorded'),
        CommandRequestCancelExternalWorkflowExecution: stay('StartEventRecorded'),
      },
      Started: {
        Completed: (payloads: temporal.api.common.v1.IPayloads | null | undefined) => ({
          to: 'Completed',
          responses: [this.resolve({ completed: { result: payloads?.payloads?.[0] ?? null } })],
        }),
        Failed: (a: temporal.api.history.v1.IChildWorkflowExecutionFailedEventAttributes) => ({
          to: 'Failed',
          responses: [
            this.fail({
              message: 'Child Workflow execution failed',
              childWorkflowExecutionFailureInfo: this.failureInfo(a.retryState ?? 0),
              cause: a.failure ?? null,
            }),
          ],
        }),
        TimedOut: (retryState: number) => ({
          to: 'TimedOut',
          responses: [
            this.fail({
              message: 'Child Workflow execution timed out',
              cause: {
                message: 'Timed out',
                timeoutFailureInfo: {
                  lastHeartbeatDetails: null,
                  timeoutType: TIMEOUT_TYPE['TIMEOUT_TYPE_START_TO_CLOSE']!,
                },
              },
              childWorkflowExecutionFailureInfo: this.failureInfo(retryState),
            }),
          ],
        }),
        Canceled: () => {
          this.seenCancelledEvent = true;
          return { to: 'Cancelled', responses: [this.cancelledResult()] };
        },
        Terminated: () => ({
          to: 'Terminated',
          responses: [
            this.fail({
              message: 'Child Workflow execution terminated',
              cause: { message: 'Terminated', terminatedFailureInfo: { identity: '' } },
              childWorkflowExecutionFailureInfo: this.failureInfo(NON_RETRYABLE),
            }),
          ],
        }),
        Cancel: (reason: string) => this.cancelAfterStart(reason, 'Started'),
        CommandRequestCancelExternalWorkflowExecution: stay('Started'),
      },
      Cancelled: {
        Cancel: stay('Cancelled'),
        Started: stay('Cancelled'),
        StartFailed: stay('Cancelled'),
        CommandRequestCancelExternalWorkflowExecution: stay('Cancelled'),
        Canceled: () => {
          if (this.seenCancelledEvent)
            throw fatal(
              'Child workflow has already seen a ChildWorkflowExecutionCanceledEvent, and now another is being applied!',
            );
          this.seenCancelledEvent = true;
          return { to: 'Cancelled' };
        },
        Completed: () => this.lateOutcome(),
        Failed: () => this.lateOutcome(),
        TimedOut: () => this.lateOutcome(),
        Terminated: () => this.lateOutcome(),
      },
      Failed: { Cancel: stay('Failed') },
      StartFailed: { Cancel: stay('StartFailed') },
      TimedOut: { Cancel: stay('TimedOut') },
      Completed: { Cancel: stay('Completed') },
    } satisfies Transitions;
  }

  cancel(reason: string): MachineResponse[] {
    return this.fire('Cancel', reason) ?? [];
  }

  protected eventInput({ event, lastTaskInHistory }: EventData) {
    switch (event.eventType) {
      case ET.StartChildWorkflowExecutionInitiated: {
        const a = event.startChildWorkflowExecutionInitiatedEventAttributes!;
        return {
          input: 'Initiated',
          payload: {
            id: a.workflowId ?? '',
            type: a.workflowType?.name ?? '',
            eventId: num(event.eventId),
            lastTask: lastTaskInHistory,
          },
        };
      }
      case ET.StartChildWorkflowExecutionFailed:
        return {
          input: 'StartFailed',
          payload: event.startChildWorkflowExecutionFailedEventAttributes?.cause ?? 0,
        };
      case ET.ChildWorkflowExecutionStarted: {
        const we = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
        if (!we) throw fatal('ChildWorkflowExecutionStarted attributes were unset or malformed');
        return {
          input: 'Started',
          payload: { runId: we.runId ?? '', eventId: num(event.eventId) },
        };
      }
      case ET.ChildWorkflowExecutionCompleted:
        return {
          input: 'Completed',
          payload: event.childWorkflowExecutionCompletedEventAttributes?.result,
        };
      case ET.ChildWorkflowExecutionFailed:
        return {
          input: 'Failed',
          payload: event.childWorkflowExecutionFailedEventAttributes ?? {},
        };
      case ET.ChildWorkflowExecutionTimedOut:
        return {
          input: 'TimedOut',
          payload: event.childWorkflowExecutionTimedOutEventAttributes?.retryState ?? 0,
        };
      case ET.ChildWorkflowExecutionTerminated:
        return { input: 'Terminated' };
      case ET.ChildWorkflowExecutionCanceled:
        return { input: 'Canceled' };
    }
    throw nondeterminism(
      `Child workflow machine does not handle this event: ${describeEvent(event)}`,
    );
  }

  protected commandInput(type: string) {
    return (
      {
        StartChildWorkflowExecution: 'CommandStartChildWorkflowExecution',
        RequestCancelExternalWorkflowExecution: 'CommandRequestCancelExternalWorkflowExecution',
      } as Record<string, string>
    )[type];
  }
}
