/**
 * Activation jobs that settle what workflow code is waiting for: fired timers and the outcomes of
 * activities, child workflows and requests to other workflows. Each settles the promise its
 * command's sequence number was registered under; workflow code continues when StarlingMonkey
 * runs the reactions, after the call that applied the job returns.
 */
import { fromPayload } from '../../src/engine/proto/payload.ts';
import { LocalActivityDoBackoff } from '../activities.ts';
import { durationToMs } from '../duration.ts';
import { WorkflowExecutionAlreadyStartedError } from '../failures.ts';
import { failureToError } from './failure-converter.ts';
import type { coresdk } from './proto.ts';
import type { Completion, WorkflowRun } from './run.ts';

type Job = coresdk.workflow_activation.IWorkflowActivationJob;

function take<T>(
  completions: Map<number, Completion<T>>,
  seq: number | null | undefined,
  job: string,
): Completion<T> {
  const completion = completions.get(seq ?? 0);
  if (!completion) {
    throw new Error(
      `${job} for seq ${seq ?? 0}, but the workflow is not waiting on anything with that seq ` +
        `(pending: ${[...completions.keys()].join(', ') || 'none'}). The history does not match ` +
        `what this code scheduled.`,
    );
  }
  completions.delete(seq ?? 0);
  return completion;
}

/** Settles what `job` resolves; returns false when the job is not a resolution. */
export function applyResolution(run: WorkflowRun, job: Job): boolean {
  const { completions } = run;
  if (job.fireTimer) {
    take(completions.timer, job.fireTimer.seq, 'FireTimer').resolve();
  } else if (job.resolveActivity) {
    const { seq, result } = job.resolveActivity;
    const completion = take(completions.activity, seq, 'ResolveActivity');
    if (result?.completed) completion.resolve(fromPayload(result.completed.result));
    else if (result?.failed) completion.reject(failureToError(result.failed.failure ?? {}));
    else if (result?.cancelled) completion.reject(failureToError(result.cancelled.failure ?? {}));
    else if (result?.backoff) {
      completion.reject(
        new LocalActivityDoBackoff(
          result.backoff.attempt ?? 1,
          durationToMs(result.backoff.backoffDuration) ?? 0,
          result.backoff.originalScheduleTime,
        ),
      );
    } else throw new Error(`ResolveActivity for seq ${seq} carries no result`);
  } else if (job.resolveChildWorkflowExecutionStart) {
    const { seq, succeeded, failed, cancelled } = job.resolveChildWorkflowExecutionStart;
    const completion = take(completions.childStart, seq, 'ResolveChildWorkflowExecutionStart');
    if (succeeded) completion.resolve(succeeded.runId ?? '');
    else if (failed) {
      completion.reject(
        new WorkflowExecutionAlreadyStartedError(
          'Workflow execution already started',
          failed.workflowId ?? '',
          failed.workflowType ?? '',
        ),
      );
    } else if (cancelled) completion.reject(failureToError(cancelled.failure ?? {}));
    else throw new Error(`ResolveChildWorkflowExecutionStart for seq ${seq} carries no status`);
  } else if (job.resolveChildWorkflowExecution) {
    const { seq, result } = job.resolveChildWorkflowExecution;
    const completion = take(completions.childComplete, seq, 'ResolveChildWorkflowExecution');
    if (result?.completed) completion.resolve(fromPayload(result.completed.result));
    else if (result?.failed) completion.reject(failureToError(result.failed.failure ?? {}));
    else if (result?.cancelled) completion.reject(failureToError(result.cancelled.failure ?? {}));
    else throw new Error(`ResolveChildWorkflowExecution for seq ${seq} carries no result`);
  } else if (job.resolveSignalExternalWorkflow) {
    const { seq, failure } = job.resolveSignalExternalWorkflow;
    const completion = take(completions.signalExternal, seq, 'ResolveSignalExternalWorkflow');
    if (failure) completion.reject(failureToError(failure));
    else completion.resolve();
  } else if (job.resolveRequestCancelExternalWorkflow) {
    const { seq, failure } = job.resolveRequestCancelExternalWorkflow;
    const completion = take(
      completions.cancelExternal,
      seq,
      'ResolveRequestCancelExternalWorkflow',
    );
    if (failure) completion.reject(failureToError(failure));
    else completion.resolve();
  } else if (job.resolveNexusOperationStart || job.resolveNexusOperation) {
    throw new Error('This workflow SDK does not start Nexus operations; no Nexus job can resolve');
  } else {
    return false;
  }
  return true;
}
