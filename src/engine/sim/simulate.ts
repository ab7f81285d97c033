/**
 * A simulated Temporal service for one workflow execution, with a virtual clock. It runs the
 * component through the host exactly as a worker would (the replay engine in live mode builds
 * each activation), records the events a server would for every command and outcome, and skips
 * time ahead to whatever happens next. The result is an ordinary history.
 */
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
import { COMMAND_RESPONSES } from './server/index.ts';
import {
  failureFrom,
  IDENTITY,
  long,
  TASK_QUEUE_KIND_NORMAL,
  type Attributes,
  type Pending,
  type RunEnd,
  type Server,
  type UpdateDelivery,
} from './server/server.ts';

type IFailure = temporal.api.failure.v1.IFailure;

export interface SimulationResult {
  events: HistoryEvent[];
  /** How the run ended: a terminal event, a failed workflow task, or waiting with nothing left to happen. */
  outcome: RunEnd | 'workflow-task-failed' | 'blocked';
  workflowTasks: number;
  warnings: string[];
}

/** The simulated service: its clock, its history, and what is due (server/ responds to commands). */
class Simulation implements Server {
  readonly events: HistoryEvent[] = [];
  readonly warnings: string[] = [];
  private now: number;
  private readonly pending: Pending[] = [];
  private order = 0;
  private requestCounter = 0;
  private wftScheduledId = 0;
  private wftStartedId = 0;
  lastWftCompletedId = 0;
  private readonly calls = new Map<string, number>();
  readonly timers = new Map<string, { startedEventId: number; pending: Pending }>();
  readonly activities = new Map<number, { pending: Pending | undefined; activityId: string }>();
  readonly children = new Map<string, { initiatedEventId: number }>();

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

  requestId(): string {
    return `00000000-0000-4000-8000-${(++this.requestCounter).toString(16).padStart(12, '0')}`;
  }

  schedule(delayMs: number, fire: () => boolean): Pending {
    const p = { at: this.now + delayMs, order: this.order++, fire };
    this.pending.push(p);
    return p;
  }

  cancelPending(p: Pending | undefined): void {
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

  /** Records a command the way the server would, and what follows from it (server/). */
  async record(
    command: ApiCommand,
    updates: Map<string, UpdateDelivery>,
  ): Promise<SimulationResult['outcome'] | undefined> {
    const respond = COMMAND_RESPONSES.get(command.commandType);
    if (respond) return respond(this, command.attributes as Attributes, updates);
    this.warnings.push(
      `The simulator does not record ${command.commandType} commands; it was skipped.`,
    );
    return undefined;
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
