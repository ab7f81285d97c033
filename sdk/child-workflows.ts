/**
 * Child workflows: `startChild` resolves once the child has started (to a handle for its result
 * and for signalling it); `executeChild` resolves with its result. A failed child rejects with a
 * ChildWorkflowFailure whose cause says why.
 */
import { toPayload, toPayloads } from '../src/engine/proto/payload.ts';
import { retryPolicy, type RetryPolicy } from './activities.ts';
import { CancellationScope } from './cancellation-scope.ts';
import { optionalDuration, type Duration } from './duration.ts';
import { encodePriority, type Priority } from './priority.ts';
import { encodeSearchAttributes, type SearchAttributes } from './search-attributes.ts';
import { signalTarget } from './external-workflows.ts';
import type { SignalDefinition } from './handlers.ts';
import { composeInterceptors, type StartChildWorkflowExecutionInput } from './interceptors.ts';
import { uuid4 } from './random.ts';
import { currentRun } from './runtime/current.ts';
import { settlers } from './runtime/settlers.ts';
import { userMetadata } from './sleep.ts';

/**
 * What happens to a started child when the scope holding it is cancelled: ABANDON leaves it
 * running; TRY_CANCEL asks it to cancel and fails at once; WAIT_CANCELLATION_REQUESTED fails once
 * the request is recorded; WAIT_CANCELLATION_COMPLETED (default) fails when the child has ended.
 */
export const ChildWorkflowCancellationType = {
  ABANDON: 'ABANDON',
  TRY_CANCEL: 'TRY_CANCEL',
  WAIT_CANCELLATION_COMPLETED: 'WAIT_CANCELLATION_COMPLETED',
  WAIT_CANCELLATION_REQUESTED: 'WAIT_CANCELLATION_REQUESTED',
} as const;
export type ChildWorkflowCancellationType =
  (typeof ChildWorkflowCancellationType)[keyof typeof ChildWorkflowCancellationType];

/**
 * What happens to the child when this workflow closes first (default TERMINATE). The prefixed
 * keys are the TypeScript SDK's deprecated aliases, kept so that ported code compiles.
 */
export const ParentClosePolicy = {
  TERMINATE: 'TERMINATE',
  ABANDON: 'ABANDON',
  REQUEST_CANCEL: 'REQUEST_CANCEL',
  /** @deprecated leave it undefined */
  PARENT_CLOSE_POLICY_UNSPECIFIED: undefined,
  /** @deprecated use TERMINATE */
  PARENT_CLOSE_POLICY_TERMINATE: 'TERMINATE',
  /** @deprecated use ABANDON */
  PARENT_CLOSE_POLICY_ABANDON: 'ABANDON',
  /** @deprecated use REQUEST_CANCEL */
  PARENT_CLOSE_POLICY_REQUEST_CANCEL: 'REQUEST_CANCEL',
} as const;
export type ParentClosePolicy = (typeof ParentClosePolicy)[keyof typeof ParentClosePolicy];

/** Whether the child may start when a closed run with its workflow id exists. */
export const WorkflowIdReusePolicy = {
  ALLOW_DUPLICATE: 'ALLOW_DUPLICATE',
  ALLOW_DUPLICATE_FAILED_ONLY: 'ALLOW_DUPLICATE_FAILED_ONLY',
  REJECT_DUPLICATE: 'REJECT_DUPLICATE',
  /** @deprecated as in the TS SDK: ALLOW_DUPLICATE plus a conflict policy (not in child options) */
  TERMINATE_IF_RUNNING: 'TERMINATE_IF_RUNNING',
  /** @deprecated leave it undefined */
  WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED: undefined,
  /** @deprecated use ALLOW_DUPLICATE */
  WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE: 'ALLOW_DUPLICATE',
  /** @deprecated use ALLOW_DUPLICATE_FAILED_ONLY */
  WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY: 'ALLOW_DUPLICATE_FAILED_ONLY',
  /** @deprecated use REJECT_DUPLICATE */
  WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE: 'REJECT_DUPLICATE',
  /** @deprecated use TERMINATE_IF_RUNNING */
  WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING: 'TERMINATE_IF_RUNNING',
} as const;
export type WorkflowIdReusePolicy =
  (typeof WorkflowIdReusePolicy)[keyof typeof WorkflowIdReusePolicy];

export interface ChildWorkflowOptions {
  /** Default: a deterministic UUID from the workflow's random source. */
  workflowId?: string;
  args?: readonly unknown[];
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
  /** Longer text (Markdown) Temporal UIs show for the child. */
  staticDetails?: string;
  /** The child's search attributes (untyped form: each name to an array of values). */
  searchAttributes?: SearchAttributes;
  /** Priority and fairness of the child's tasks. */
  priority?: Priority;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- as the TS SDK types them, for any workflow */
/** A workflow function: any arguments, a promised result. */
export type Workflow = (...args: any[]) => Promise<any>;
/** What a workflow's promise resolves to. */
export type WorkflowResultType<W extends Workflow> =
  ReturnType<W> extends Promise<infer R> ? R : never;

/**
 * Child options whose `args` are the workflow's parameters: required when it takes any, so that
 * a missing or wrongly typed argument fails to compile.
 */
export type WithWorkflowArgs<W extends Workflow, T> = T &
  (Parameters<W> extends [any, ...any[]]
    ? { args: Parameters<W> | Readonly<Parameters<W>> }
    : { args?: Parameters<W> | Readonly<Parameters<W>> });
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface ChildWorkflowHandle<T extends Workflow> {
  readonly workflowId: string;
  /** Run id of the child's first run. */
  readonly firstExecutionRunId: string;
  /** Resolves with the child's result; rejects with a ChildWorkflowFailure. */
  result(): Promise<WorkflowResultType<T>>;
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
const PARENT_CLOSE_POLICY: Record<NonNullable<ParentClosePolicy>, number> = {
  TERMINATE: 1,
  ABANDON: 2,
  REQUEST_CANCEL: 3,
};
const ID_REUSE_POLICY: Record<NonNullable<WorkflowIdReusePolicy>, number> = {
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
  let site: Error | undefined;
  const started = new Promise<string>((resolve, reject) => {
    if (scope.consideredCancelled) return reject(scope.reason);
    site = run.pushCommand({
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
        searchAttributes: encodeSearchAttributes(options.searchAttributes),
        priority: encodePriority(options.priority),
      },
      userMetadata: userMetadata(options.staticSummary, options.staticDetails),
    });
    run.completions.childStart.set(seq, { resolve, reject, waiter: run.waiter(site) });
  });
  const completed = new Promise<unknown>((resolve, reject) => {
    const stopListening = scope.cancellable
      ? scope.onCancel(() => {
          if (run.completions.childComplete.has(seq))
            run.pushCommand({ cancelChildWorkflowExecution: { childWorkflowSeq: seq } }, site);
        })
      : () => undefined;
    const settle = settlers(stopListening, resolve, reject);
    run.completions.childComplete.set(seq, { ...settle, waiter: site && run.waiter(site) });
    // A child that never started never completes: its start failure is the result's failure too.
    started.catch((error: unknown) => {
      if (run.completions.childComplete.delete(seq)) settle.reject(error);
    });
  });
  // Nobody has to await the result of a started child.
  completed.catch(() => undefined);
  return Promise.resolve([started, completed]);
}

function workflowTypeOf(workflow: Workflow | string): string {
  return typeof workflow === 'string' ? workflow : workflow.name;
}

/**
 * Starts a child workflow; resolves with its handle once Temporal has started it. Pass the
 * workflow function (or its type name with the function as type parameter) so that `args` and
 * the result are typed from it.
 */
export function startChild<T extends () => Promise<unknown>>(
  workflow: T | string,
): Promise<ChildWorkflowHandle<T>>;
export function startChild<T extends Workflow>(
  workflow: T | string,
  options: WithWorkflowArgs<T, ChildWorkflowOptions>,
): Promise<ChildWorkflowHandle<T>>;
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
    options: { ...options, workflowId, args: [...(options.args ?? [])] },
    headers: {},
    seq,
  });
  const firstExecutionRunId = await started;
  return {
    workflowId,
    firstExecutionRunId,
    result: () => completed as Promise<WorkflowResultType<T>>,
    signal: (definition, ...args) =>
      signalTarget({ type: 'child', childWorkflowId: workflowId }, definition, args),
  };
}

/** Starts a child workflow and resolves with its result (typed as `startChild` is). */
export function executeChild<T extends () => Promise<unknown>>(
  workflow: T | string,
): Promise<WorkflowResultType<T>>;
export function executeChild<T extends Workflow>(
  workflow: T | string,
  options: WithWorkflowArgs<T, ChildWorkflowOptions>,
): Promise<WorkflowResultType<T>>;
export async function executeChild<T extends Workflow>(
  workflow: T | string,
  options: ChildWorkflowOptions = {},
): Promise<WorkflowResultType<T>> {
  const handle = await startChild<T>(
    workflow,
    options as WithWorkflowArgs<T, ChildWorkflowOptions>,
  );
  return handle.result();
}
