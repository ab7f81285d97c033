/**
 * One replay of one history, stepped: the single stepping implementation the UI, the CLI and the
 * bridge share. Commands come from a workflow component (through the host driver) or from the
 * history itself (echo). Stepping back re-executes from the start: replay is deterministic, so
 * the same steps come out again.
 */
import type { coresdk } from '../proto/index.ts';
import { driveRun, type WorkflowCode } from '../host/load.ts';
import type { ActivationCompletion, ActivationDriver, RunDriver } from '../host/run.ts';
import { HistoryEcho } from '../core/echo.ts';
import { eventIdOf, eventTypeName, type HistoryEvent } from '../core/events.ts';
import { Replayer, type ReplayOptions, type Verdict } from '../core/replay.ts';
import type { NotChecked, UncheckedDifference } from '../core/workflow-machines.ts';
import type { Breakpoint } from './breakpoint.ts';
import { buildDivergence, summarizeCommand, type Divergence } from './divergence.ts';

type IWorkflowActivation = coresdk.workflow_activation.IWorkflowActivation;
type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

/**
 * Where commands come from: workflow code (a component or a seed-ABI module, loaded here or in an
 * engine worker), or history itself.
 */
export type CommandSource = { kind: 'echo' } | { kind: 'component'; component: WorkflowCode };

export interface SessionStep {
  index: number;
  activation: IWorkflowActivation;
  /** WorkflowTaskStarted event id of the task this activation belongs to. */
  wftStartedEventId: number;
  /** History events applied before this activation was produced (ids, inclusive). */
  events: { from: number; to: number };
  commands: IWorkflowCommand[];
  /** With a component: what the host driver returned (success or a failed workflow task). */
  completion?: ActivationCompletion;
  /** With a component: the slice of the driver's trace for this activation. */
  trace?: { from: number; to: number };
}

export { breakpointKey, type Breakpoint } from './breakpoint.ts';

export type SessionVerdict =
  | Verdict
  /** `activation` is the index of the step (0-based); `stackTrace` the failure's, when it has one. */
  | { kind: 'task-failure'; message: string; activation: number; stackTrace?: string }
  | { kind: 'running' };

export interface SessionOptions extends ReplayOptions {
  namespace?: string;
  taskQueue?: string;
}

export class ReplaySession {
  readonly steps: SessionStep[] = [];
  verdict: SessionVerdict = { kind: 'running' };
  divergence: Divergence | undefined;
  readonly breakpoints: Breakpoint[] = [];
  private replayer!: Replayer;
  private driver: ActivationDriver | RunDriver | undefined;
  private echo!: HistoryEcho;
  private eventsApplied = 0;

  private constructor(
    readonly events: readonly HistoryEvent[],
    readonly source: CommandSource,
    private readonly options: SessionOptions,
  ) {
    this.reset();
  }

  static open(
    events: readonly HistoryEvent[],
    source: CommandSource,
    options: SessionOptions = {},
  ): ReplaySession {
    return new ReplaySession(events, source, options);
  }

  /** The trace of a run driven in this thread (a remote run keeps its trace in its worker). */
  get driverTrace() {
    return this.driver && 'trace' in this.driver ? this.driver.trace : [];
  }

  /** Differences sdk-core accepts only because the history lacks core flag 1 (so far replayed). */
  get uncheckedDifferences(): readonly UncheckedDifference[] {
    return this.replayer.machines.uncheckedDifferences;
  }

  /** History-only replay: what was taken as recorded for want of a check (so far replayed). */
  get notChecked(): readonly NotChecked[] {
    return this.replayer.machines.notChecked;
  }

  get done(): boolean {
    return this.verdict.kind !== 'running';
  }

  private reset(): void {
    this.steps.length = 0;
    this.verdict = { kind: 'running' };
    this.divergence = undefined;
    this.replayer = new Replayer(this.events, {
      historyOnly: this.source.kind === 'echo',
      ...this.options,
    });
    this.echo = new HistoryEcho(this.events);
    this.eventsApplied = 0;
    if (this.source.kind === 'component') {
      const started = this.events[0]?.workflowExecutionStartedEventAttributes;
      this.driver = driveRun(this.source.component, {
        namespace: this.options.namespace ?? 'default',
        taskQueue: this.options.taskQueue ?? started?.taskQueue?.name ?? '',
        runId: started?.originalExecutionRunId ?? '',
      });
    }
    this.settle();
  }

  /** Replay has ended (or failed) when there is nothing left to answer. */
  private settle(): void {
    if (this.replayer.verdict && this.replayer.verdict.kind !== 'ok')
      this.finishWith(this.replayer.verdict);
  }

  private finishWith(verdict: Verdict): void {
    this.verdict = verdict;
    if (verdict.kind === 'nondeterminism') {
      const step = this.steps.at(-1);
      const wft = step?.wftStartedEventId ?? 0;
      const commands = this.steps
        .filter((s) => s.wftStartedEventId === wft)
        .flatMap((s) => s.commands);
      const event =
        verdict.eventId !== undefined
          ? this.events.find((e) => eventIdOf(e) === verdict.eventId)
          : undefined;
      this.divergence = buildDivergence(verdict.message, this.events, wft, commands, event);
    }
  }

  /** Produces and answers the next activation. Returns it, or undefined when replay is over. */
  async stepForward(): Promise<SessionStep | undefined> {
    if (this.done) return undefined;
    const next = this.replayer.next();
    if (!next) {
      this.finishWith(this.replayer.verdict ?? { kind: 'ok' });
      return undefined;
    }
    const lastApplied = this.replayer.machines.lastProcessedEvent;
    const step: SessionStep = {
      index: this.steps.length,
      activation: next.activation,
      wftStartedEventId: next.wftStartedEventId,
      events: { from: this.eventsApplied + 1, to: lastApplied },
      commands: [],
    };
    this.eventsApplied = lastApplied;
    this.steps.push(step);
    if (this.driver) {
      const from = this.driverTrace.length;
      const completion = await this.driver.activate(next.activation);
      step.completion = completion;
      if ('trace' in this.driver) step.trace = { from, to: this.driver.trace.length };
      if (completion.status === 'failed') {
        const stackTrace = completion.failure.stackTrace;
        this.verdict = {
          kind: 'task-failure',
          message: completion.message,
          activation: step.index,
          ...(stackTrace ? { stackTrace } : {}),
        };
        return step;
      }
      step.commands = completion.commands.filter((c) => !c.respondToQuery);
    } else {
      step.commands = this.echo.commandsFor(next.wftStartedEventId);
    }
    this.replayer.complete(step.commands);
    this.settle();
    return step;
  }

  /** Steps until replay ends, a breakpoint hits, or `stop` says so. Returns the steps taken. */
  async run(stop: (step: SessionStep) => boolean = () => false): Promise<SessionStep[]> {
    const taken: SessionStep[] = [];
    for (let step = await this.stepForward(); step; step = await this.stepForward()) {
      taken.push(step);
      if (this.done || stop(step) || this.hitsBreakpoint(step)) break;
    }
    return taken;
  }

  runToEnd(): Promise<SessionStep[]> {
    return this.run();
  }

  /** Runs until the first divergence or failed workflow task (or the end). */
  runToDivergence(): Promise<SessionStep[]> {
    return this.run(
      () => this.verdict.kind === 'nondeterminism' || this.verdict.kind === 'task-failure',
    );
  }

  /** Goes back one activation by replaying again from the start. */
  async stepBack(): Promise<void> {
    await this.goTo(this.steps.length - 2);
  }

  /** Re-executes from the start until `index` steps have been taken (index -1: before the first). */
  async goTo(index: number): Promise<void> {
    this.reset();
    while (this.steps.length <= index && !this.done) {
      if (!(await this.stepForward())) break;
    }
  }

  hitsBreakpoint(step: SessionStep): boolean {
    return this.breakpointsHitBy(step).length > 0;
  }

  /** The breakpoints this step hits (a debugger says which one it stopped at). */
  breakpointsHitBy(step: SessionStep): Breakpoint[] {
    return this.breakpoints.filter((bp) => {
      switch (bp.kind) {
        case 'event':
          return bp.eventId >= step.events.from && bp.eventId <= step.events.to;
        case 'event-type':
          return this.events
            .slice(step.events.from - 1, step.events.to)
            .some((e) => eventTypeName(e) === bp.eventType);
        case 'command-type':
          return step.commands.some((c) => summarizeCommand(c)?.kind === bp.commandType);
        case 'workflow-task':
          return step.wftStartedEventId === bp.wftStartedEventId;
      }
    });
  }
}
