/**
 * A simulated Temporal service for one workflow execution, with a virtual clock. It runs the
 * component through the host exactly as a worker would (the replay engine in live mode builds
 * each activation), records the events a server would for every command and outcome, and skips
 * time ahead to whatever happens next. The result is an ordinary history.
 */
import Long from 'long';
import type { coresdk, temporal } from '../proto/index.ts';
import { root } from '../proto/index.ts';
import { fromPayload, toPayload } from '../proto/payload.ts';
import { ET, type HistoryEvent } from '../core/events.ts';
import { newHistoryEvent } from '../history/events.ts';
import type { ApiCommand } from '../core/machines/machine.ts';
import { WorkflowMachines } from '../core/workflow-machines.ts';
import { declaredWorkflows, driveRun, type WorkflowCode } from '../host/load.ts';
import type { RunOptions } from '../host/run.ts';
import type { Types } from '../wit/index.ts';
import {
  ScenarioError,
  parseDuration,
  validateScenario,
  type OutcomeSpec,
  type Scenario,
} from './scenario.ts';

type IPayload = temporal.api.common.v1.IPayload;
type IFailure = temporal.api.failure.v1.IFailure;

const IDENTITY = 'workflow-playground-sim';
const TASK_QUEUE_KIND_NORMAL = root.lookupEnum('temporal.api.enums.v1.TaskQueueKind').values[
  'TASK_QUEUE_KIND_NORMAL'
]!;
const RETRY_STATE = root.lookupEnum('temporal.api.enums.v1.RetryState').values;
const TIMEOUT_TYPE = root.lookupEnum('temporal.api.enums.v1.TimeoutType').values;

export interface SimulationResult {
  events: HistoryEvent[];
  /** How the run ended: a terminal event, a failed workflow task, or waiting with nothing left to happen. */
  outcome:
    'completed' | 'failed' | 'canceled' | 'continued-as-new' | 'workflow-task-failed' | 'blocked';
  workflowTasks: number;
  warnings: string[];
}

interface Pending {
  at: number;
  order: number;
  /** Appends the events for this outcome; returns whether the workflow must be woken up. */
  fire: () => boolean;
}

const long = (n: number) => Long.fromNumber(n);

/** An application failure as this project's simulated (and bridge-run) activities report one. */
export function failureFrom(spec: {
  message: string;
  type?: string;
  nonRetryable?: boolean;
}): IFailure {
  return {
    message: spec.message,
    source: 'WorkflowPlayground',
    applicationFailureInfo: {
      type: spec.type ?? 'Error',
      nonRetryable: spec.nonRetryable ?? false,
    },
  };
}

class Simulation {
  readonly events: HistoryEvent[] = [];
  readonly warnings: string[] = [];
  private now: number;
  private readonly pending: Pending[] = [];
  private order = 0;
  private requestCounter = 0;
  private wftScheduledId = 0;
  private wftStartedId = 0;
  private lastWftCompletedId = 0;
  private readonly calls = new Map<string, number>();
  private readonly timers = new Map<string, { startedEventId: number; pending: Pending }>();
  private readonly activities = new Map<
    number,
    { pending: Pending | undefined; activityId: string }
  >();
  private readonly children = new Map<string, { initiatedEventId: number }>();

  private get depth(): number {
    return this.options.depth ?? 0;
  }

  constructor(
    readonly scenario: Scenario,
    private readonly component: WorkflowCode,
    private readonly options: SimulateOptions,
  ) {
    this.now = Date.parse(scenario.startTime ?? '2026-01-01T00:00:00Z');
  }

  private time() {
    return { seconds: long(Math.floor(this.now / 1000)), nanos: (this.now % 1000) * 1e6 };
  }

  add(type: string, attrs: Record<string, unknown>): number {
    const id = this.events.length + 1;
    const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventAttributes`;
    this.events.push(
      newHistoryEvent({
        eventId: long(id),
        eventTime: this.time(),
        eventType: ET[type],
        taskId: long(1_048_576 + id),
        [key]: attrs,
      }),
    );
    return id;
  }

  private requestId(): string {
    return `00000000-0000-4000-8000-${(++this.requestCounter).toString(16).padStart(12, '0')}`;
  }

  schedule(delayMs: number, fire: () => boolean): Pending {
    const p = { at: this.now + delayMs, order: this.order++, fire };
    this.pending.push(p);
    return p;
  }

  private cancelPending(p: Pending | undefined): void {
    const i = p ? this.pending.indexOf(p) : -1;
    if (i >= 0) this.pending.splice(i, 1);
  }

  /** The next outcome spec for a call of `type` in `group`. */
  outcome(group: 'activities' | 'localActivities' | 'childWorkflows', type: string): OutcomeSpec {
    const spec = this.scenario[group]?.[type];
    const n = this.calls.get(`${group}/${type}`) ?? 0;
    this.calls.set(`${group}/${type}`, n + 1);
    if (spec === undefined) {
      this.warnings.push(
        `scenario.${group} says nothing about "${type}"; call ${n + 1} returned null.`,
      );
      return { result: null };
    }
    if (!Array.isArray(spec)) return spec;
    const chosen = spec[Math.min(n, spec.length - 1)];
    return chosen ?? { result: null };
  }

  /**
   * The outcome of a call: the scenario's, else what real code returns: an activity
   * implementation given to the simulator, or, for a child workflow type the component itself
   * defines, a nested simulated run of it.
   */
  async resolveOutcome(
    group: 'activities' | 'localActivities' | 'childWorkflows',
    type: string,
    args: unknown[],
  ): Promise<OutcomeSpec> {
    if (this.scenario[group]?.[type] !== undefined) return this.outcome(group, type);
    const implementation = group !== 'childWorkflows' ? this.options.activities?.[type] : undefined;
    if (implementation) {
      try {
        return { result: await implementation(...args) };
      } catch (thrown) {
        const error = thrown instanceof Error ? thrown : new Error(String(thrown));
        return { failure: { message: error.message, type: error.name, nonRetryable: true } };
      }
    }
    if (
      group === 'childWorkflows' &&
      declaredWorkflows(this.component)?.some((w) => w.workflowType === type)
    ) {
      if (this.depth >= MAX_CHILD_DEPTH)
        throw new ScenarioError(
          `childWorkflows.${type}`,
          `children nest deeper than ${MAX_CHILD_DEPTH} levels.`,
        );
      const child = await simulate(
        this.component,
        {
          ...this.scenario,
          workflowType: type,
          input: args,
          workflowId: undefined,
          runId: undefined,
          signals: [],
          updates: [],
          cancelAt: undefined,
        },
        { ...this.options, depth: this.depth + 1 },
      );
      const last = child.events.at(-1);
      const completed = last?.workflowExecutionCompletedEventAttributes;
      if (completed) return { result: fromPayload(completed.result?.payloads?.[0]) };
      const failed = last?.workflowExecutionFailedEventAttributes?.failure;
      return {
        failure: {
          message: failed?.message || `child ${type} ended ${child.outcome}`,
          type: failed?.applicationFailureInfo?.type ?? 'Error',
          nonRetryable: true,
        },
      };
    }
    return this.outcome(group, type);
  }

  durationOf(spec: OutcomeSpec, path: string): number {
    return spec.duration ? parseDuration(spec.duration, path) : 1000;
  }

  // ── Workflow tasks ────────────────────────────────────────────────────────────────────────────

  scheduleWorkflowTask(): void {
    this.wftScheduledId = this.add('WorkflowTaskScheduled', {
      taskQueue: this.taskQueueRecord,
      startToCloseTimeout: { seconds: long(10) },
      attempt: 1,
    });
  }

  startWorkflowTask(): void {
    this.wftStartedId = this.add('WorkflowTaskStarted', {
      scheduledEventId: long(this.wftScheduledId),
      identity: IDENTITY,
      requestId: this.requestId(),
      historySizeBytes: long(this.events.length * 200),
    });
  }

  /** @param langUsedFlags lang flags the guest used first in this task (see InternalFlags). */
  completeWorkflowTask(langUsedFlags: number[] = []): void {
    // Like sdk-core, the first completion records every internal flag this engine applies, and
    // which SDK wrote the history; later ones record only lang flags used for the first time.
    const first = this.lastWftCompletedId === 0;
    const sdkMetadata = {
      ...(first && {
        coreUsedFlags: [1, 2, 3],
        sdkName: 'workflow-playground',
        sdkVersion: '0.1.0',
      }),
      ...(langUsedFlags.length > 0 && { langUsedFlags }),
    };
    this.lastWftCompletedId = this.add('WorkflowTaskCompleted', {
      scheduledEventId: long(this.wftScheduledId),
      startedEventId: long(this.wftStartedId),
      identity: IDENTITY,
      ...(Object.keys(sdkMetadata).length > 0 && { sdkMetadata }),
      meteringMetadata: {},
    });
  }

  failWorkflowTask(failure: IFailure): void {
    this.add('WorkflowTaskFailed', {
      scheduledEventId: long(this.wftScheduledId),
      startedEventId: long(this.wftStartedId),
      cause: root.lookupEnum('temporal.api.enums.v1.WorkflowTaskFailedCause').values[
        'WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE'
      ],
      failure,
      identity: IDENTITY,
    });
  }

  /** A task queue as the server records it. */
  get taskQueueRecord(): temporal.api.taskqueue.v1.ITaskQueue {
    return { name: this.taskQueue, kind: TASK_QUEUE_KIND_NORMAL };
  }

  get taskQueue(): string {
    return this.scenario.taskQueue ?? 'playground';
  }

  get namespace(): string {
    return this.scenario.namespace ?? 'default';
  }

  /** Moves the clock to the next outcome and applies everything due then. Returns false when nothing is left. */
  advance(): boolean {
    for (;;) {
      if (this.pending.length === 0) return false;
      this.pending.sort((a, b) => a.at - b.at || a.order - b.order);
      this.now = Math.max(this.now, this.pending[0]!.at);
      let wake = false;
      while (this.pending.length > 0 && this.pending[0]!.at <= this.now)
        wake = this.pending.shift()!.fire() || wake;
      if (wake) return true;
    }
  }

  // ── Commands → events ─────────────────────────────────────────────────────────────────────────

  async record(
    command: ApiCommand,
    updates: Map<string, UpdateDelivery>,
  ): Promise<SimulationResult['outcome'] | undefined> {
    const a = command.attributes as Record<string, never>;
    const completedId = long(this.lastWftCompletedId);
    switch (command.commandType) {
      case 'ScheduleActivityTask':
        await this.activity(a);
        return;
      case 'RequestCancelActivityTask': {
        const scheduledEventId = Number(a['scheduledEventId']);
        const requested = this.add('ActivityTaskCancelRequested', {
          scheduledEventId: long(scheduledEventId),
          workflowTaskCompletedEventId: completedId,
        });
        const activity = this.activities.get(scheduledEventId);
        if (activity?.pending) {
          // Not started yet: the server cancels it at once.
          this.cancelPending(activity.pending);
          activity.pending = undefined;
          this.schedule(0, () => {
            this.add('ActivityTaskCanceled', {
              scheduledEventId: long(scheduledEventId),
              latestCancelRequestedEventId: long(requested),
              startedEventId: long(0),
              identity: IDENTITY,
            });
            return true;
          });
        }
        return;
      }
      case 'StartTimer': {
        const timerId = String(a['timerId']);
        const ms = durationMs(a['startToFireTimeout']);
        const startedEventId = this.add('TimerStarted', {
          timerId,
          startToFireTimeout: a['startToFireTimeout'],
          workflowTaskCompletedEventId: completedId,
        });
        const pending = this.schedule(ms, () => {
          this.timers.delete(timerId);
          this.add('TimerFired', { timerId, startedEventId: long(startedEventId) });
          return true;
        });
        this.timers.set(timerId, { startedEventId, pending });
        return;
      }
      case 'CancelTimer': {
        const timerId = String(a['timerId'] ?? '');
        const timer = this.timers.get(timerId);
        this.cancelPending(timer?.pending);
        this.timers.delete(timerId);
        this.add('TimerCanceled', {
          timerId,
          startedEventId: long(timer?.startedEventId ?? 0),
          workflowTaskCompletedEventId: completedId,
          identity: IDENTITY,
        });
        return;
      }
      case 'RecordMarker':
        this.add('MarkerRecorded', { ...a, workflowTaskCompletedEventId: completedId });
        return;
      case 'StartChildWorkflowExecution':
        await this.child(a);
        return;
      case 'SignalExternalWorkflowExecution': {
        const initiated = this.add('SignalExternalWorkflowExecutionInitiated', {
          workflowTaskCompletedEventId: completedId,
          namespace: a['namespace'],
          workflowExecution: a['execution'],
          signalName: a['signalName'],
          input: a['input'],
          childWorkflowOnly: a['childWorkflowOnly'],
          header: a['header'],
        });
        this.schedule(0, () => {
          this.add('ExternalWorkflowExecutionSignaled', {
            initiatedEventId: long(initiated),
            workflowExecution: a['execution'],
            namespace: a['namespace'],
          });
          return true;
        });
        return;
      }
      case 'RequestCancelExternalWorkflowExecution': {
        const execution = { workflowId: a['workflowId'], runId: a['runId'] };
        const initiated = this.add('RequestCancelExternalWorkflowExecutionInitiated', {
          workflowTaskCompletedEventId: completedId,
          namespace: a['namespace'],
          workflowExecution: execution,
          childWorkflowOnly: a['childWorkflowOnly'],
          reason: a['reason'],
        });
        this.schedule(0, () => {
          this.add('ExternalWorkflowExecutionCancelRequested', {
            initiatedEventId: long(initiated),
            workflowExecution: execution,
            namespace: a['namespace'],
          });
          return true;
        });
        return;
      }
      case 'UpsertWorkflowSearchAttributes':
        this.add('UpsertWorkflowSearchAttributes', {
          workflowTaskCompletedEventId: completedId,
          searchAttributes: a['searchAttributes'],
        });
        return;
      case 'ModifyWorkflowProperties':
        this.add('WorkflowPropertiesModified', {
          workflowTaskCompletedEventId: completedId,
          upsertedMemo: a['upsertedMemo'],
        });
        return;
      case 'ProtocolMessage': {
        const message = a['message'] as unknown as {
          protocolInstanceId: string;
          body: { accepted?: boolean; success?: IPayload; failure?: IFailure };
        };
        const delivery = updates.get(message.protocolInstanceId);
        if (!delivery) return;
        if (message.body.accepted) {
          delivery.acceptedEventId = this.add('WorkflowExecutionUpdateAccepted', {
            protocolInstanceId: message.protocolInstanceId,
            acceptedRequestMessageId: `${message.protocolInstanceId}/request`,
            acceptedRequestSequencingEventId: long(delivery.sequencingEventId),
            acceptedRequest: delivery.request,
          });
        } else {
          this.add('WorkflowExecutionUpdateCompleted', {
            meta: delivery.request.meta,
            acceptedEventId: long(delivery.acceptedEventId),
            outcome: message.body.success
              ? { success: { payloads: [message.body.success] } }
              : { failure: message.body.failure },
          });
        }
        return;
      }
      case 'CompleteWorkflowExecution':
        this.add('WorkflowExecutionCompleted', {
          result: a['result'],
          workflowTaskCompletedEventId: completedId,
        });
        return 'completed';
      case 'FailWorkflowExecution':
        this.add('WorkflowExecutionFailed', {
          failure: a['failure'],
          retryState: RETRY_STATE['RETRY_STATE_RETRY_POLICY_NOT_SET'],
          workflowTaskCompletedEventId: completedId,
        });
        return 'failed';
      case 'CancelWorkflowExecution':
        this.add('WorkflowExecutionCanceled', {
          workflowTaskCompletedEventId: completedId,
          details: a['details'],
        });
        return 'canceled';
      case 'ContinueAsNewWorkflowExecution':
        this.add('WorkflowExecutionContinuedAsNew', {
          ...a,
          newExecutionRunId: `${this.scenario.runId ?? 'run'}-continued`,
          workflowTaskCompletedEventId: completedId,
          initiator: root.lookupEnum('temporal.api.enums.v1.ContinueAsNewInitiator').values[
            'CONTINUE_AS_NEW_INITIATOR_WORKFLOW'
          ],
        });
        return 'continued-as-new';
    }
    this.warnings.push(
      `The simulator does not record ${command.commandType} commands; it was skipped.`,
    );
    return undefined;
  }

  private async activity(a: Record<string, never>): Promise<void> {
    const type = (a['activityType'] as unknown as { name: string }).name;
    const scheduledEventId = this.add('ActivityTaskScheduled', {
      ...withServerDefaults(a),
      taskQueue: { ...(a['taskQueue'] as unknown as object), kind: TASK_QUEUE_KIND_NORMAL },
      workflowTaskCompletedEventId: long(this.lastWftCompletedId),
    });
    const spec = await this.resolveOutcome('activities', type, argsOf(a['input']));
    const path = `activities.${type}`;
    const attempts = (spec.failAttempts ?? 0) + 1;
    const retryable = spec.failure && !spec.failure.nonRetryable;
    const finalAttempt = spec.failure ? (retryable ? Math.max(attempts, 1) : 1) : attempts;
    const state = {
      pending: undefined as Pending | undefined,
      activityId: String(a['activityId']),
    };
    state.pending = this.schedule(this.durationOf(spec, path) * finalAttempt, () => {
      state.pending = undefined;
      const startedEventId = this.add('ActivityTaskStarted', {
        scheduledEventId: long(scheduledEventId),
        identity: IDENTITY,
        requestId: this.requestId(),
        attempt: finalAttempt,
      });
      const ids = {
        scheduledEventId: long(scheduledEventId),
        startedEventId: long(startedEventId),
      };
      if (spec.timeout) {
        this.add('ActivityTaskTimedOut', {
          ...ids,
          failure: {
            message: 'activity timeout',
            timeoutFailureInfo: { timeoutType: TIMEOUT_TYPE[`TIMEOUT_TYPE_${spec.timeout}`] },
          },
          retryState: RETRY_STATE['RETRY_STATE_TIMEOUT'],
        });
      } else if (spec.failure) {
        this.add('ActivityTaskFailed', {
          ...ids,
          failure: failureFrom(spec.failure),
          identity: IDENTITY,
          retryState: retryable
            ? RETRY_STATE['RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED']
            : RETRY_STATE['RETRY_STATE_NON_RETRYABLE_FAILURE'],
        });
      } else {
        this.add('ActivityTaskCompleted', {
          ...ids,
          result: { payloads: [toPayload(spec.result)] },
          identity: IDENTITY,
        });
      }
      return true;
    });
    this.activities.set(scheduledEventId, state);
  }

  private async child(a: Record<string, never>): Promise<void> {
    const type = (a['workflowType'] as unknown as { name: string }).name;
    const workflowId = String(a['workflowId']);
    const initiated = this.add('StartChildWorkflowExecutionInitiated', {
      ...a,
      workflowTaskCompletedEventId: long(this.lastWftCompletedId),
    });
    this.children.set(workflowId, { initiatedEventId: initiated });
    const spec = await this.resolveOutcome('childWorkflows', type, argsOf(a['input']));
    const execution = { workflowId, runId: `${workflowId}-run` };
    const common = {
      namespace: a['namespace'],
      workflowExecution: execution,
      workflowType: { name: type },
      initiatedEventId: long(initiated),
    };
    this.schedule(0, () => {
      const started = this.add('ChildWorkflowExecutionStarted', common);
      this.schedule(this.durationOf(spec, `childWorkflows.${type}`), () => {
        if (spec.failure) {
          this.add('ChildWorkflowExecutionFailed', {
            ...common,
            startedEventId: long(started),
            failure: failureFrom(spec.failure),
            retryState: RETRY_STATE['RETRY_STATE_NON_RETRYABLE_FAILURE'],
          });
        } else if (spec.timeout) {
          this.add('ChildWorkflowExecutionTimedOut', {
            ...common,
            startedEventId: long(started),
            retryState: RETRY_STATE['RETRY_STATE_TIMEOUT'],
          });
        } else {
          this.add('ChildWorkflowExecutionCompleted', {
            ...common,
            startedEventId: long(started),
            result: { payloads: [toPayload(spec.result)] },
          });
        }
        return true;
      });
      return true;
    });
  }
}

export interface SimulateOptions {
  /** Activity implementations to run when the scenario says nothing about a type (by type name). */
  // Arguments arrive decoded from payloads, so implementations take whatever the workflow sent.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  activities?: Record<string, (...args: any[]) => unknown>;
  /** Nesting level of this run (children run in the same component are simulated too). */
  depth?: number;
  /** Told after each workflow task, so a long simulation can report that it is alive. */
  onWorkflowTask?: (workflowTasks: number, events: number) => void;
  /** Told of every guest call entered and left (an engine worker's watchdog). */
  onGuestCall?: RunOptions['onGuestCall'];
}

const MAX_CHILD_DEPTH = 8;

/**
 * An activity's schedule as the server completes it before recording: the timeouts it derives
 * from schedule-to-close, an explicit zero heartbeat timeout, the default retry policy's
 * intervals, an empty header, and no input field when there are no arguments.
 */
function withServerDefaults(a: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  out['header'] ??= {};
  const set = (d: unknown) => durationMs(d) > 0;
  if (!set(out['startToCloseTimeout']) && set(out['scheduleToCloseTimeout']))
    out['startToCloseTimeout'] = out['scheduleToCloseTimeout'];
  if (!set(out['scheduleToStartTimeout']))
    out['scheduleToStartTimeout'] = set(out['scheduleToCloseTimeout'])
      ? out['scheduleToCloseTimeout']
      : {};
  out['heartbeatTimeout'] ??= {};
  const retry = (out['retryPolicy'] ?? {}) as Record<string, unknown>;
  const initial = set(retry['initialInterval']) ? durationMs(retry['initialInterval']) : 1000;
  const ms = (n: number) => ({ seconds: long(Math.floor(n / 1000)), nanos: (n % 1000) * 1e6 });
  out['retryPolicy'] = {
    ...retry,
    initialInterval: ms(initial),
    backoffCoefficient: (retry['backoffCoefficient'] as number | undefined) || 2,
    maximumInterval: set(retry['maximumInterval']) ? retry['maximumInterval'] : ms(100 * initial),
  };
  const input = out['input'] as { payloads?: unknown[] } | null | undefined;
  if (!input?.payloads?.length) delete out['input'];
  return out;
}

function argsOf(input: unknown): unknown[] {
  const payloads =
    (input as { payloads?: temporal.api.common.v1.IPayload[] } | null | undefined)?.payloads ?? [];
  return payloads.map(fromPayload);
}

interface UpdateDelivery {
  request: temporal.api.update.v1.IRequest;
  sequencingEventId: number;
  acceptedEventId: number;
}

function durationMs(d: unknown): number {
  const duration = d as
    { seconds?: Long | number | null; nanos?: number | null } | null | undefined;
  if (!duration) return 0;
  const seconds =
    typeof duration.seconds === 'number' ? duration.seconds : (duration.seconds?.toNumber() ?? 0);
  return seconds * 1000 + Math.round((duration.nanos ?? 0) / 1e6);
}

/** A scenario must start a workflow type the component has and use only handlers it defines. */
function checkAgainstDefinitions(
  scenario: Scenario,
  workflows: readonly Types.WorkflowDefinition[],
): void {
  const definition = workflows.find((w) => w.workflowType === scenario.workflowType);
  if (!definition) {
    throw new ScenarioError(
      'workflowType',
      `"${scenario.workflowType}" is not a workflow type of this component; it has ${workflows.map((w) => w.workflowType).join(', ')}.`,
    );
  }
  // The guest SDK declares every name its modules define; a component that declares nothing at
  // all (handlers registered at run time, names unknown) cannot be checked up front.
  const declares =
    definition.signals.length + definition.queries.length + definition.updates.length > 0;
  if (!declares) return;
  for (const [i, s] of (scenario.signals ?? []).entries()) {
    if (!definition.signals.includes(s.name)) {
      throw new ScenarioError(
        `signals[${i}].name`,
        `"${s.name}" has no handler in ${scenario.workflowType}; it declares ${definition.signals.map((n) => `"${n}"`).join(', ') || 'no signals'}.`,
      );
    }
  }
  for (const [i, u] of (scenario.updates ?? []).entries()) {
    if (!definition.updates.some((d) => d.name === u.name)) {
      throw new ScenarioError(
        `updates[${i}].name`,
        `"${u.name}" has no handler in ${scenario.workflowType}; it declares ${definition.updates.map((d) => `"${d.name}"`).join(', ') || 'no updates'}.`,
      );
    }
  }
}

/** Runs `scenario` against `component` and returns the history a Temporal server would have recorded. */
export async function simulate(
  component: WorkflowCode,
  input: unknown,
  options: SimulateOptions = {},
): Promise<SimulationResult> {
  const scenario = validateScenario(input);
  const workflows = declaredWorkflows(component);
  if (workflows) checkAgainstDefinitions(scenario, workflows);

  const sim = new Simulation(scenario, component, options);
  const runId = scenario.runId ?? '00000000-0000-4000-8000-00000000a001';
  const workflowId = scenario.workflowId ?? `${scenario.workflowType}-sim`;
  sim.add('WorkflowExecutionStarted', {
    workflowId,
    workflowType: { name: scenario.workflowType },
    taskQueue: sim.taskQueueRecord,
    input: { payloads: (scenario.input ?? []).map(toPayload) },
    workflowTaskTimeout: { seconds: long(10) },
    firstWorkflowTaskBackoff: {},
    originalExecutionRunId: runId,
    firstExecutionRunId: runId,
    identity: IDENTITY,
    attempt: 1,
    header: {},
  });
  const signal = (s: NonNullable<Scenario['signals']>[number]) =>
    sim.add('WorkflowExecutionSignaled', {
      signalName: s.name,
      input: { payloads: (s.input ?? []).map(toPayload) },
      identity: IDENTITY,
      header: {},
    });
  // A signal at "0s" is sent with the start (signal-with-start): the server records it before
  // the first workflow task is scheduled, so that task delivers it.
  const signals = (scenario.signals ?? []).map((s, i) => ({
    s,
    at: parseDuration(s.at, `signals[${i}].at`),
  }));
  for (const { s } of signals.filter(({ at }) => at === 0)) signal(s);
  sim.scheduleWorkflowTask();

  const updates = new Map<string, UpdateDelivery>();
  const arrivingUpdates: UpdateDelivery[] = [];
  for (const { s, at } of signals.filter(({ at }) => at > 0)) {
    sim.schedule(at, () => {
      signal(s);
      return true;
    });
  }
  (scenario.updates ?? []).forEach((u, i) => {
    sim.schedule(parseDuration(u.at, 'updates'), () => {
      const updateId = u.id ?? `update-${i + 1}`;
      arrivingUpdates.push({
        request: {
          meta: { updateId, identity: IDENTITY },
          input: { name: u.name, args: { payloads: (u.input ?? []).map(toPayload) } },
        },
        sequencingEventId: 0,
        acceptedEventId: 0,
      });
      return true;
    });
  });
  if (scenario.cancelAt) {
    sim.schedule(parseDuration(scenario.cancelAt, 'cancelAt'), () => {
      sim.add('WorkflowExecutionCancelRequested', {
        cause: 'requested by scenario',
        identity: IDENTITY,
      });
      return true;
    });
  }

  const machines = new WorkflowMachines(sim.events, {
    live: true,
    namespace: sim.namespace,
    canWriteSdkMetadata: true,
    workflowId,
  });
  const driver = driveRun(
    component,
    { namespace: sim.namespace, taskQueue: sim.taskQueue, runId },
    options.onGuestCall ? { onGuestCall: options.onGuestCall } : {},
  );
  const maxTasks = scenario.maxWorkflowTasks ?? 100_000;

  for (let task = 1; ; task++) {
    if (task > maxTasks)
      throw new ScenarioError(
        'maxWorkflowTasks',
        `the workflow ran ${maxTasks} workflow tasks without finishing; raise the limit or check for a loop.`,
      );
    sim.startWorkflowTask();
    machines.applyNextWft();
    for (const delivery of arrivingUpdates.splice(0)) {
      delivery.sequencingEventId =
        sim.events.findLast((e) => e.eventType === ET.WorkflowTaskScheduled)?.eventId?.toNumber() ??
        0;
      updates.set(delivery.request.meta!.updateId!, delivery);
      machines.deliverUpdateRequest(delivery.request, delivery.sequencingEventId);
    }
    while (machines.hasPendingJobs()) {
      const completion = await driver.activate(machines.takeActivation());
      if (completion.status === 'failed') {
        sim.failWorkflowTask(completion.failure);
        return {
          events: sim.events,
          outcome: 'workflow-task-failed',
          workflowTasks: task,
          warnings: sim.warnings,
        };
      }
      machines.completeActivation(
        completion.commands.filter((c) => !c.respondToQuery),
        completion.usedInternalFlags,
      );
      for (const la of machines.takeLocalActivityRequests())
        await runLocalActivity(sim, machines, la);
    }
    sim.completeWorkflowTask(machines.flags.takeNewLangFlags());
    let ended: SimulationResult['outcome'] | undefined;
    for (const command of machines.pendingCommands()) ended ??= await sim.record(command, updates);
    // The events just recorded mirror the commands; apply them so their machines move on.
    if (ended)
      return { events: sim.events, outcome: ended, workflowTasks: task, warnings: sim.warnings };
    options.onWorkflowTask?.(task, sim.events.length);
    if (!sim.advance())
      return {
        events: sim.events,
        outcome: 'blocked',
        workflowTasks: task,
        warnings: sim.warnings,
      };
    sim.scheduleWorkflowTask();
  }
}

async function runLocalActivity(
  sim: Simulation,
  machines: WorkflowMachines,
  la: coresdk.workflow_commands.IScheduleLocalActivity,
): Promise<void> {
  const type = la.activityType ?? '';
  const spec = await sim.resolveOutcome(
    'localActivities',
    type,
    (la.arguments ?? []).map(fromPayload),
  );
  const runtimeMs = sim.durationOf(spec, `localActivities.${type}`);
  const attempt = (spec.failAttempts ?? 0) + 1;
  machines.resolveLocalActivity(la.seq ?? 0, {
    result: spec.failure ? { failure: failureFrom(spec.failure) } : { ok: toPayload(spec.result) },
    attempt,
    runtimeMs,
  });
}
