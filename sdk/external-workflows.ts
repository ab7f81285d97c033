/**
 * Other workflows this one talks to: signal a child or any workflow by id, or ask one to cancel.
 * Each request becomes a command; its promise settles when Temporal reports the outcome.
 */
import { toPayloads } from '../src/engine/proto/payload.ts';
import { CancellationScope } from './cancellation-scope.ts';
import type { SignalDefinition } from './handlers.ts';
import { composeInterceptors, type SignalWorkflowInput } from './interceptors.ts';
import { currentRun } from './runtime/current.ts';
import { settlers } from './runtime/settlers.ts';

export interface ExternalWorkflowHandle {
  readonly workflowId: string;
  readonly runId?: string;
  signal<Args extends unknown[]>(
    definition: SignalDefinition<Args> | string,
    ...args: Args
  ): Promise<void>;
  /** Asks the workflow to cancel; resolves once Temporal has recorded the request. */
  cancel(): Promise<void>;
}

function signalCommand({
  seq,
  signalName,
  args,
  headers,
  target,
}: SignalWorkflowInput): Promise<void> {
  const run = currentRun('signal');
  const scope = CancellationScope.current();
  return new Promise<void>((resolve, reject) => {
    if (scope.consideredCancelled) return reject(scope.reason);
    const site = run.pushCommand({
      signalExternalWorkflowExecution: {
        seq,
        signalName,
        args: toPayloads(args),
        headers,
        ...(target.type === 'child'
          ? { childWorkflowId: target.childWorkflowId }
          : { workflowExecution: { namespace: run.info.namespace, ...target.workflowExecution } }),
      },
    });
    const stopListening = scope.cancellable
      ? scope.onCancel(() => {
          if (run.completions.signalExternal.has(seq))
            run.pushCommand({ cancelSignalWorkflow: { seq } }, site);
        })
      : () => undefined;
    run.completions.signalExternal.set(seq, {
      waiter: run.waiter(site),
      ...settlers(stopListening, resolve, reject),
    });
  });
}

export function signalTarget(
  target: SignalWorkflowInput['target'],
  definition: SignalDefinition<unknown[]> | string,
  args: unknown[],
): Promise<void> {
  const run = currentRun('signal');
  const seq = run.nextSeq('signalExternal');
  return composeInterceptors(
    run.outbound,
    'signalWorkflow',
    signalCommand,
  )({
    seq,
    signalName: typeof definition === 'string' ? definition : definition.name,
    args,
    headers: {},
    target,
  });
}

/** A handle to signal or cancel another workflow (not necessarily a child). */
export function getExternalWorkflowHandle(
  workflowId: string,
  runId?: string,
): ExternalWorkflowHandle {
  currentRun('getExternalWorkflowHandle');
  return {
    workflowId,
    runId,
    signal: (definition, ...args) =>
      signalTarget(
        { type: 'external', workflowExecution: { workflowId, runId } },
        definition,
        args,
      ),
    cancel: () => {
      const run = currentRun('cancel');
      const seq = run.nextSeq('cancelExternal');
      return new Promise<void>((resolve, reject) => {
        const site = run.pushCommand({
          requestCancelExternalWorkflowExecution: {
            seq,
            workflowExecution: { namespace: run.info.namespace, workflowId, runId },
          },
        });
        run.completions.cancelExternal.set(seq, { resolve, reject, waiter: run.waiter(site) });
      });
    },
  };
}
