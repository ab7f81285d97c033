/** SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution machines. */
import { root } from '../../proto/index.ts';
import { ET, describeEvent } from '../events.ts';
import { nondeterminism } from '../errors.ts';
import {
  Machine,
  stay,
  type EventData,
  type MachineResponse,
  type Transitions,
} from './machine.ts';

const SIGNAL_CAUSE = root.lookupEnum(
  'temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause',
).valuesById;
const CANCEL_CAUSE = root.lookupEnum(
  'temporal.api.enums.v1.CancelExternalWorkflowExecutionFailedCause',
).valuesById;

function failureForCause(
  action: string,
  causes: Record<number, string>,
  cause: number,
  reasons: Record<string, string>,
) {
  const name = causes[cause] ?? String(cause);
  const reason =
    Object.entries(reasons).find(([suffix]) => name.endsWith(suffix))?.[1] ?? 'unknown';
  return {
    message: `Unable to ${action} external workflow because ${reason}`,
    applicationFailureInfo: { type: name },
  };
}

export class SignalExternalMachine extends Machine {
  readonly name = 'SignalExternalMachine';
  protected readonly finalStates = new Set(['Signaled', 'Failed', 'Cancelled']);

  constructor(private readonly seq: number) {
    super('SignalExternalCommandCreated');
  }

  private resolve(failure: Record<string, unknown> | null): MachineResponse {
    return { kind: 'job', job: { resolveSignalExternalWorkflow: { seq: this.seq, failure } } };
  }

  protected buildTransitions() {
    return {
      SignalExternalCommandCreated: {
        CommandSignalExternalWorkflowExecution: stay('SignalExternalCommandCreated'),
        Cancel: () => {
          this.cancelledBeforeSentFlag = true;
          return {
            to: 'Cancelled',
            responses: [
              this.resolve({
                message: 'Signal was cancelled before being sent',
                canceledFailureInfo: { details: null, identity: '' },
              }),
            ],
          };
        },
        Initiated: stay('SignalExternalCommandRecorded'),
      },
      SignalExternalCommandRecorded: {
        Cancel: stay('SignalExternalCommandRecorded'),
        Signaled: () => ({ to: 'Signaled', responses: [this.resolve(null)] }),
        Failed: (cause: number) => ({
          to: 'Failed',
          responses: [
            this.resolve(
              failureForCause('signal', SIGNAL_CAUSE, cause, {
                EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND: 'it was not found',
                NAMESPACE_NOT_FOUND: 'it was not found',
                SIGNAL_COUNT_LIMIT_EXCEEDED: 'The per-workflow signal limit was exceeded',
              }),
            ),
          ],
        }),
      },
      Cancelled: { Cancel: stay('Cancelled') },
      Signaled: { Cancel: stay('Signaled') },
    } satisfies Transitions;
  }

  cancel(): MachineResponse[] {
    return this.fire('Cancel') ?? [];
  }

  protected eventInput({ event }: EventData) {
    switch (event.eventType) {
      case ET.SignalExternalWorkflowExecutionInitiated:
        return { input: 'Initiated' };
      case ET.ExternalWorkflowExecutionSignaled:
        return { input: 'Signaled' };
      case ET.SignalExternalWorkflowExecutionFailed:
        return {
          input: 'Failed',
          payload: event.signalExternalWorkflowExecutionFailedEventAttributes?.cause ?? 0,
        };
    }
    throw nondeterminism(
      `Signal external WF machine does not handle this event: ${describeEvent(event)}`,
    );
  }

  protected commandInput(type: string) {
    return type === 'SignalExternalWorkflowExecution'
      ? 'CommandSignalExternalWorkflowExecution'
      : undefined;
  }
}

export class CancelExternalMachine extends Machine {
  readonly name = 'CancelExternalMachine';
  protected readonly finalStates = new Set(['CancelRequested', 'RequestCancelFailed']);

  constructor(private readonly seq: number) {
    super('RequestCancelExternalCommandCreated');
  }

  private resolve(failure: Record<string, unknown> | null): MachineResponse {
    return {
      kind: 'job',
      job: { resolveRequestCancelExternalWorkflow: { seq: this.seq, failure } },
    };
  }

  protected buildTransitions() {
    return {
      RequestCancelExternalCommandCreated: {
        CommandRequestCancelExternalWorkflowExecution: stay('RequestCancelExternalCommandCreated'),
        Initiated: stay('RequestCancelExternalCommandRecorded'),
      },
      RequestCancelExternalCommandRecorded: {
        Requested: () => ({ to: 'CancelRequested', responses: [this.resolve(null)] }),
        Failed: (cause: number) => ({
          to: 'RequestCancelFailed',
          responses: [
            this.resolve(
              failureForCause('cancel', CANCEL_CAUSE, cause, {
                EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND: 'not found',
                NAMESPACE_NOT_FOUND: 'not found',
              }),
            ),
          ],
        }),
      },
    } satisfies Transitions;
  }

  protected eventInput({ event }: EventData) {
    switch (event.eventType) {
      case ET.RequestCancelExternalWorkflowExecutionInitiated:
        return { input: 'Initiated' };
      case ET.ExternalWorkflowExecutionCancelRequested:
        return { input: 'Requested' };
      case ET.RequestCancelExternalWorkflowExecutionFailed:
        return {
          input: 'Failed',
          payload: event.requestCancelExternalWorkflowExecutionFailedEventAttributes?.cause ?? 0,
        };
    }
    throw nondeterminism(
      `Cancel external WF machine does not handle this event: ${describeEvent(event)}`,
    );
  }

  protected commandInput(type: string) {
    return type === 'RequestCancelExternalWorkflowExecution'
      ? 'CommandRequestCancelExternalWorkflowExecution'
      : undefined;
  }
}
