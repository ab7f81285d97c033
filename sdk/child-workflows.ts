/**
 * Child workflows: `startChild` resolves once the child has started (to a handle for its result
 * and for signalling it); `executeChild` resolves with its result. A failed child rejects with a
 * ChildWorkflowFailure whose cause says why.
 */
import { toPayload, toPayloads } from '../src/engine/proto/payload.ts';
import { retryPolicy, type RetryPolicy } from './activities.ts';
import { CancellationScope } from './cancellation-scope.ts';
import { optionalDuration, type Duration } from './duration.ts';
import { signalTarget } from './external-workflows.ts';
import type { SignalDefinition } from './handlers.ts';
import { composeInterceptors, type StartChildWorkflowExecutionInput } from './interceptors.ts';
import { uuid4 } from './random.ts';
import { currentRun } from './runtime/run.ts';
import { userMetadata } from './timers.ts';

/**
 * What happens to a started child when the scope holding it is cancelled: ABANDON leaves it
 * running; TRY_CANCEL asks it to cancel and fails at once; WAIT_CANCELLATION_REQUESTED fails once
 * the request is recorded; WAIT_CANCELLATION_COMPLETED (default) fails when the child has ended.
 */
export type ChildWorkflowCancellationType =
  'ABANDON' | 'TRY_CANCEL' | 'WAIT_CANCELLATION_COMPLETED' | 'WAIT_CANCELLATION_REQUESTED';

/** What happens to the child when this workflow closes first. */
export type ParentClosePolicy = 'TERMINATE' | 'ABANDON' | 'REQUEST_CANCEL';

export type WorkflowIdReusePolicy =
  'ALLOW_DUPLICATE' | 'ALLOW_DUPLICATE_FAILED_ONLY' | 'REJECT_DUPLICATE' | 'TERMINATE_IF_RUNNING';

export interface ChildWorkflowOptions {
  /** Default: a deterministic UUID from the workflow's random source. */
  workflowId?: string;
  args?: unknown[];
  /** Default: this workflow's task queue. */
  taskQueue?: string;
  cancellationType?: ChildWorkflowCancellationType;
  parentClosePolicy?: ParentClosePolicy;
  workflowIdReusePolicy?: WorkflowIdReusePolicy;
  workflowExecutionTimeout?: Duration;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  retry?: RetryPolicy;
  cronSchedule?: string;
  memo?: Record<string, unknown>;
  /** One-line summary shown by Temporal UIs. */
  staticSummary?: string;
}

type Workflow = (...args: never[]) => Promise<unknown>;

export interface ChildWorkflowHandle<T extends Workflow> {
  readonly workflowId: string;
  /** Run id of the child's first run. */
  readonly firstExecutionRunId: string;
  /** Resolves with the child's result; rejects with a ChildWorkflowFailure. */
  result(): Promise<Awaited<ReturnType<T>>>;
  signal<Args extends unknown[]>(
    definition: SignalDefinition<Args> | string,
    ...args: Args
  ): Promise<void>;
}

// Enum numbers from coresdk.child_workflow and temporal.api.enums.v1.
const CANCELLATION_TYPE: Record<ChildWorkflowCancellationType, number> = {
  ABANDON: 0,
  TRY_CANCEL: 1,
  WAIT_CANCELLATION_COMPLETED: 2,
  WAIT_CANCELLATION_REQUESTED: 3,
};
const PARENT_CLOSE_POLICY: Record<ParentClosePolicy, number> = {
  TERMINATE: 1,
  ABANDON: 2,
  REQUEST_CANCEL: 3,
};
const ID_REUSE_POLICY: Record<WorkflowIdReusePolicy, number> = {
  ALLOW_DUPLICATE: 1,
  ALLOW_DUPLICATE_FAILED_ONLY: 2,
  REJECT_DUPLICATE: 3,
  TERMINATE_IF_RUNNING: 4,
};

function startChildCommand({
  workflowType,
  options,
  headers,
  seq,
}: StartChildWorkflowExecutionInput): Promise<[Promise<string>, Promise<unknown>]> {
  const run = currentRun('startChild');
  const scope = CancellationScope.current();
  const started = new Promise<string>((resolve, reject) => {
    if (scope.consideredCancelled) return reject(scope.reason);
    run.pushCommand({
      startChildWorkflowExecution: {
        seq,
        namespace: run.info.namespace,
        workflowId: options.workflowId,
        workflowType,
        taskQueue: options.taskQueue ?? run.info.taskQueue,
        input: toPayloads(options.args),
        workflowExecutionTimeout: optionalDuration(options.workflowExecutionTimeout),
        workflowRunTimeout: optionalDuration(options.workflowRunTimeout),
        workflowTaskTimeout: optionalDuration(options.workflowTaskTimeout),
        parentClosePolicy: options.parentClosePolicy
          ? PARENT_CLOSE_POLICY[options.parentClosePolicy]
          : undefined,
        workflowIdReusePolicy: options.workflowIdReusePolicy
          ? ID_REUSE_POLICY[options.workflowIdReusePolicy]
          : undefined,
        retryPolicy: retryPolicy(options.retry),
        cronSchedule: options.cronSchedule,
        headers,
        memo: options.memo
          ? Object.fromEntries(Object.entries(options.memo).map(([k, v]) => [k, toPayload(v)]))
          : undefined,
        cancellationType:
          CANCELLATION_TYPE[options.cancellationType ?? 'WAIT_CANCELLATION_COMPLETED'],
      },
      userMetadata: userMetadata(options.staticSummary),
    });
    run.completions.childStart.set(seq, { resolve, reject });
  });
  const completed = new Promise<unknown>((resolve, reject) => {
    const stopListening = scope.cancellable
      ? scope.onCancel(() => {
          if (run.completions.childComplete.has(seq))
            run.pushCommand({ cancelChildWorkflowExecution: { childWorkflowSeq: seq } });
        })
      : () => undefined;
    const settle =
      <T>(settler: (value: T) => void) =>
      (value: T) => {
        stopListening();
        settler(value);
      };
    run.completions.childComplete.set(seq, { resolve: settle(resolve), reject: settle(reject) });
    // A child that never started never completes: its start failure is the result's failure too.
    started.catch((error: unknown) => {
      if (run.completions.childComplete.delete(seq)) settle(reject)(error);
    });
  });
  // Nobody has to await the result of a started child.
  completed.catch(() => undefined);
  return Promise.resolve([started, completed]);
}

function workflowTypeOf(workflow: Workflow | string): string {
  return typeof workflow === 'string' ? workflow : workflow.name;
}

/** Starts a child workflow; resolves with its handle once Temporal has started it. */
export async function startChild<T extends Workflow>(
  workflow: T | string,
  options: ChildWorkflowOptions = {},
): Promise<ChildWorkflowHandle<T>> {
  const run = currentRun('startChild');
  const seq = run.nextSeq('childWorkflow');
  const workflowId = options.workflowId ?? uuid4();
  const [started, completed] = await composeInterceptors(
    run.outbound,
    'startChildWorkflowExecution',
    startChildCommand,
  )({
    workflowType: workflowTypeOf(workflow),
    options: { ...options, workflowId, args: options.args ?? [] },
    headers: {},
    seq,
  });
  const firstExecutionRunId = await started;
  return {
    workflowId,
    firstExecutionRunId,
    result: () => completed as Promise<Awaited<ReturnType<T>>>,
    signal: (definition, ...args) =>
      signalTarget({ type: 'child', childWorkflowId: workflowId }, definition, args),
  };
}

/** Starts a child workflow and resolves with its result. */
export async function executeChild<T extends Workflow>(
  workflow: T | string,
  options: ChildWorkflowOptions = {},
): Promise<Awaited<ReturnType<T>>> {
  const handle = await startChild(workflow, options);
  return handle.result();
}
