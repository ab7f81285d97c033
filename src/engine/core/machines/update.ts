/**
 * Workflow updates: a request (from UpdateAccepted seen ahead in history, or UpdateAdmitted) becomes
 * a DoUpdate job; lang answers with UpdateResponse (accepted, rejected, completed), and each
 * accepted or completed response goes out as a protocol-message command that history must show as
 * WorkflowExecutionUpdateAccepted / WorkflowExecutionUpdateCompleted.
 */
import type { coresdk } from '../../proto/index.ts';
import { ET, describeEvent } from '../events.ts';
import { nondeterminism } from '../errors.ts';
import {
  Machine,
  stay,
  type EventData,
  type MachineResponse,
  type Transitions,
} from './machine.ts';

type UpdateResponse = coresdk.workflow_commands.IUpdateResponse;

/** The protocol message and the command that announces it, as the server would receive them. */
const protocolCommand = (
  messageId: string,
  protocolInstanceId: string,
  body: Record<string, unknown>,
): MachineResponse => ({
  kind: 'command',
  command: {
    commandType: 'ProtocolMessage',
    attributes: { messageId, message: { id: messageId, protocolInstanceId, body } },
  },
});

export class UpdateMachine extends Machine {
  readonly name = 'UpdateMachine';
  protected readonly finalStates = new Set(['Rejected', 'CompletedCommandRecorded']);

  constructor(
    readonly updateId: string,
    private readonly messageId: string,
    private readonly protocolInstanceId: string,
  ) {
    super('RequestInitiated');
  }

  private response: UpdateResponse = {};
  private accept = () => [
    protocolCommand(`${this.messageId}/accept`, this.protocolInstanceId, { accepted: true }),
  ];
  private complete = () => [
    protocolCommand(
      `${this.messageId}/complete`,
      this.protocolInstanceId,
      this.response.completed
        ? { success: this.response.completed }
        : { failure: this.response.rejected ?? null },
    ),
  ];

  protected buildTransitions() {
    return {
      RequestInitiated: {
        Accept: () => ({ to: 'Accepted', responses: this.accept() }),
        // A rejection is only a protocol message; nothing is recorded in history for it.
        Reject: stay('Rejected'),
      },
      Accepted: {
        Complete: () => ({ to: 'CompletedImmediately', responses: this.complete() }),
        Reject: () => ({ to: 'CompletedImmediately', responses: this.complete() }),
        CommandProtocolMessage: stay('AcceptCommandCreated'),
      },
      AcceptCommandCreated: {
        Accepted: stay('AcceptCommandRecorded'),
        Complete: () => ({ to: 'CompletedImmediatelyAcceptCreated', responses: this.complete() }),
        Reject: () => ({ to: 'CompletedImmediatelyAcceptCreated', responses: this.complete() }),
      },
      AcceptCommandRecorded: {
        Complete: () => ({ to: 'Completed', responses: this.complete() }),
        Reject: () => ({ to: 'Completed', responses: this.complete() }),
      },
      Completed: { CommandProtocolMessage: stay('CompletedCommandCreated') },
      CompletedCommandCreated: { Completed: stay('CompletedCommandRecorded') },
      CompletedImmediately: { CommandProtocolMessage: stay('CompletedImmediatelyAcceptCreated') },
      CompletedImmediatelyAcceptCreated: {
        CommandProtocolMessage: stay('CompletedImmediatelyCompleteCreated'),
      },
      CompletedImmediatelyCompleteCreated: { Accepted: stay('CompletedCommandCreated') },
    } satisfies Transitions;
  }

  /** Lang's UpdateResponse for this update. */
  respond(response: UpdateResponse): MachineResponse[] {
    this.response = response;
    const input = response.accepted ? 'Accept' : response.rejected ? 'Reject' : 'Complete';
    const responses = this.fire(input);
    if (!responses)
      throw nondeterminism(
        `Invalid transition while handling update response (id ${this.updateId}) in state ${this.state}`,
      );
    return responses;
  }

  protected eventInput({ event }: EventData) {
    if (event.eventType === ET.WorkflowExecutionUpdateAccepted) return { input: 'Accepted' };
    if (event.eventType === ET.WorkflowExecutionUpdateCompleted) return { input: 'Completed' };
    throw nondeterminism(`Update machine does not handle this event: ${describeEvent(event)}`);
  }

  protected commandInput(type: string) {
    return type === 'ProtocolMessage' ? 'CommandProtocolMessage' : undefined;
  }
}
