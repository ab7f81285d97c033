/**
 * Workflow interceptors, as the TypeScript SDK defines them: inbound ones wrap what Temporal asks of
 * the workflow (execute, signals, queries, updates), outbound ones wrap what the workflow asks of
 * Temporal (activities, timers, child workflows, signals to other workflows, continue-as-new, log
 * attributes). A component registers them by passing interceptor modules to the build
 * (`workflow-playground build --interceptors <module>`); each module exports `interceptors`, a
 * factory called once per run. The first interceptor in a list is the outermost.
 *
 * Differs from the TypeScript SDK in one place: `handleQuery` is synchronous, because a query is
 * answered within the `activate` call that delivers it.
 */
import type { ActivityOptions, LocalActivityOptions } from './activities.ts';
import type { ChildWorkflowOptions } from './child-workflows.ts';
import type { ContinueAsNewOptions } from './continue-as-new.ts';
import type { IPayload } from './runtime/proto.ts';

/** Headers travel with activations and commands: Temporal's `map<string, Payload>`. */
export type Headers = Record<string, IPayload>;

/** The rest of the chain: call it to continue, or do not to short-circuit. */
export type Next<I, K extends keyof I> = Required<I>[K] extends (
  input: infer A,
  next: never,
) => infer R
  ? (input: A) => R
  : never;

export interface WorkflowExecuteInput {
  readonly args: unknown[];
  readonly headers: Headers;
}

export interface SignalInput {
  readonly signalName: string;
  readonly args: unknown[];
  readonly headers: Headers;
}

export interface QueryInput {
  readonly queryId: string;
  readonly queryName: string;
  readonly args: unknown[];
  readonly headers: Headers;
}

export interface UpdateInput {
  readonly updateId: string;
  readonly name: string;
  readonly args: unknown[];
  readonly headers: Headers;
}

export interface WorkflowInboundCallsInterceptor {
  execute?: (
    input: WorkflowExecuteInput,
    next: (input: WorkflowExecuteInput) => Promise<unknown>,
  ) => Promise<unknown>;
  handleSignal?: (input: SignalInput, next: (input: SignalInput) => Promise<void>) => Promise<void>;
  handleQuery?: (input: QueryInput, next: (input: QueryInput) => unknown) => unknown;
  validateUpdate?: (input: UpdateInput, next: (input: UpdateInput) => void) => void;
  handleUpdate?: (
    input: UpdateInput,
    next: (input: UpdateInput) => Promise<unknown>,
  ) => Promise<unknown>;
}

export interface TimerOptions {
  /** One-line summary shown by Temporal UIs (the command's user metadata). */
  readonly summary?: string;
}

export interface TimerInput {
  readonly durationMs: number;
  readonly seq: number;
  readonly options?: TimerOptions;
}

export interface ActivityInput {
  readonly activityType: string;
  readonly args: unknown[];
  readonly options: ActivityOptions;
  readonly headers: Headers;
  readonly seq: number;
}

export interface LocalActivityInput {
  readonly activityType: string;
  readonly args: unknown[];
  readonly options: LocalActivityOptions;
  readonly headers: Headers;
  readonly seq: number;
  readonly attempt: number;
  readonly originalScheduleTime?: { seconds?: unknown; nanos?: number | null } | null;
}

export interface StartChildWorkflowExecutionInput {
  readonly workflowType: string;
  readonly options: ChildWorkflowOptions & { workflowId: string; args: unknown[] };
  readonly headers: Headers;
  readonly seq: number;
}

export interface SignalWorkflowInput {
  readonly seq: number;
  readonly signalName: string;
  readonly args: unknown[];
  readonly headers: Headers;
  readonly target:
    | {
        readonly type: 'external';
        readonly workflowExecution: { workflowId: string; runId?: string };
      }
    | { readonly type: 'child'; readonly childWorkflowId: string };
}

export interface ContinueAsNewInput {
  readonly args: unknown[];
  readonly headers: Headers;
  readonly options: ContinueAsNewOptions & { workflowType: string };
}

export interface WorkflowOutboundCallsInterceptor {
  startTimer?: (input: TimerInput, next: (input: TimerInput) => Promise<void>) => Promise<void>;
  scheduleActivity?: (
    input: ActivityInput,
    next: (input: ActivityInput) => Promise<unknown>,
  ) => Promise<unknown>;
  scheduleLocalActivity?: (
    input: LocalActivityInput,
    next: (input: LocalActivityInput) => Promise<unknown>,
  ) => Promise<unknown>;
  /** Resolves to the child's start promise (its run id) and its result promise. */
  startChildWorkflowExecution?: (
    input: StartChildWorkflowExecutionInput,
    next: (input: StartChildWorkflowExecutionInput) => Promise<[Promise<string>, Promise<unknown>]>,
  ) => Promise<[Promise<string>, Promise<unknown>]>;
  signalWorkflow?: (
    input: SignalWorkflowInput,
    next: (input: SignalWorkflowInput) => Promise<void>,
  ) => Promise<void>;
  continueAsNew?: (
    input: ContinueAsNewInput,
    next: (input: ContinueAsNewInput) => Promise<never>,
  ) => Promise<never>;
  /** The attributes returned here are attached to every `log` record. */
  getLogAttributes?: (
    input: Record<string, unknown>,
    next: (input: Record<string, unknown>) => Record<string, unknown>,
  ) => Record<string, unknown>;
}

export interface WorkflowInterceptors {
  inbound?: WorkflowInboundCallsInterceptor[];
  outbound?: WorkflowOutboundCallsInterceptor[];
}

/** What an interceptor module exports as `interceptors`. */
export type WorkflowInterceptorsFactory = () => WorkflowInterceptors;

/**
 * Chains `method` of every interceptor around `last`: the first interceptor runs first and
 * decides whether (and with what input) the rest of the chain runs.
 */
export function composeInterceptors<I, K extends keyof I>(
  interceptors: readonly I[],
  method: K,
  last: Next<I, K>,
): Next<I, K> {
  let next = last as (input: unknown) => unknown;
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const interceptor = interceptors[i]!;
    const fn = interceptor[method] as
      ((input: unknown, next: (input: unknown) => unknown) => unknown) | undefined;
    if (fn === undefined) continue;
    const inner = next;
    next = (input) => fn.call(interceptor, input, inner);
  }
  return next as Next<I, K>;
}
