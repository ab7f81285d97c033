/**
 * One replay of one history, stepped: the single stepping implementation the UI, the CLI and the
 * bridge share. Commands come from a workflow component (through the host driver) or from the
 * history itself (echo). Going back (or jumping ahead) restores the nearest checkpoint at or
 * before the target (the engine's state and the guest's, see checkpoints.ts) and re-executes from
 * there: replay is deterministic, so the same steps come out again. Where the guest's state cannot
 * be captured, `checkpointNote` says why and going back re-executes from the start.
 */
import type { coresdk } from '../proto/index.ts';
import { WorkflowRunDriver } from '../host/driver.ts';
import { driveRun, type WorkflowCode } from '../host/load.ts';
import type { ActivationCompletion, ActivationDriver, RunDriver, RunOptions } from '../host/run.ts';
import { HistoryEcho } from '../core/echo.ts';
import { eventIdOf, eventTypeName, type HistoryEvent } from '../core/events.ts';
import { Replayer, type ReplayOptions, type Verdict } from '../core/replay.ts';
import type { NotChecked, UncheckedDifference } from '../core/workflow-machines.ts';
import type { SourcePosition } from '../host/sources.ts';
import type { Breakpoint } from './breakpoint.ts';
import { buildDivergence, summarizeCommand, type Divergence } from './divergence.ts';
import { Checkpoints, type CheckpointPolicy } from './checkpoints.ts';

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

/** The session's own part of a checkpoint (the replay engine, and where the session stood). */
export interface SessionState {
  replayer: Replayer;
  echo: HistoryEcho;
  eventsApplied: number;
  verdict: SessionVerdict;
  divergence: Divergence | undefined;
}

export interface SessionOptions extends ReplayOptions {
  namespace?: string;
  taskQueue?: string;
  checkpoints?: CheckpointPolicy;
  /** Told of every guest call the session's run enters and leaves (an engine worker's watchdog). */
  onGuestCall?: RunOptions['onGuestCall'];
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
  private checkpoints!: Checkpoints;
  /** Every step of this replay found so far, also those after the cursor (replay is deterministic). */
  private readonly known: SessionStep[] = [];

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

  /** Copies of the guest's memories now, when it runs in this thread (tests compare states). */
  guestMemories(): Uint8Array[] {
    return this.driver instanceof WorkflowRunDriver ? this.driver.guestMemories() : [];
  }

  /** History-only replay: what was taken as recorded for want of a check (so far replayed). */
  get notChecked(): readonly NotChecked[] {
    return this.replayer.machines.notChecked;
  }

  get done(): boolean {
    return this.verdict.kind !== 'running';
  }

  /** Why going back re-executes from the start rather than from a checkpoint, when it does. */
  get checkpointNote(): string | undefined {
    return this.checkpoints.note;
  }

  /**
   * Restores that needed another guest instance than the running one (made, or reused), spares
   * grown to a rung, and the bytes held to restore fast besides the checkpoints (spare instances,
   * memory diffs' copies); `prepared`: memories restored with the comparison made while the
   * session was idle.
   */
  get instanceStats(): {
    fresh: number;
    reused: number;
    grown: number;
    bytes: number;
    prepared: number;
  } {
    const driver = this.driver;
    return driver instanceof WorkflowRunDriver
      ? { ...driver.instanceStats, bytes: driver.restoreBytes, prepared: driver.preparedWrites }
      : { fresh: 0, reused: 0, grown: 0, bytes: 0, prepared: 0 };
  }

  /** The session is done with (another replaced it): its run stops preparing restores. */
  close(): void {
    if (this.driver instanceof WorkflowRunDriver) this.driver.dispose();
  }

  /** What the checkpoints hold: how many, and about how many bytes. */
  get checkpointStats(): { count: number; bytes: number } {
    return this.checkpoints.stats();
  }

  /** The driver of a run in this thread (queries at the cursor fork it). */
  get runDriver(): ActivationDriver | RunDriver | undefined {
    return this.driver;
  }

  /** What a checkpoint keeps of the session itself, besides the engine and the guest. */
  sessionState(): SessionState {
    return {
      replayer: this.replayer,
      echo: this.echo,
      eventsApplied: this.eventsApplied,
      verdict: this.verdict,
      divergence: this.divergence,
    };
  }

  private restoreSessionState(state: SessionState, length: number): void {
    this.adopt(state);
    this.steps.length = 0;
    for (let i = 0; i < length; i++) this.steps.push(this.known[i]!);
  }

  /**
   * Goes on from `state`: a restored checkpoint's copy, or the copy a capture made (the checkpoint
   * keeps the objects replay used so far). So replay runs on copies from the first checkpoint on,
   * as it does after every restore, and the code it runs stays optimized for the copies' shapes:
   * the first step back after a long replay deoptimized dozens of functions.
   */
  private adopt(state: SessionState | undefined): void {
    if (!state) return;
    this.replayer = state.replayer;
    this.echo = state.echo;
    this.eventsApplied = state.eventsApplied;
    this.verdict = state.verdict;
    this.divergence = state.divergence;
  }

  private reset(): void {
    // The run starts over in a new driver.
    this.close();
    this.steps.length = 0;
    this.known.length = 0;
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
      const { onGuestCall } = this.options;
      this.driver = driveRun(
        this.source.component,
        {
          namespace: this.options.namespace ?? 'default',
          taskQueue: this.options.taskQueue ?? started?.taskQueue?.name ?? '',
          runId: started?.originalExecutionRunId ?? '',
        },
        onGuestCall ? { onGuestCall } : {},
      );
    }
    this.settle();
    this.checkpoints = new Checkpoints(this.options.checkpoints, this.events, this.driver);
    this.adopt(this.checkpoints.capture(0, this.sessionState()));
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
      // The source line behind each command the code produced, when the component has its map.
      const sites = new Map<IWorkflowCommand, SourcePosition>();
      for (const { completion } of this.steps)
        if (completion?.status === 'success')
          completion.commands.forEach((command, i) => {
            const site = completion.sites?.[i];
            if (site) sites.set(command, site);
          });
      this.divergence = buildDivergence(verdict.message, this.events, wft, commands, event, (c) =>
        sites.get(c),
      );
    }
  }

  /** Produces and answers the next activation. Returns it, or undefined when replay is over. */
  async stepForward(): Promise<SessionStep | undefined> {
    if (this.done) return undefined;
    const started = performance.now();
    // A step taken before, re-executed after a restore: the checkpoint policy passed it over the
    // first time, and capturing it now would make the request re-executing it wait (a capture
    // compares tens of MB, and may make a spare instance).
    const retaken = this.steps.length < this.known.length;
    const step = await this.advance();
    if (step)
      this.adopt(
        this.checkpoints.stepped(
          this.steps.length,
          performance.now() - started,
          () => this.sessionState(),
          !retaken,
        ),
      );
    return step;
  }

  private async advance(): Promise<SessionStep | undefined> {
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
        this.known[step.index] = step;
        return step;
      }
      step.commands = completion.commands.filter((c) => !c.respondToQuery);
    } else {
      step.commands = this.echo.commandsFor(next.wftStartedEventId);
    }
    this.replayer.complete(step.commands);
    this.settle();
    this.known[step.index] = step;
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

  /** Goes back one activation. */
  async stepBack(): Promise<void> {
    await this.goTo(this.steps.length - 2);
  }

  /**
   * Moves to just after step `index` (-1: before the first): from the nearest checkpoint at or
   * before it, or by stepping on when that is where the session is already.
   */
  async goTo(index: number): Promise<void> {
    await this.rewind(index);
    while (this.steps.length <= index && !this.done) {
      if (!(await this.stepForward())) break;
    }
  }

  /**
   * Restores the nearest checkpoint at or before just after step `index`, when the session is
   * past that point or a checkpoint gets closer than where it is; stepping on is the caller's.
   */
  async rewind(index: number): Promise<void> {
    const want = Math.max(0, index + 1);
    const from = this.checkpoints.nearest(want);
    if (want >= this.steps.length && !(from && from.length > this.steps.length)) return;
    if (!from) {
      this.reset();
      return;
    }
    const state = await this.checkpoints.restore(from);
    this.restoreSessionState(state, from.length);
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
