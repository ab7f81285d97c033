/**
 * ProtocolMessage for updates: the workflow's acceptance and its outcome, recorded against the
 * update request the simulation delivered.
 */
import { long, type CommandResponse, type IFailure, type IPayload } from './server.ts';

export const protocolMessage: CommandResponse = (server, a, updates) => {
  const message = a['message'] as unknown as {
    protocolInstanceId: string;
    body: { accepted?: boolean; success?: IPayload; failure?: IFailure };
  };
  const delivery = updates.get(message.protocolInstanceId);
  if (!delivery) return undefined;
  if (message.body.accepted) {
    delivery.acceptedEventId = server.add('WorkflowExecutionUpdateAccepted', {
      protocolInstanceId: message.protocolInstanceId,
      acceptedRequestMessageId: `${message.protocolInstanceId}/request`,
      acceptedRequestSequencingEventId: long(delivery.sequencingEventId),
      acceptedRequest: delivery.request,
    });
  } else {
    server.add('WorkflowExecutionUpdateCompleted', {
      meta: delivery.request.meta,
      acceptedEventId: long(delivery.acceptedEventId),
      outcome: message.body.success
        ? { success: { payloads: [message.body.success] } }
        : { failure: message.body.failure },
    });
  }
  return undefined;
};
