/**
 * Drives real components (built with componentize-js, cached by content hash) through the host's
 * WorkflowRunDriver with activations written by hand the way sdk-core would send them, and shows
 * the resulting commands as plain objects: payloads decoded, enums by name, 64-bit ints as numbers.
 */
import { join } from 'node:path';
import Long from 'long';
import { loadComponent, type LoadedComponent } from '../../src/engine/host/component.ts';
import { WorkflowRunDriver, type ActivationCompletion } from '../../src/engine/host/driver.ts';
import { WorkflowCommand, type coresdk, type temporal } from '../../src/engine/proto/index.ts';
import { fromPayload, toPayload } from '../../src/engine/proto/payload.ts';
import { buildComponent, type BuildOptions } from '../../src/node/build/build-component.ts';
import { buildExample } from '../../src/node/build/examples.ts';
import { REPO } from '../paths.ts';

type IJob = coresdk.workflow_activation.IWorkflowActivationJob;
type IFailure = temporal.api.failure.v1.IFailure;

const components = new Map<string, Promise<LoadedComponent>>();

/** A component built from `entry` (repo-relative), loaded once per test file. */
export function component(entry: string, options: BuildOptions = {}): Promise<LoadedComponent> {
  const key = `${entry} ${JSON.stringify(options)}`;
  let loaded = components.get(key);
  if (!loaded) {
    loaded = buildComponent(join(REPO, entry), {
      ...options,
      interceptors: options.interceptors?.map((path) => join(REPO, path)),
    }).then((built) => loadComponent(built.component, entry));
    components.set(key, loaded);
  }
  return loaded;
}

const examples = new Map<string, Promise<LoadedComponent>>();

/** An example's component, built as build-examples builds it (with its interceptors). */
export function example(id: string): Promise<LoadedComponent> {
  let loaded = examples.get(id);
  if (!loaded) {
    loaded = buildExample(id).then((built) => loadComponent(built.component, `${id}.wasm`));
    examples.set(id, loaded);
  }
  return loaded;
}

const seconds = (ms: number) => ({
  seconds: Long.fromNumber(Math.floor(ms / 1000)),
  nanos: (ms % 1000) * 1e6,
});

export interface RunOptions {
  workflowType: string;
  args?: unknown[];
  seed?: number | Long;
  /** Workflow start time, ms since the epoch. */
  startMs?: number;
  replaying?: boolean;
  headers?: Record<string, unknown>;
  /** More InitializeWorkflow fields (search attributes, priority…). */
  init?: coresdk.workflow_activation.IInitializeWorkflow;
  /** Fields every activation carries besides its jobs (e.g. the deployment version). */
  activation?: coresdk.workflow_activation.IWorkflowActivation;
}

/** One workflow run: its driver, and workflow time advancing activation by activation. */
export class TestRun {
  readonly driver: WorkflowRunDriver;
  readonly runId = '0b8e7a1c-1d2e-4f00-9a00-000000000001';
  nowMs: number;
  private historyLength = 3;
  private started = false;

  constructor(
    component: LoadedComponent,
    private readonly options: RunOptions,
  ) {
    this.nowMs = options.startMs ?? Date.UTC(2026, 0, 1, 12);
    this.driver = new WorkflowRunDriver(component, {
      namespace: 'default',
      taskQueue: 'sdk-tests',
      runId: this.runId,
    });
  }

  /** The first activation: InitializeWorkflow (plus `extra` jobs, as core may batch). */
  start(extra: IJob[] = []): Promise<ActivationCompletion> {
    if (this.started) throw new Error('already started');
    this.started = true;
    const { workflowType, args = [], seed = 7, headers } = this.options;
    return this.activate([
      {
        initializeWorkflow: {
          workflowType,
          workflowId: `${workflowType}-test`,
          arguments: args.map(toPayload),
          randomnessSeed: Long.fromValue(seed, true),
          firstExecutionRunId: this.runId,
          attempt: 1,
          startTime: seconds(this.nowMs),
          headers: headers
            ? Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, toPayload(v)]))
            : undefined,
          ...this.options.init,
        },
      },
      ...extra,
    ]);
  }

  /** One activation with `jobs`, `advanceMs` of workflow time after the previous one. */
  activate(jobs: IJob[], advanceMs = 0): Promise<ActivationCompletion> {
    this.nowMs += advanceMs;
    this.historyLength += 3;
    return this.driver.activate({
      ...this.options.activation,
      runId: this.runId,
      timestamp: seconds(this.nowMs),
      isReplaying: this.options.replaying ?? false,
      historyLength: this.historyLength,
      jobs,
    });
  }
}

/** Activation jobs as sdk-core builds them. */
export const job = {
  fireTimer: (seq: number): IJob => ({ fireTimer: { seq } }),
  activityCompleted: (seq: number, value?: unknown, isLocal = false): IJob => ({
    resolveActivity: { seq, isLocal, result: { completed: { result: toPayload(value) } } },
  }),
  activityFailed: (seq: number, failure: IFailure, isLocal = false): IJob => ({
    resolveActivity: { seq, isLocal, result: { failed: { failure } } },
  }),
  activityCancelled: (seq: number, failure: IFailure): IJob => ({
    resolveActivity: { seq, result: { cancelled: { failure } } },
  }),
  localActivityBackoff: (seq: number, attempt: number, backoffMs: number): IJob => ({
    resolveActivity: {
      seq,
      isLocal: true,
      result: {
        backoff: {
          attempt,
          backoffDuration: seconds(backoffMs),
          originalScheduleTime: seconds(Date.UTC(2026, 0, 1, 12)),
        },
      },
    },
  }),
  childStarted: (seq: number, runId: string): IJob => ({
    resolveChildWorkflowExecutionStart: { seq, succeeded: { runId } },
  }),
  childCompleted: (seq: number, value?: unknown): IJob => ({
    resolveChildWorkflowExecution: { seq, result: { completed: { result: toPayload(value) } } },
  }),
  childFailed: (seq: number, failure: IFailure): IJob => ({
    resolveChildWorkflowExecution: { seq, result: { failed: { failure } } },
  }),
  signal: (signalName: string, ...args: unknown[]): IJob => ({
    signalWorkflow: { signalName, input: args.map(toPayload), identity: 'tests' },
  }),
  query: (queryId: string, queryType: string, ...args: unknown[]): IJob => ({
    queryWorkflow: { queryId, queryType, arguments: args.map(toPayload) },
  }),
  update: (id: string, name: string, args: unknown[], runValidator = true): IJob => ({
    doUpdate: {
      id,
      protocolInstanceId: `protocol-${id}`,
      name,
      input: args.map(toPayload),
      runValidator,
      meta: { updateId: id, identity: 'tests' },
    },
  }),
  cancel: (reason = 'cancelled by test'): IJob => ({ cancelWorkflow: { reason } }),
  notifyHasPatch: (patchId: string): IJob => ({ notifyHasPatch: { patchId } }),
  updateRandomSeed: (seed: number | Long): IJob => ({
    updateRandomSeed: { randomnessSeed: Long.fromValue(seed, true) },
  }),
};

/** An ApplicationFailure as an activity worker reports it, wrapped as core wraps it. */
export function activityFailure(
  activityType: string,
  message: string,
  type = 'Error',
  nonRetryable = false,
): IFailure {
  return {
    message: 'Activity task failed',
    activityFailureInfo: {
      activityType: { name: activityType },
      activityId: '1',
      retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE' as never,
      scheduledEventId: Long.fromNumber(5),
      startedEventId: Long.fromNumber(6),
    },
    cause: { message, applicationFailureInfo: { type, nonRetryable } },
  };
}

type Plain = unknown;

const isPayload = (value: Record<string, unknown>) =>
  typeof value.metadata === 'object' &&
  value.metadata !== null &&
  'encoding' in (value.metadata as object);

/** A decoded message as a plain object; payloads become `{ payload: <decoded value> }`. */
function plain(value: unknown): Plain {
  if (Long.isLong(value)) return (value as Long).toNumber();
  if (value instanceof Uint8Array || Array.isArray(value)) return Array.from(value, plain);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (isPayload(record)) {
    const metadata = Object.fromEntries(
      Object.entries(record.metadata as Record<string, number[]>).map(([k, v]) => [
        k,
        new Uint8Array(v),
      ]),
    );
    return { payload: fromPayload({ metadata, data: new Uint8Array(record.data as number[]) }) };
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plain(v)]));
}

export function plainCommand(command: coresdk.workflow_commands.IWorkflowCommand): Plain {
  const type = WorkflowCommand.type;
  const object = type.toObject(type.fromObject(command as Record<string, unknown>), {
    enums: String,
    bytes: Array,
  });
  return plain(object);
}

/** The commands of a successful completion, as plain objects; throws on a failed task. */
export function commands(completion: ActivationCompletion): Plain[] {
  if (completion.status !== 'success') {
    throw new Error(`expected commands, the workflow task failed: ${completion.message}`);
  }
  return completion.commands.map(plainCommand);
}

/** The kinds of the commands of a successful completion, e.g. ['scheduleActivity']. */
export function kinds(completion: ActivationCompletion): string[] {
  return (commands(completion) as Array<Record<string, unknown>>).map(
    (c) => Object.keys(c).find((k) => k !== 'userMetadata') ?? '?',
  );
}

/** The value a CompleteWorkflowExecution command carries. */
export function result(completion: ActivationCompletion): unknown {
  const last = commands(completion).at(-1) as
    { completeWorkflowExecution?: { result: { payload: unknown } } } | undefined;
  if (!last?.completeWorkflowExecution)
    throw new Error(`expected the run to complete, got ${JSON.stringify(last)}`);
  return last.completeWorkflowExecution.result.payload;
}
