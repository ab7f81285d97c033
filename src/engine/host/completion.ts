/**
 * A run's answer to one activation as sdk-core takes it: the
 * `coresdk.workflow_completion.WorkflowActivationCompletion` a worker sends back, successful with
 * the commands or failed with the failure (and its forced cause, when the guest gave one).
 */
import { WorkflowActivationCompletion, type coresdk } from '../proto/index.ts';
import type { ActivationCompletion } from './run.ts';

export type IWorkflowActivationCompletion =
  coresdk.workflow_completion.IWorkflowActivationCompletion;

export function activationCompletion(
  runId: string,
  completion: ActivationCompletion,
): IWorkflowActivationCompletion {
  if (completion.status === 'success')
    return {
      runId,
      successful: {
        commands: completion.commands,
        ...(completion.usedInternalFlags?.length
          ? { usedInternalFlags: completion.usedInternalFlags }
          : {}),
      },
    };
  return {
    runId,
    failed: {
      failure: completion.failure,
      ...(completion.forceCause !== undefined ? { forceCause: completion.forceCause } : {}),
    },
  };
}

export const encodeActivationCompletion = (
  runId: string,
  completion: ActivationCompletion,
): Uint8Array => WorkflowActivationCompletion.encode(activationCompletion(runId, completion));
