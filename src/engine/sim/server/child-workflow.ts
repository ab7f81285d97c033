/**
 * StartChildWorkflowExecution: the server starts the child at once and ends it as the scenario
 * says (or as a simulated run of the child, when the component defines its type).
 */
import { toPayload } from '../../proto/payload.ts';
import { argsOf } from './activity.ts';
import { failureFrom, long, RETRY_STATE, type CommandResponse } from './server.ts';

export const startChildWorkflow: CommandResponse = async (server, a) => {
  const type = (a['workflowType'] as unknown as { name: string }).name;
  const workflowId = String(a['workflowId']);
  const initiated = server.add('StartChildWorkflowExecutionInitiated', {
    ...a,
    workflowTaskCompletedEventId: long(server.lastWftCompletedId),
  });
  server.children.set(workflowId, { initiatedEventId: initiated });
  const spec = await server.resolveOutcome('childWorkflows', type, argsOf(a['input']));
  const execution = { workflowId, runId: `${workflowId}-run` };
  const common = {
    namespace: a['namespace'],
    workflowExecution: execution,
    workflowType: { name: type },
    initiatedEventId: long(initiated),
  };
  server.schedule(0, () => {
    const started = server.add('ChildWorkflowExecutionStarted', common);
    server.schedule(server.durationOf(spec, `childWorkflows.${type}`), () => {
      if (spec.failure) {
        server.add('ChildWorkflowExecutionFailed', {
          ...common,
          startedEventId: long(started),
          failure: failureFrom(spec.failure),
          retryState: RETRY_STATE['RETRY_STATE_NON_RETRYABLE_FAILURE'],
        });
      } else if (spec.timeout) {
        server.add('ChildWorkflowExecutionTimedOut', {
          ...common,
          startedEventId: long(started),
          retryState: RETRY_STATE['RETRY_STATE_TIMEOUT'],
        });
      } else {
        server.add('ChildWorkflowExecutionCompleted', {
          ...common,
          startedEventId: long(started),
          result: { payloads: [toPayload(spec.result)] },
        });
      }
      return true;
    });
    return true;
  });
  return undefined;
};
