/**
 * The replay engine's centre, playing sdk-core's `WorkflowMachines` for one run: it applies the
 * history one workflow task at a time, turns events into activation jobs, takes the commands lang
 * answered with, and checks each command event in history against the next command in the queue.
 * One small state machine per command (see `machines/`) decides what an event means for it.
 */
import { GrowMap } from './grow-only.ts';
import Long from 'long';
import { commandVariant, type coresdk, type temporal } from '../proto/index.ts';
import { fatal, nondeterminism } from './errors.ts';
import {
  ET,
  attributesOf,
  describeEvent,
  eventIdOf,
  initialCommandEventId,
  isCommandEvent,
  isFinalExecutionEvent,
  isLocalActivityMarker,
  num,
  patchMarkerDetails,
  type HistoryEvent,
} from './events.ts';
import { CoreFlag, InternalFlags } from './flags.ts';
import { orderJobs } from './jobs.ts';
import { randomnessSeed } from './randomness-seed.ts';
import { ActivityMachine } from './machines/activity.ts';
import { ChildWorkflowMachine } from './machines/child-workflow.ts';
import {
  LocalActivityMachine,
  localActivityOutcome,
  type LocalActivityOutcome,
  type LocalActivityResult,
} from './machines/local-activity.ts';
import { UpdateMachine } from './machines/update.ts';
import { CancelExternalMachine, SignalExternalMachine } from './machines/external.ts';
import type { ApiCommand, Job, Machine, MachineResponse, Timestamp } from './machines/machine.ts';
import {
  PatchMachine,
  SingleCommandMachine,
  type SingleCommandKind,
} from './machines/single-command.ts';
import { NexusOperationMachine } from './machines/nexus-operation.ts';
import { TimerMachine } from './machines/timer.ts';
import { WorkflowTaskMachine } from './machines/workflow-task.ts';
import { HistoryCursor } from './wft-sequence.ts';
import { foreignMarker } from './foreign-markers.ts';
import { toPayload } from '../proto/payload.ts';
import {
  cancelExternalCommand,
  childWorkflowCommand,
  patchMarkerCommand,
  scheduleActivityCommand,
  scheduleNexusOperationCommand,
  signalExternalCommand,
  simpleCommand,
  startTimerCommand,
} from './server-commands.ts';

type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;
type IWorkflowActivation = coresdk.workflow_activation.IWorkflowActivation;

interface QueuedCommand {
  command: ApiCommand;
  machine: Machine;
}

export interface MachinesOptions {
  /** Whether new internal flags may be recorded (true for sdk-core's replay worker and a live server). */
  canWriteSdkMetadata?: boolean;
  namespace?: string;
  /**
   * Live: history grows while the run goes on (the simulator appends to the events array it
   * passed in), and nothing is replayed.
   */
  live?: boolean;
  /** sdk-core takes the workflow id from the poll response, not from history. */
  workflowId?: string;
  /** The build id of the (simulated) worker, reported for tasks that are not replayed. */
  workerBuildId?: string;
  /**
   * History-only replay (each task answered with what it recorded): what sdk-core's commands
   * cannot express (other SDKs' markers, timer ids that are not numbers) is taken as recorded and
   * listed in `notChecked`, instead of being nondeterminism.
   */
  historyOnly?: boolean;
  /**
   * The workflow function to run instead of the history's type (InitializeWorkflow says this
   * type): how a renamed or ported workflow is checked against an old history.
   */
  workflowType?: string;
}

/** How applying one event went: skipped events (deprecated patch markers) may take the next along. */
type EventOutcome = 'normal' | 'skip-event' | 'skip-event-and-next';

/** Lang command kinds that create or address a machine, by the `seq` they carry. */
type SeqKind =
  | 'timer'
  | 'activity'
  | 'child'
  | 'signal-external'
  | 'cancel-external'
  | 'local-activity'
  | 'nexus-operation';

const TERMINAL_KINDS = [
  'completeWorkflowExecution',
  'failWorkflowExecution',
  'cancelWorkflowExecution',
  'continueAsNewWorkflowExecution',
] as const;

function timestampOf(e: HistoryEvent): Timestamp | undefined {
  return e.eventTime
    ? { seconds: num(e.eventTime.seconds), nanos: e.eventTime.nanos ?? 0 }
    : undefined;
}

const later = (a: Timestamp, b: Timestamp) =>
  a.seconds > b.seconds || (a.seconds === b.seconds && a.nanos > b.nanos);

export class WorkflowMachines {
  private readonly cursor: HistoryCursor;
  readonly flags: InternalFlags;
  private readonly previousWftStartedId: number;

  /** Event id of the last handled WorkflowTaskStarted. */
  private currentStartedEventId = 0;
  private nextStartedEventId = 0;
  lastProcessedEvent = 0;
  replaying: boolean;
  haveSeenTerminalEvent = false;

  readonly workflowId: string;
  readonly workflowType: string;
  private readonly taskQueue: string;
  runId: string;

  private currentWfTime: Timestamp | undefined;
  private historySizeBytes = 0;
  private continueAsNewSuggested = false;
  private suggestContinueAsNewReasons: number[] = [];
  private targetDeploymentVersionChanged = false;
  private currentWftDeployment: { deploymentName: string; buildId: string } | undefined;

  private readonly machinesByEventId = new GrowMap<number, Machine>();
  private readonly idToMachine = new GrowMap<string, Machine>();
  private readonly coreCreated = new Set<Machine>();
  private commands: QueuedCommand[] = [];
  private currentWfTaskCommands: QueuedCommand[] = [];
  private readonly encounteredPatchMarkers = new Map<string, { createdCommand: boolean }>();
  private jobs: Job[] = [];
  /** Local activity outcomes seen ahead in history, in marker order. */
  private preresolutions: LocalActivityOutcome[] = [];
  private localActivityRequests: coresdk.workflow_commands.IScheduleLocalActivity[] = [];
  private readonly updatesByInstanceId = new Map<string, UpdateMachine>();
  /** Admitted updates seen live, waiting for the event after them (sdk-core's protocol messages). */
  private admittedUpdates: UpdateRequest[] = [];
  /** The event being applied when something went wrong, for pointing at it. */
  eventInProgress: HistoryEvent | undefined;
  /** Differences sdk-core lets through because the history lacks the flag that checks them. */
  readonly uncheckedDifferences: UncheckedDifference[] = [];
  /** History-only replay: events taken as recorded because no sdk-core command expresses them. */
  readonly notChecked: NotChecked[] = [];

  constructor(
    events: readonly HistoryEvent[],
    private readonly options: MachinesOptions = {},
  ) {
    const first = events[0];
    const started = first?.workflowExecutionStartedEventAttributes;
    if (!first || !started)
      throw fatal('First event in history was not workflow execution started!');
    this.cursor = new HistoryCursor(events);
    this.flags = new InternalFlags(options.canWriteSdkMetadata ?? true);
    this.workflowId = options.workflowId ?? '';
    this.workflowType = started.workflowType?.name ?? '';
    this.runId = started.originalExecutionRunId ?? '';
    this.previousWftStartedId = previousStartedEventId(events);
    this.replaying = !options.live && this.previousWftStartedId > 0;
    this.taskQueue = started.taskQueue?.name ?? '';
    const firstCompleted = this.cursor.peekNextWftCompleted(0);
    if (firstCompleted) this.flags.addFromCompleted(firstCompleted);
  }

  // ── Applying history ─────────────────────────────────────────────────────────────────────────

  /** Applies the next workflow task's events. Returns how many events it processed. */
  applyNextWft(): number {
    if (this.haveSeenTerminalEvent) {
      this.replaying = false;
      return 0;
    }
    const lastHandled = this.currentStartedEventId;
    const next = this.cursor.take(lastHandled);
    const events =
      next === 'replay-over'
        ? []
        : next.events.filter((e) => eventIdOf(e) > this.lastProcessedEvent);
    const hasFinalEvent = next === 'replay-over' ? true : next.isLast;

    const applyCompleted = (
      attrs: temporal.api.history.v1.IWorkflowTaskCompletedEventAttributes,
    ) => {
      this.flags.addFromCompleted(attrs);
      const version = deploymentVersionOf(attrs);
      if (version) this.currentWftDeployment = version;
    };
    events.forEach((event, i) => {
      if (event.workflowTaskCompletedEventAttributes)
        applyCompleted(event.workflowTaskCompletedEventAttributes);
      if (i === events.length - 1) {
        const peeked = this.cursor.peekNextWftCompleted(eventIdOf(event));
        if (peeked) applyCompleted(peeked);
      }
    });

    if (events.length === 0) this.replaying = false;
    const last = events.at(-1);
    if (last && last.eventType === ET.WorkflowTaskStarted)
      this.nextStartedEventId = eventIdOf(last);

    let skipNext = false;
    const admitted = new Map<string, UpdateRequest>();
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const eid = eventIdOf(event);
      if (eid !== this.lastProcessedEvent + 1) {
        throw fatal(
          `History is out of order. Last processed event: ${this.lastProcessedEvent}, event id: ${eid}`,
        );
      }
      if (
        this.replaying &&
        hasFinalEvent &&
        eid > this.previousWftStartedId &&
        event.eventType !== ET.WorkflowTaskCompleted &&
        !isCommandEvent(event)
      ) {
        this.replaying = false;
      }
      this.eventInProgress = event;
      const admittedAttrs = event.workflowExecutionUpdateAdmittedEventAttributes;
      if (admittedAttrs) {
        // A durable update request: on replay it waits for its UpdateAccepted; live, it is handled now.
        const request = updateRequestFrom(
          admittedAttrs.request,
          `${admittedAttrs.request?.meta?.updateId ?? ''}/request`,
          eid,
        );
        if (this.replaying) admitted.set(request.protocolInstanceId, request);
        else this.admittedUpdates.push(request);
        skipNext = true;
      }
      // sdk-core handles a new admitted update just before the event after it, so one that ends
      // history (no task started for it yet) reaches lang only once a task is.
      while (this.admittedUpdates[0] && this.admittedUpdates[0].sequencingEventId < eid)
        this.handleUpdateRequest(this.admittedUpdates.shift()!);
      if (skipNext) {
        skipNext = false;
      } else {
        const outcome = this.handleEvent(event, events[i + 1], hasFinalEvent);
        if (outcome === 'skip-event-and-next') skipNext = true;
      }
      this.lastProcessedEvent = eid;
    }
    this.eventInProgress = undefined;

    // Look ahead into the next task for what must already be visible now: patches, local activity
    // results and accepted updates, as they were when the history was written.
    const delayed: Array<() => void> = [];
    for (const e of this.cursor.peek(lastHandled)) {
      const patch = patchMarkerDetails(e);
      if (patch) {
        this.encounteredPatchMarkers.set(patch.patchId, { createdCommand: false });
        this.jobs.push({ notifyHasPatch: { patchId: patch.patchId } });
      } else if (isLocalActivityMarker(e)) {
        const outcome = localActivityOutcome(e);
        if (!outcome) throw fatal(`Local activity marker was unparsable: ${describeEvent(e)}`);
        delayed.push(() => {
          const existing = this.idToMachine.get(this.key('local-activity', outcome.marker.seq));
          if (existing instanceof LocalActivityMachine && !existing.willAcceptResolveMarker())
            return;
          this.preresolutions.push(outcome);
          this.applyPeekedLocalActivityResolutions();
        });
      } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
        const a = e.workflowExecutionUpdateAcceptedEventAttributes;
        const request =
          admitted.get(a.protocolInstanceId ?? '') ??
          updateRequestFrom(
            a.acceptedRequest,
            a.acceptedRequestMessageId ?? '',
            num(a.acceptedRequestSequencingEventId),
            a.protocolInstanceId ?? '',
          );
        admitted.delete(a.protocolInstanceId ?? '');
        delayed.push(() => this.handleUpdateRequest(request));
      }
    }
    for (const action of delayed) action();
    return events.length;
  }

  private handleEvent(
    event: HistoryEvent,
    next: HistoryEvent | undefined,
    lastTaskInHistory: boolean,
  ): EventOutcome {
    if (isFinalExecutionEvent(event)) this.haveSeenTerminalEvent = true;
    if (
      event.eventType === ET.WorkflowExecutionTerminated ||
      event.eventType === ET.WorkflowExecutionTimedOut
    ) {
      if (next || !lastTaskInHistory)
        throw fatal(
          'Machines were fed a history which has an event after workflow execution was terminated!',
        );
      return 'normal';
    }
    if (!event.eventType || !attributesOf(event)) {
      if (event.workerMayIgnore) return 'normal';
      throw fatal(
        `Event type is unspecified! This history is invalid. Event detail: ${describeEvent(event)}`,
      );
    }
    if (isCommandEvent(event)) return this.handleCommandEvent(event, next, lastTaskInHistory);

    const wftStarted = event.workflowTaskStartedEventAttributes;
    if (wftStarted) {
      this.historySizeBytes = num(wftStarted.historySizeBytes);
      this.continueAsNewSuggested = wftStarted.suggestContinueAsNew ?? false;
      this.suggestContinueAsNewReasons = [...(wftStarted.suggestContinueAsNewReasons ?? [])];
      this.targetDeploymentVersionChanged =
        wftStarted.targetWorkerDeploymentVersionChanged ?? false;
    }
    const initial = initialCommandEventId(event);
    if (initial !== undefined) {
      const machine = this.machinesByEventId.get(initial);
      if (!machine) {
        throw nondeterminism(
          `During event handling, this event had an initial command ID but we could not find a matching command for it: ${describeEvent(event)}`,
        );
      }
      this.process(
        machine,
        machine.handleEvent({ event, replaying: this.replaying, lastTaskInHistory }),
      );
    } else {
      this.handleNonStatefulEvent(event);
    }
    return 'normal';
  }

  private handleCommandEvent(
    event: HistoryEvent,
    next: HistoryEvent | undefined,
    lastTaskInHistory: boolean,
  ): EventOutcome {
    const foreign = this.options.historyOnly ? foreignMarker(event) : undefined;
    if (foreign) {
      this.notChecked.push({
        eventId: eventIdOf(event),
        subject: `${foreign.sdk} ${foreign.name} marker: ${foreign.summary}`,
        reason: `sdk-core has no command for ${foreign.sdk === 'another SDK' ? 'this marker' : `the ${foreign.sdk} SDK's ${foreign.name} markers`}, so no check applies to it; replay goes on past it`,
      });
      return 'normal';
    }
    if (isLocalActivityMarker(event)) {
      const outcome = localActivityOutcome(event);
      if (!outcome) throw fatal(`Local activity marker was unparsable: ${describeEvent(event)}`);
      const machine = this.idToMachine.get(this.key('local-activity', outcome.marker.seq));
      if (!machine)
        throw nondeterminism(`Missing associated machine for LocalActivity(${outcome.marker.seq})`);
      if (!(machine instanceof LocalActivityMachine))
        throw fatal(
          `Encountered local activity marker but the associated machine was of the wrong type! ${describeEvent(event)}`,
        );
      if (machine.markerGetsSpecialHandling()) {
        this.process(
          machine,
          machine.handleEvent({ event, replaying: this.replaying, lastTaskInHistory }),
        );
        return 'normal';
      }
    }
    for (;;) {
      const front = this.commands[0];
      const patchOutcome = patchMarkerHandling(event, front?.machine, next);
      if (patchOutcome === 'skip-command') {
        this.commands.shift();
        continue;
      }
      if (patchOutcome !== 'normal') return patchOutcome;
      const command = this.commands.shift();
      if (!command) throw nondeterminism(`No command scheduled for event ${describeEvent(event)}`);
      if (command.machine.wasCancelledBeforeSent()) continue;
      this.process(
        command.machine,
        command.machine.handleEvent({ event, replaying: this.replaying, lastTaskInHistory }),
      );
      const timerId = event.timerStartedEventAttributes?.timerId ?? '';
      if (
        this.options.historyOnly &&
        command.machine instanceof TimerMachine &&
        event.timerStartedEventAttributes &&
        timerId !== String(command.machine.seq)
      ) {
        command.machine.adoptRecordedId(timerId);
        this.notChecked.push({
          eventId: eventIdOf(event),
          subject: `timer id ${JSON.stringify(timerId)}`,
          reason:
            "sdk-core names timers by sequence number and checks the fired timer's id against it; this SDK chose its own ids, so that check does not apply",
        });
      }
      if (!command.machine.isFinal()) this.machinesByEventId.set(eventIdOf(event), command.machine);
      return 'normal';
    }
  }

  private handleNonStatefulEvent(event: HistoryEvent): void {
    const eid = eventIdOf(event);
    switch (event.eventType) {
      case ET.WorkflowExecutionStarted: {
        const attrs = event.workflowExecutionStartedEventAttributes!;
        const time = timestampOf(event);
        if (time) this.setCurrentTime(time);
        const job = initializeJob(attrs, this.workflowId, event);
        if (this.options.workflowType) job.workflowType = this.options.workflowType;
        this.jobs.push({ initializeWorkflow: job });
        return;
      }
      case ET.WorkflowTaskScheduled: {
        const machine = new WorkflowTaskMachine(this.nextStartedEventId);
        this.process(
          machine,
          machine.handleEvent({ event, replaying: this.replaying, lastTaskInHistory: false }),
        );
        this.machinesByEventId.set(eid, machine);
        return;
      }
      case ET.WorkflowExecutionSignaled: {
        const a = event.workflowExecutionSignaledEventAttributes!;
        this.jobs.push({
          signalWorkflow: {
            signalName: a.signalName ?? '',
            originatingEventId: Long.fromNumber(eid),
            input: a.input?.payloads ?? [],
            identity: a.identity ?? '',
            headers: a.header?.fields ?? {},
          },
        });
        return;
      }
      case ET.WorkflowExecutionCancelRequested: {
        const a = event.workflowExecutionCancelRequestedEventAttributes!;
        this.jobs.push({ cancelWorkflow: { reason: a.cause ?? '' } });
        return;
      }
    }
    throw fatal(
      `The event is not a non-stateful event, but we tried to handle it as one: ${describeEvent(event)}`,
    );
  }

  private setCurrentTime(time: Timestamp): void {
    if (!this.currentWfTime || later(time, this.currentWfTime)) this.currentWfTime = time;
  }

  private process(machine: Machine, responses: MachineResponse[]): void {
    for (const r of responses) {
      switch (r.kind) {
        case 'job':
          if (!this.coreCreated.has(machine)) this.jobs.push(r.job);
          break;
        case 'wft-started':
          this.currentStartedEventId = r.startedEventId;
          this.setCurrentTime(r.time);
          break;
        case 'new-run-id':
          this.jobs.push({ updateRandomSeed: { randomnessSeed: randomnessSeed(r.runId) } });
          break;
        case 'command':
          this.currentWfTaskCommands.push({ command: r.command, machine });
          break;
        case 'core-command': {
          const internal = new CancelExternalMachine(0);
          this.coreCreated.add(internal);
          this.currentWfTaskCommands.push({ command: r.command, machine: internal });
          break;
        }
        case 'update-time':
          this.setCurrentTime(r.time);
          break;
        case 'unchecked':
          this.uncheckedDifferences.push({
            eventId: this.eventInProgress ? eventIdOf(this.eventInProgress) : 0,
            message: r.message,
          });
          break;
      }
    }
  }

  // ── Activations out ──────────────────────────────────────────────────────────────────────────

  /** Event id of the WorkflowTaskStarted of the task lang is working on. */
  get currentWftStartedEventId(): number {
    return this.currentStartedEventId;
  }

  hasPendingJobs(): boolean {
    return this.jobs.length > 0;
  }

  /** Drains the pending jobs into an activation, as sdk-core would ship it. */
  takeActivation(): IWorkflowActivation {
    const jobs = orderJobs(this.jobs);
    this.jobs = [];
    const allQuery = jobs.length > 0 && jobs.every((j) => j.queryWorkflow);
    const isReplaying = this.replaying || allQuery;
    // Replaying, a task ran on whatever version recorded it; live, on this worker's.
    if (!isReplaying)
      this.currentWftDeployment = this.options.workerBuildId
        ? { deploymentName: '', buildId: this.options.workerBuildId }
        : undefined;
    return {
      timestamp: this.currentWfTime
        ? { seconds: Long.fromNumber(this.currentWfTime.seconds), nanos: this.currentWfTime.nanos }
        : null,
      isReplaying,
      runId: this.runId,
      historyLength: this.lastProcessedEvent,
      jobs,
      availableInternalFlags: this.flags.langFlags(),
      historySizeBytes: Long.fromNumber(this.historySizeBytes, true),
      continueAsNewSuggested: this.continueAsNewSuggested,
      lastSdkVersion: this.flags.lastSdkVersion,
      suggestContinueAsNewReasons: this.suggestContinueAsNewReasons,
      targetWorkerDeploymentVersionChanged: this.targetDeploymentVersionChanged,
      deploymentVersionForCurrentTask: this.currentWftDeployment ?? null,
    };
  }

  // ── Commands in ──────────────────────────────────────────────────────────────────────────────

  /** Feeds lang's commands for the current activation, then applies history as far as replay allows. */
  completeActivation(commands: IWorkflowCommand[], usedLangFlags: readonly number[] = []): void {
    this.flags.addLangUsed(usedLangFlags);
    const ordered = this.orderTerminals(commands.filter((c) => !c.respondToQuery));
    for (const command of ordered) this.handleDrivenCommand(command);
    this.applyPeekedLocalActivityResolutions();
    this.prepareCommands();
    if (this.jobs.length > 0) return;
    for (;;) {
      const consumed = this.applyNextWft();
      if (consumed === 0 || !this.replaying || this.jobs.length > 0) break;
    }
  }

  /** First terminal command last (or, for histories from before that rule, drop what follows it). */
  private orderTerminals(commands: IWorkflowCommand[]): IWorkflowCommand[] {
    const isTerminal = (c: IWorkflowCommand) => TERMINAL_KINDS.some((k) => c[k] != null);
    if (this.replaying && !this.flags.tryUse(CoreFlag.MoveTerminalCommands, false)) {
      const index = commands.findIndex(isTerminal);
      return index < 0 ? commands : commands.slice(0, index + 1);
    }
    const terminal = commands.find(isTerminal);
    return [...commands.filter((c) => !isTerminal(c)), ...(terminal ? [terminal] : [])];
  }

  private key(kind: SeqKind, seq: number | null | undefined): string {
    return `${kind}:${seq ?? 0}`;
  }

  private machineFor<T extends Machine>(
    kind: SeqKind,
    seq: number | null | undefined,
    type: new (...args: never[]) => T,
    what: string,
  ): T {
    const machine = this.idToMachine.get(this.key(kind, seq));
    if (!machine) throw nondeterminism(`Missing associated machine for ${what}(${seq ?? 0})`);
    if (!(machine instanceof type)) {
      throw nondeterminism(
        `Machine was not a ${type.name} when it should have been during cancellation: ${what}(${seq ?? 0})`,
      );
    }
    return machine;
  }

  private addCommand(
    machine: Machine,
    command: ApiCommand,
    id?: [SeqKind, number | null | undefined],
  ): void {
    if (id) this.idToMachine.set(this.key(...id), machine);
    this.currentWfTaskCommands.push({ command, machine });
  }

  private handleDrivenCommand(command: IWorkflowCommand): void {
    const kind = commandVariant(command);
    const namespace = this.options.namespace ?? 'default';
    switch (kind) {
      case 'startTimer':
        return this.addCommand(
          new TimerMachine(command.startTimer!.seq ?? 0),
          startTimerCommand(command.startTimer!),
          ['timer', command.startTimer!.seq],
        );
      case 'cancelTimer': {
        const m = this.machineFor('timer', command.cancelTimer!.seq, TimerMachine, 'Timer');
        return this.process(m, m.cancel());
      }
      case 'scheduleActivity':
        return this.addCommand(
          new ActivityMachine(command.scheduleActivity!, this.flags),
          scheduleActivityCommand(command.scheduleActivity!, this.taskQueue),
          ['activity', command.scheduleActivity!.seq],
        );
      case 'requestCancelActivity': {
        const m = this.machineFor(
          'activity',
          command.requestCancelActivity!.seq,
          ActivityMachine,
          'Activity',
        );
        return this.process(m, m.cancel());
      }
      case 'completeWorkflowExecution':
      case 'failWorkflowExecution':
      case 'cancelWorkflowExecution':
      case 'continueAsNewWorkflowExecution': {
        const machineKind: Record<string, SingleCommandKind> = {
          completeWorkflowExecution: 'complete',
          failWorkflowExecution: 'fail',
          cancelWorkflowExecution: 'cancel',
          continueAsNewWorkflowExecution: 'continueAsNew',
        };
        return this.addCommand(
          new SingleCommandMachine(machineKind[kind]!),
          simpleCommand(command)!,
        );
      }
      case 'upsertWorkflowSearchAttributes':
        return this.addCommand(
          new SingleCommandMachine('upsertSearchAttributes'),
          simpleCommand(command)!,
        );
      case 'modifyWorkflowProperties':
        return this.addCommand(
          new SingleCommandMachine('modifyProperties'),
          simpleCommand(command)!,
        );
      case 'setPatchMarker':
        return this.setPatchMarker(command.setPatchMarker!);
      case 'startChildWorkflowExecution':
        return this.addCommand(
          new ChildWorkflowMachine(command.startChildWorkflowExecution!, this.flags),
          childWorkflowCommand(command.startChildWorkflowExecution!, namespace, this.taskQueue),
          ['child', command.startChildWorkflowExecution!.seq],
        );
      case 'cancelChildWorkflowExecution': {
        const a = command.cancelChildWorkflowExecution!;
        const m = this.machineFor(
          'child',
          a.childWorkflowSeq,
          ChildWorkflowMachine,
          'ChildWorkflowStart',
        );
        return this.process(m, m.cancel(a.reason ?? ''));
      }
      case 'requestCancelExternalWorkflowExecution': {
        const a = command.requestCancelExternalWorkflowExecution!;
        const reason = `Cancel requested by workflow with run id ${this.runId} with reason: ${a.reason ?? ''}`;
        return this.addCommand(
          new CancelExternalMachine(a.seq ?? 0),
          cancelExternalCommand(a.workflowExecution ?? {}, false, reason),
          ['cancel-external', a.seq],
        );
      }
      case 'signalExternalWorkflowExecution':
        return this.addCommand(
          new SignalExternalMachine(command.signalExternalWorkflowExecution!.seq ?? 0),
          signalExternalCommand(command.signalExternalWorkflowExecution!, namespace),
          ['signal-external', command.signalExternalWorkflowExecution!.seq],
        );
      case 'cancelSignalWorkflow': {
        const m = this.machineFor(
          'signal-external',
          command.cancelSignalWorkflow!.seq,
          SignalExternalMachine,
          'SignalExternal',
        );
        return this.process(m, m.cancel());
      }
      case 'scheduleLocalActivity': {
        const a = command.scheduleLocalActivity!;
        const machine = new LocalActivityMachine(a, this.replaying, this.flags, this.currentWfTime);
        this.idToMachine.set(this.key('local-activity', a.seq), machine);
        if (!this.replaying) this.localActivityRequests.push(a);
        return;
      }
      case 'requestCancelLocalActivity': {
        const m = this.machineFor(
          'local-activity',
          command.requestCancelLocalActivity!.seq,
          LocalActivityMachine,
          'LocalActivity',
        );
        return this.process(m, m.cancel());
      }
      case 'scheduleNexusOperation':
        return this.addCommand(
          new NexusOperationMachine(command.scheduleNexusOperation!),
          scheduleNexusOperationCommand(command.scheduleNexusOperation!),
          ['nexus-operation', command.scheduleNexusOperation!.seq],
        );
      case 'requestCancelNexusOperation': {
        const m = this.machineFor(
          'nexus-operation',
          command.requestCancelNexusOperation!.seq,
          NexusOperationMachine,
          'NexusOperation',
        );
        return this.process(m, m.cancel());
      }
      case 'updateResponse': {
        const a = command.updateResponse!;
        const machine = this.updatesByInstanceId.get(a.protocolInstanceId ?? '');
        if (!machine)
          throw fatal(`Missing associated machine for protocol message ${a.protocolInstanceId}`);
        if (!a.accepted && !a.rejected && !a.completed) {
          throw fatal(
            `Update response for update ${machine.updateId} had an empty result, this is a lang layer bug.`,
          );
        }
        return this.process(machine, machine.respond(a));
      }
    }
    throw fatal(`This engine cannot handle ${kind} commands yet.`);
  }

  private setPatchMarker(attrs: coresdk.workflow_commands.ISetPatchMarker): void {
    const patchId = attrs.patchId ?? '';
    const seen = this.encounteredPatchMarkers.get(patchId);
    if (seen?.createdCommand) return;
    this.addCommand(
      new PatchMachine(patchId),
      patchMarkerCommand(patchId, attrs.deprecated ?? false),
    );
    // Recording TemporalChangeVersion alongside patches only applies to histories that used it.
    const useFlag = this.flags.tryUse(CoreFlag.UpsertSearchAttributeOnPatch, !this.replaying);
    if (useFlag && !(this.replaying && !seen)) {
      const created = [...this.encounteredPatchMarkers]
        .filter(([, v]) => v.createdCommand)
        .map(([id]) => id);
      const value = toPayload([...new Set([...created, patchId])].sort());
      value.metadata = { ...value.metadata, type: new TextEncoder().encode('KeywordList') };
      this.currentWfTaskCommands.push({
        command: {
          commandType: 'UpsertWorkflowSearchAttributes',
          attributes: { searchAttributes: { indexedFields: { TemporalChangeVersion: value } } },
        },
        machine: new SingleCommandMachine('upsertSearchAttributes'),
      });
    }
    this.encounteredPatchMarkers.set(patchId, { createdCommand: true });
  }

  /** Local activities lang scheduled that someone must now run (live only). */
  takeLocalActivityRequests(): coresdk.workflow_commands.IScheduleLocalActivity[] {
    const requests = this.localActivityRequests;
    this.localActivityRequests = [];
    return requests;
  }

  /** Reports how a local activity run went (live only); its result reaches lang as a job. */
  resolveLocalActivity(seq: number, outcome: LocalActivityResult): void {
    const machine = this.machineFor('local-activity', seq, LocalActivityMachine, 'LocalActivity');
    this.process(machine, machine.resolveExecuted(outcome));
  }

  /** Queues this task's new commands for matching, telling each machine its command is out. */
  private prepareCommands(): void {
    this.commands = this.commands.filter((c) => !c.machine.wasCancelledBeforeSent());
    for (const c of this.currentWfTaskCommands) {
      if (c.machine.wasCancelledBeforeSent()) continue;
      this.process(c.machine, c.machine.handleCommand(c.command.commandType));
      this.commands.push(c);
    }
    this.currentWfTaskCommands = [];
  }

  /** Resolves scheduled local activities from markers, in marker order, stopping at the first unscheduled one. */
  private applyPeekedLocalActivityResolutions(): void {
    while (this.preresolutions.length > 0) {
      const next = this.preresolutions[0]!;
      const machine = this.idToMachine.get(this.key('local-activity', next.marker.seq));
      if (!machine) break;
      if (!(machine instanceof LocalActivityMachine))
        throw nondeterminism(
          'Peeked local activity marker but the associated machine was of the wrong type',
        );
      this.preresolutions.shift();
      this.process(machine, machine.resolveFromMarker(next));
    }
  }

  /** An update request that arrived with the current workflow task (live only). */
  deliverUpdateRequest(request: temporal.api.update.v1.IRequest, sequencingEventId: number): void {
    const updateId = request.meta?.updateId ?? '';
    this.handleUpdateRequest(updateRequestFrom(request, `${updateId}/request`, sequencingEventId));
  }

  private handleUpdateRequest(request: UpdateRequest): void {
    const machine = new UpdateMachine(
      request.updateId,
      request.messageId,
      request.protocolInstanceId,
    );
    this.updatesByInstanceId.set(request.protocolInstanceId, machine);
    this.jobs.push({
      doUpdate: {
        id: request.updateId,
        protocolInstanceId: request.protocolInstanceId,
        name: request.name,
        input: request.input,
        headers: request.headers,
        meta: request.meta,
        runValidator: !this.replaying,
      },
    });
  }

  /** Commands awaiting their events (what the next workflow task completion would send). */
  pendingCommands(): ApiCommand[] {
    return this.commands.filter((c) => !c.machine.isFinal()).map((c) => c.command);
  }
}

/**
 * A command that differs from the event history recorded for it in a way sdk-core checks only
 * under core flag 1 (IdAndTypeDeterminismChecks), which the history's SDK did not record.
 */
export interface UncheckedDifference {
  eventId: number;
  /** What sdk-core would have said, were the check on. */
  message: string;
}

/** What history-only replay took as recorded, and why no check applied. */
export interface NotChecked {
  eventId: number;
  /** What the event records, e.g. `Go Version marker: change id "x", version 1`. */
  subject: string;
  reason: string;
}

interface UpdateRequest {
  updateId: string;
  protocolInstanceId: string;
  messageId: string;
  sequencingEventId: number;
  name: string;
  input: temporal.api.common.v1.IPayload[];
  headers: Record<string, temporal.api.common.v1.IPayload>;
  meta: temporal.api.update.v1.IMeta | null;
}

function updateRequestFrom(
  request: temporal.api.update.v1.IRequest | null | undefined,
  messageId: string,
  sequencingEventId: number,
  protocolInstanceId?: string,
): UpdateRequest {
  if (!request) throw fatal('Update accepted event must contain accepted request');
  const updateId = request.meta?.updateId ?? '';
  return {
    updateId,
    protocolInstanceId: protocolInstanceId ?? updateId,
    messageId,
    sequencingEventId,
    name: request.input?.name ?? '',
    input: request.input?.args?.payloads ?? [],
    headers: request.input?.header?.fields ?? {},
    meta: request.meta ?? null,
  };
}

/** The worker version a WorkflowTaskCompleted names, newest field first, as sdk-core combines them. */
function deploymentVersionOf(
  a: temporal.api.history.v1.IWorkflowTaskCompletedEventAttributes,
): { deploymentName: string; buildId: string } | undefined {
  let version = { deploymentName: '', buildId: a.workerVersion?.buildId ?? '' };
  if (a.workerDeploymentName) version.deploymentName = a.workerDeploymentName;
  if (a.workerDeploymentVersion) {
    const dot = a.workerDeploymentVersion.indexOf('.');
    if (dot > 0)
      version = {
        deploymentName: a.workerDeploymentVersion.slice(0, dot),
        buildId: a.workerDeploymentVersion.slice(dot + 1),
      };
  }
  if (a.deploymentVersion)
    version = {
      deploymentName: a.deploymentVersion.deploymentName ?? '',
      buildId: a.deploymentVersion.buildId ?? '',
    };
  return version.deploymentName || version.buildId ? version : undefined;
}

/** sdk-core's patch-marker rules while matching command events. */
function patchMarkerHandling(
  event: HistoryEvent,
  machine: Machine | undefined,
  next: HistoryEvent | undefined,
): 'normal' | 'skip-command' | 'skip-event' | 'skip-event-and-next' {
  const patchMachine = machine instanceof PatchMachine ? machine : undefined;
  const details = patchMarkerDetails(event);
  const skipOneOrTwo = () =>
    next?.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.[
      'TemporalChangeVersion'
    ]
      ? 'skip-event-and-next'
      : 'skip-event';
  if (details) {
    if (patchMachine)
      return !patchMachine.matchesPatch(details.patchId) && details.deprecated
        ? skipOneOrTwo()
        : 'normal';
    if (details.deprecated) return skipOneOrTwo();
    throw nondeterminism(
      `Non-deprecated patch marker encountered for change ${details.patchId}, but there is no corresponding change command!`,
    );
  }
  return patchMachine ? 'skip-command' : 'normal';
}

/**
 * sdk-core's `previous_started_event_id` for a whole history given to its replay worker: the last
 * workflow task that was started and completed. A history that ends at WorkflowTaskStarted (what
 * a worker polls for a running workflow) has that last task still to do, so it is new work.
 */
function previousStartedEventId(events: readonly HistoryEvent[]): number {
  let previous = 0;
  let current = 0;
  events.forEach((e, i) => {
    if (e.eventType !== ET.WorkflowTaskStarted) return;
    const next = events[i + 1];
    if (next && next.eventType !== ET.WorkflowTaskCompleted) return;
    previous = current;
    current = eventIdOf(e);
  });
  return events.at(-1)?.eventType === ET.WorkflowTaskStarted ? previous : current;
}

/** The InitializeWorkflow job sdk-core builds from WorkflowExecutionStarted. */
function initializeJob(
  a: temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes,
  workflowId: string,
  event: HistoryEvent,
): coresdk.workflow_activation.IInitializeWorkflow {
  return {
    workflowType: a.workflowType?.name ?? '',
    workflowId,
    arguments: a.input?.payloads ?? [],
    randomnessSeed: randomnessSeed(a.originalExecutionRunId ?? ''),
    headers: a.header?.fields ?? {},
    identity: a.identity ?? '',
    parentWorkflowInfo: a.parentWorkflowExecution
      ? {
          namespace: a.parentWorkflowNamespace ?? '',
          workflowId: a.parentWorkflowExecution.workflowId ?? '',
          runId: a.parentWorkflowExecution.runId ?? '',
        }
      : null,
    workflowExecutionTimeout: a.workflowExecutionTimeout ?? null,
    workflowRunTimeout: a.workflowRunTimeout ?? null,
    workflowTaskTimeout: a.workflowTaskTimeout ?? null,
    continuedFromExecutionRunId: a.continuedExecutionRunId ?? '',
    continuedInitiator: a.initiator ?? 0,
    continuedFailure: a.continuedFailure ?? null,
    lastCompletionResult: a.lastCompletionResult ?? null,
    firstExecutionRunId: a.firstExecutionRunId ?? '',
    // sdk-core always fills in a missing initial interval with zero.
    retryPolicy: a.retryPolicy
      ? {
          ...a.retryPolicy,
          initialInterval: a.retryPolicy.initialInterval ?? { seconds: Long.ZERO, nanos: 0 },
        }
      : null,
    attempt: a.attempt ?? 0,
    cronSchedule: a.cronSchedule ?? '',
    workflowExecutionExpirationTime: a.workflowExecutionExpirationTime ?? null,
    cronScheduleToScheduleInterval: a.firstWorkflowTaskBackoff ?? null,
    memo: a.memo ?? null,
    searchAttributes: a.searchAttributes ?? null,
    startTime: event.eventTime ?? { seconds: Long.ZERO, nanos: 0 },
    rootWorkflow: a.rootWorkflowExecution ?? null,
    priority: a.priority ?? null,
    originalExecutionRunId: a.originalExecutionRunId ?? '',
  };
}
