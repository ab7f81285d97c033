/**
 * Commands the server only records: markers, search-attribute upserts, property changes, and the
 * run's terminal commands (which end the simulation).
 */
import { root } from '../../proto/index.ts';
import { long, RETRY_STATE, type CommandResponse } from './server.ts';

export const recordMarker: CommandResponse = (server, a) => {
  server.add('MarkerRecorded', {
    ...a,
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
  });
  return undefined;
};

export const upsertSearchAttributes: CommandResponse = (server, a) => {
  server.add('UpsertWorkflowSearchAttributes', {
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
    searchAttributes: a['searchAttributes'],
  });
  return undefined;
};

export const modifyProperties: CommandResponse = (server, a) => {
  server.add('WorkflowPropertiesModified', {
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
    upsertedMemo: a['upsertedMemo'],
  });
  return undefined;
};

export const completeWorkflow: CommandResponse = (server, a) => {
  server.add('WorkflowExecutionCompleted', {
    result: a['result'],
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
  });
  return 'completed';
};

export const failWorkflow: CommandResponse = (server, a) => {
  server.add('WorkflowExecutionFailed', {
    failure: a['failure'],
    retryState: RETRY_STATE['RETRY_STATE_RETRY_POLICY_NOT_SET'],
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
  });
  return 'failed';
};

export const cancelWorkflow: CommandResponse = (server, a) => {
  server.add('WorkflowExecutionCanceled', {
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
    details: a['details'],
  });
  return 'canceled';
};

export const continueAsNew: CommandResponse = (server, a) => {
  server.add('WorkflowExecutionContinuedAsNew', {
    ...a,
    newExecutionRunId: `${server.scenario.runId ?? 'run'}-continued`,
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
    initiator: root.lookupEnum('temporal.api.enums.v1.ContinueAsNewInitiator').values[
      'CONTINUE_AS_NEW_INITIATOR_WORKFLOW'
    ],
  });
  return 'continued-as-new';
};
