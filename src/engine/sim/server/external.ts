/**
 * SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution: the server records
 * the request and, at once, that the other workflow got it.
 */
import { long, type CommandResponse } from './server.ts';

export const signalExternal: CommandResponse = (server, a) => {
  const initiated = server.add('SignalExternalWorkflowExecutionInitiated', {
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
    namespace: a['namespace'],
    workflowExecution: a['execution'],
    signalName: a['signalName'],
    input: a['input'],
    childWorkflowOnly: a['childWorkflowOnly'],
    header: a['header'],
  });
  server.schedule(0, () => {
    server.add('ExternalWorkflowExecutionSignaled', {
      initiatedEventId: long(initiated),
      workflowExecution: a['execution'],
      namespace: a['namespace'],
    });
    return true;
  });
  return undefined;
};

export const requestCancelExternal: CommandResponse = (server, a) => {
  const execution = { workflowId: a['workflowId'], runId: a['runId'] };
  const initiated = server.add('RequestCancelExternalWorkflowExecutionInitiated', {
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
    namespace: a['namespace'],
    workflowExecution: execution,
    childWorkflowOnly: a['childWorkflowOnly'],
    reason: a['reason'],
  });
  server.schedule(0, () => {
    server.add('ExternalWorkflowExecutionCancelRequested', {
      initiatedEventId: long(initiated),
      workflowExecution: execution,
      namespace: a['namespace'],
    });
    return true;
  });
  return undefined;
};
