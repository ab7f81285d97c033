/**
 * Drives one workflow run inside a component the way the upstream Rust WASM host does
 * (sdk-core `wf-api-crate`, crates/sdk/src/workflow_future.rs): each activation becomes one
 * `activate` call, one job result per job, then passes of `poll-routine` over the live signal and
 * update routines and then main, until a pass makes no progress or main ends the run.
 *
 * Nothing the guest does escapes as an exception: traps, failures and malformed results become a
 * failed workflow task with a message, as the real worker reports them. WASI calls are answered
 * deterministically from the activation (time, randomness seed) and recorded as hazards.
 */
import {
  ContinueAsNewWorkflowExecution,
  Failure,
  InitializeWorkflow,
  Payload,
  WorkflowActivation,
  WorkflowCommand,
  jobVariant,
  root,
  type Codec,
  type coresdk,
  type temporal,
} from '../proto/index.ts';
import { fromPayload, toPayload } from '../proto/payload.ts';
import { decodeLangFlags } from '../wit/lang-flags.ts';
import { decodeLogRecord } from '../wit/log-record.ts';
import { decodeSite, STACK_TRACE_QUERY } from '../wit/source-site.ts';
import { MAIN_ROUTINE_ID, type Types } from '../wit/index.ts';
import type {
  GuestExports,
  GuestWorkflowInstance,
  HostImports,
  LoadedComponent,
} from './component.ts';
import { describeThrown, readableStack } from './errors.ts';
import { positionOf, type SourceSite } from './sources.ts';
import { mebibytes } from './memory-cap.ts';
import type { ActivationCompletion, RunDriver, RunIdentity, RunOptions } from './run.ts';
import {
  TraceRecorder,
  type CallEntry,
  type HazardEntry,
  type RoutineLabel,
  type TraceEntry,
} from './trace.ts';
import { DeterministicWasi, type WasiState } from './wasi/deterministic-wasi.ts';
import type { WasiCall } from './wasi/hazard.ts';
import { chunkDiffRefusal } from './snapshot/chunk-diff.ts';
import { planSpare, type SpareLimits } from './spare-plan.ts';
import type { GuestHistory, GuestImage, GuestState } from './snapshot/guest-state.ts';

type IWorkflowActivation = coresdk.workflow_activation.IWorkflowActivation;
type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;
type IFailure = temporal.api.failure.v1.IFailure;
type IPayload = temporal.api.common.v1.IPayload;

export type { ActivationCompletion, RunIdentity } from './run.ts';

/** How each job's result must look, decided before the guest sees the activation. */
type JobContext =
  | { kind: 'passive' }
  | { kind: 'signal' }
  | { kind: 'update'; protocolInstanceId: string }
  | { kind: 'query'; queryId: string; queryType: string };

/** A run's state between activations: what `WorkflowRunDriver.restore` puts back. */
export interface DriverCheckpoint {
  readonly traceLength: number;
  readonly activation: number;
  readonly currentDetails: string;
  readonly trapped: string | undefined;
  readonly liveRoutines: ReadonlyArray<{ id: bigint; label: RoutineLabel }>;
  readonly wasi: WasiState;
  /** Undefined before the guest was instantiated. */
  readonly guest: GuestImage | undefined;
}

/**
 * The instances a run keeps set aside for restores (each holds its memory: tens of MB at most), of
 * them how many as small as a fresh instance, and how far apart the rungs are: the most memory a
 * restore should have to add to the instance it picks (see spare-plan.ts).
 */
const SPARE_LIMITS: SpareLimits = { maxSpares: 7, smallSpares: 2, rungBytes: 4 * 2 ** 20 };
/** Memory touched in one slice between requests (a few ms, even where first touches are slow). */
const TOUCH_SLICE_BYTES = 2 ** 20;
/** Quiet time after which the driver prepares the next restore (longer than a run's yields). */
const PREPARE_AFTER_MS = 8;
/**
 * Quiet time after which the driver makes a spare instance. Instantiating is one stretch of tens
 * of ms (hundreds when it sets off a collection): a person stepping through a run, a few keys a
 * second, must never find it in the way; one who stopped to read does not notice it.
 */
const SPARE_AFTER_MS = 400;

interface Spare {
  guest: GuestExports;
  instance: GuestWorkflowInstance;
  state: GuestState;
}

const STATELESS_WASI = new Set([
  'wasi:clocks/wall-clock',
  'wasi:random/random',
  'wasi:random/insecure',
  'wasi:random/insecure-seed',
  'wasi:cli/environment',
  'wasi:cli/exit',
]);

/** temporal.api.enums.v1.WorkflowTaskFailedCause WORKFLOW_WORKER_UNHANDLED_FAILURE. */
const WORKER_UNHANDLED_FAILURE = root.lookupEnum('temporal.api.enums.v1.WorkflowTaskFailedCause')
  .values['WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE']!;

/** A guest that claims progress forever would spin the real worker; we stop and say so. */
export const MAX_POLL_PASSES = 10_000;

class TaskFailed extends Error {
  constructor(
    message: string,
    readonly failure: IFailure = { message },
    readonly forceCause?: number,
    /** The guest trapped (rather than returning a failure): its instance is unusable. */
    readonly trapped = false,
  ) {
    super(message);
  }
}

/** Decodes protobuf bytes the guest handed over; bad bytes fail the task, naming who sent them. */
function decodeFrom<T>(codec: Codec<T>, bytes: Uint8Array, what: string): T {
  try {
    return codec.decode(bytes);
  } catch (thrown) {
    throw new TaskFailed(
      `${what} returned bytes that are not a valid ${codec.type.fullName.slice(1)}: ${describeThrown(thrown)}`,
    );
  }
}

const decodeFailure = (bytes: Uint8Array, what: string): IFailure =>
  decodeFrom(Failure, bytes, what);

/** jco turns a guest `err(failure)` into a thrown ComponentError whose payload is the failure. */
function guestCallError(thrown: unknown, what: string, memoryLimit?: number): TaskFailed {
  if (thrown && typeof thrown === 'object' && 'payload' in thrown) {
    const payload = (thrown as { payload: unknown }).payload;
    if (payload instanceof Uint8Array) {
      const failure = decodeFailure(payload, what);
      // componentize-js guests that throw a plain Error (not `{ payload }`) send an empty failure.
      // componentize-js guests turn a failed allocation into such an error, without a message.
      const message =
        failure.message ||
        (memoryLimit !== undefined
          ? `WASM workflow ran out of memory in ${what}: it reached its ${mebibytes(memoryLimit)} limit`
          : `${what} returned an error whose Failure has no message` +
            (payload.length === 0 ? ' (0 bytes: the guest threw without a failure payload)' : ''));
      return new TaskFailed(message, { ...failure, message });
    }
  }
  const stack = readableStack(thrown);
  // A guest whose allocation failed at the cap traps in its allocator (often as `unreachable`).
  const message =
    memoryLimit !== undefined
      ? `WASM workflow ran out of memory in ${what}: it reached its ${mebibytes(memoryLimit)} limit (${describeThrown(thrown)})`
      : `WASM workflow trapped in ${what}: ${describeThrown(thrown)}`;
  return new TaskFailed(message, { message, stackTrace: stack ?? null }, undefined, true);
}

function jobKinds(activation: IWorkflowActivation): string[] {
  return (activation.jobs ?? []).map((job) => jobVariant(job));
}

/** What `activate` answered, job by job (`FireTimer → none`), or both lists when counts differ. */
function jobResultsText(kinds: string[], tags: string[]): string {
  const pascal = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);
  if (kinds.length === tags.length)
    return kinds.map((k, i) => `${pascal(k)} → ${tags[i]}`).join(', ') || 'no jobs';
  return `${tags.length} job results (${tags.join(', ') || 'none'}) for ${kinds.length} jobs (${kinds.map(pascal).join(', ')})`;
}

function routineLabel(kind: Types.RoutineKind): RoutineLabel {
  switch (kind.tag) {
    case 'main':
      return { kind: 'main' };
    case 'signal':
      return { kind: 'signal', name: kind.val };
    case 'update':
      return {
        kind: 'update',
        name: kind.val.name,
        updateId: kind.val.updateId,
        protocolInstanceId: kind.val.protocolInstanceId,
      };
  }
}

function describeCompletion(completion: Types.RoutineCompletion | undefined): string {
  if (!completion) return 'none';
  const inner = completion.val;
  if (completion.tag === 'main' && inner.tag === 'terminal') return `terminal: ${inner.val.tag}`;
  return `${completion.tag}: ${inner.tag}`;
}

/** Long → bigint for u64 protobuf fields (protobufjs gives Long, number or string). */
function toBigInt(value: unknown): bigint {
  if (value == null) return 0n;
  if (typeof value === 'object' && 'toString' in value) return BigInt(String(value));
  return BigInt(value as number | string);
}

export class WorkflowRunDriver implements RunDriver {
  currentDetails = '';
  private readonly recorder = new TraceRecorder();
  private readonly wasi: DeterministicWasi;
  private guest: GuestExports | undefined;
  private instance: GuestWorkflowInstance | undefined;
  /** Signal and update routines still live across activations, in start order. */
  private liveRoutines: Array<{ id: bigint; label: RoutineLabel }> = [];
  /** Commands the guest pushed during the current activation, in push order. */
  private pushed: IWorkflowCommand[] = [];
  /** Lang flags the guest reported during the current activation. */
  private usedFlags = new Set<number>();
  /** Commands in `pushed` that the host appended itself (the terminal command). */
  private readonly hostMade = new WeakSet<IWorkflowCommand>();
  private pushError: string | undefined;
  private currentCall: number | undefined;
  /** Hazards of the current guest call by interface and function, so repeats count up. */
  private callHazards = new Map<string, HazardEntry>();
  /** Set once the instance trapped: its memory may be half-updated, so it is never called again. */
  private trapped: string | undefined;
  /** What instantiate-workflow was called with, to make a fresh instance for a restore. */
  private instanceInit: Parameters<GuestExports['instantiateWorkflow']>[0] | undefined;
  /** The memory of this run's checkpoints, once the first is taken. */
  private history: GuestHistory | undefined;
  /** The longest trace this run has recorded (restores going forward take entries from it). */
  private furthestTrace: readonly TraceEntry[] = [];
  /** A spare being made (activations and restores wait for it: it shares the host and WASI). */
  private making: Promise<void> | undefined;
  /** A spare's memory being touched in slices (see makeSpare). */
  private touching = false;
  private spareTimer: ReturnType<typeof setTimeout> | undefined;
  /** A spare is missing: it is prepared as makeSpareLater says. */
  private spareWanted = false;
  /** Its session was replaced (see dispose). */
  private disposed = false;
  /** Calls in progress that may run the guest or write its memory (activate, restore). */
  private busy = 0;
  private prepareTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bytes of memory an instance has right after instantiate-workflow (every image fits it). */
  private freshBytes: number | undefined;
  /** The memory sizes (pages of each memory) of this run's checkpoints: one entry per growth. */
  private imageSizes: Array<readonly number[]> = [];
  /**
   * Restores that needed another instance: made afresh, or one set aside earlier; and spares grown
   * to a rung (see spare-plan.ts).
   */
  readonly instanceStats = { fresh: 0, reused: 0, grown: 0 };

  /** Copies of the running instance's memories (to compare two runs' states byte for byte). */
  guestMemories(): Uint8Array[] {
    return this.runningState()?.memories.map((m) => new Uint8Array(m.buffer).slice()) ?? [];
  }

  /** The running instance's state, when there is one and it can be captured. */
  private runningState(): GuestState | undefined {
    const state = this.guest && this.component.guestState(this.guest);
    return state && typeof state !== 'string' ? state : undefined;
  }

  /** Memories restored without comparing them then: the comparison was made while idle. */
  get preparedWrites(): number {
    return this.history?.preparedWrites ?? 0;
  }
  /** Instances set aside by restores, each at the size its memory grew to (see restoreGuest). */
  private spares: Spare[] = [];
  /** While restoring, guest calls made to rebuild an instance leave no trace. */
  private quiet = false;
  /** The run's workflow type: a completion's source line is that function's declaration. */
  private workflowType: string | undefined;
  /** Stacks the guest sent for the next command it pushes in the current call (source-site.ts). */
  private nextCommandStacks: string[] | undefined;
  /** Stacks the guest sent for the main routine's terminal outcome. */
  private terminalStacks: string[] = [];
  /** The source line of each command of the current activation that has one. */
  private commandSites = new Map<IWorkflowCommand, SourceSite>();
  /** Source lines of update handlers, by protocol instance id, for their responses. */
  private readonly updateSites = new Map<string, SourceSite>();

  constructor(
    private readonly component: LoadedComponent,
    private readonly identity: RunIdentity,
    private readonly options: RunOptions = {},
  ) {
    this.wasi = new DeterministicWasi({
      hazard: (call) => this.recordHazard(call),
      output: (source, text) => {
        if (!this.quiet)
          this.recorder.record({ type: 'log', call: this.currentCall, source, text });
      },
    });
  }

  get trace(): readonly TraceEntry[] {
    return this.recorder.entries;
  }

  private get activationIndex(): number {
    return this.recorder.activation;
  }

  private recordHazard(call: WasiCall): void {
    if (this.quiet) return;
    const key = `${call.interface}#${call.function}`;
    const seen = this.callHazards.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    this.callHazards.set(
      key,
      this.recorder.record<HazardEntry>({
        type: 'hazard',
        call: this.currentCall,
        count: 1,
        ...call,
      }),
    );
  }

  private readonly hostImports: HostImports = {
    pushCommand: (bytes) => {
      if (this.quiet) return;
      let command: IWorkflowCommand;
      try {
        command = WorkflowCommand.decode(bytes);
      } catch (thrown) {
        this.pushError ??= `push-command received bytes that are not a coresdk.workflow_commands.WorkflowCommand: ${describeThrown(thrown)}`;
        return;
      }
      this.pushed.push(command);
      const site = this.locate(this.nextCommandStacks);
      this.nextCommandStacks = undefined;
      if (site) this.commandSites.set(command, site);
      this.recorder.record({
        type: 'command',
        call: this.currentCall,
        origin: 'guest',
        command,
        ...(site ? { site } : {}),
      });
    },
    setCurrentDetails: (text) => {
      if (this.quiet) return;
      // Where workflow code was, for what comes next (see src/engine/wit/source-site.ts).
      const site = decodeSite(text);
      if (site) {
        if (site.target.kind === 'command') this.nextCommandStacks = site.stacks;
        else if (site.target.kind === 'terminal') this.terminalStacks = site.stacks;
        else {
          const located = this.locate(site.stacks);
          if (located) this.updateSites.set(site.target.protocolInstanceId, located);
        }
        return;
      }
      const flags = decodeLangFlags(text);
      if (flags) {
        for (const flag of flags) this.usedFlags.add(flag);
        return;
      }
      // The guest SDK's log records travel over set-current-details; they are log lines, not details.
      const log = decodeLogRecord(text);
      if (log) {
        this.recorder.record({
          type: 'log',
          call: this.currentCall,
          source: 'workflow',
          level: log.level.toLowerCase(),
          text: log.message,
          attributes: log.attributes,
          replaying: log.replaying,
        });
        return;
      }
      this.currentDetails = text;
      this.recorder.record({ type: 'details', call: this.currentCall, text });
    },
  };

  /** Maps stacks the guest sent to the workflow's source, when the component carries its map. */
  private locate(stacks: readonly string[] | undefined, declaration = false) {
    const sources = this.component.sources;
    if (!sources || (!stacks && !declaration)) return undefined;
    return sources.locate(stacks ?? [], declaration ? this.workflowType : undefined);
  }

  /** Runs one guest call, timing it and recording it; failures become TaskFailed. */
  private call<T>(
    entry: Omit<CallEntry, 'seq' | 'activation' | 'atMs' | 'durationMs' | 'outcome'>,
    what: string,
    fn: () => T,
    describe: (value: T, entry: CallEntry) => string,
  ): T {
    const recorded = this.recorder.record<CallEntry>({ ...entry, durationMs: 0, outcome: '' });
    this.currentCall = recorded.seq;
    this.callHazards = new Map();
    this.options.onGuestCall?.({ activation: this.activationIndex, call: what });
    const started = performance.now();
    try {
      const value = fn();
      recorded.outcome = describe(value, recorded);
      return value;
    } catch (thrown) {
      const outOfMemory = this.guest !== undefined && this.component.outOfMemory(this.guest);
      const failed =
        thrown instanceof TaskFailed
          ? thrown
          : guestCallError(thrown, what, outOfMemory ? this.component.maxMemoryBytes : undefined);
      if (failed.trapped) this.trapped = failed.message;
      recorded.outcome = 'error';
      recorded.error = failed.message;
      throw failed;
    } finally {
      recorded.durationMs = performance.now() - started;
      this.options.onGuestCall?.(undefined);
      this.wasi.flushOutput();
      this.currentCall = undefined;
      this.nextCommandStacks = undefined;
      if (this.pushError) {
        const message = this.pushError;
        this.pushError = undefined;
        // eslint-disable-next-line no-unsafe-finally -- a malformed push fails the task whatever the call returned
        throw new TaskFailed(message);
      }
    }
  }

  private async ensureInstance(activation: IWorkflowActivation): Promise<GuestWorkflowInstance> {
    if (this.instance) return this.instance;
    const init = activation.jobs?.find((job) => job.initializeWorkflow)?.initializeWorkflow;
    if (!init) {
      throw new TaskFailed('The first activation of a run must carry an InitializeWorkflow job.');
    }
    this.workflowType = init.workflowType ?? undefined;
    if (!this.guest) {
      this.callHazards = new Map();
      // Instantiating runs the component's start code: guest code, so the watchdog must know.
      this.options.onGuestCall?.({
        activation: this.activationIndex,
        call: 'component instantiation',
      });
      try {
        this.guest = await this.component.instantiate(this.hostImports, this.wasi);
      } finally {
        this.options.onGuestCall?.(undefined);
        this.wasi.flushOutput();
      }
    }
    const guest = this.guest;
    const args = {
      namespace: this.identity.namespace,
      taskQueue: this.identity.taskQueue,
      runId: this.identity.runId,
      initializeWorkflow: InitializeWorkflow.encode(init),
    };
    this.instanceInit = args;
    try {
      this.instance = this.call(
        { type: 'instantiate' },
        'instantiate-workflow',
        () => guest.instantiateWorkflow(args),
        () => 'instance',
      );
      this.freshBytes ??= this.spareOf(guest, this.instance)?.state.byteLength;
    } catch (thrown) {
      // A run that cannot be created fails its task with the cause upstream's worker gives it
      // (temporalio-sdk 0.5.0 src/lib.rs:929-936: WorkflowWorkerUnhandledFailure).
      if (!(thrown instanceof TaskFailed)) throw thrown;
      throw new TaskFailed(
        thrown.message,
        thrown.failure,
        WORKER_UNHANDLED_FAILURE,
        thrown.trapped,
      );
    }
    return this.instance;
  }

  // ── Checkpoints ────────────────────────────────────────────────────────────────────────────

  /** Why this run's state cannot be checkpointed, or undefined when it can. */
  checkpointRefusal(): string | undefined {
    const held = this.component.wasiImports.filter((name) => !STATELESS_WASI.has(name));
    if (held.length > 0)
      return `it imports ${held.join(', ')}, whose resources jco's glue keeps in JavaScript handle tables that a checkpoint cannot capture`;
    const noDiff = chunkDiffRefusal();
    if (noDiff) return noDiff;
    if (!this.guest) return undefined;
    const state = this.component.guestState(this.guest);
    return typeof state === 'string' ? state : undefined;
  }

  /**
   * The run's state now, between activations, as checkpoint `at` (run positions only increase:
   * memory is kept as changes since the previous checkpoint). Throws with the reason when the
   * state cannot be captured.
   */
  checkpoint(at: number): DriverCheckpoint {
    const refusal = this.checkpointRefusal();
    if (refusal) throw new Error(refusal);
    let guest: GuestImage | undefined;
    let grown = false;
    if (this.guest && !this.trapped) {
      const state = this.component.guestState(this.guest) as GuestState;
      this.history ??= state.history();
      guest = this.history.capture(at, state);
      const last = this.imageSizes.at(-1);
      if (!last || guest.pages.some((p, i) => p > (last[i] ?? 0)))
        this.imageSizes.push(guest.pages);
      // Once memory has grown, going back before the growth needs a smaller instance: one is
      // made now (the next activation waits for it), while the heap is small and instantiating
      // costs ~20 ms; late in a long run it can set off a collection of hundreds.
      if (this.freshBytes !== undefined && state.byteLength > this.freshBytes) grown = true;
    }
    const taken = { ...this.smallState(), guest };
    if (grown) this.makeSpare(true);
    return taken;
  }

  /** Bytes of guest memory the checkpoints taken so far hold. */
  get checkpointBytes(): number {
    return this.history?.bytes ?? 0;
  }

  /** Bytes held beside the checkpoints to restore fast: spare instances and the diffs' shadows. */
  get restoreBytes(): number {
    const spares = this.spares.reduce((n, spare) => n + spare.state.byteLength, 0);
    return spares + (this.history?.workingBytes ?? 0);
  }

  /** Forgets checkpoint `at` (taken by `checkpoint`); `next` is the one after it. */
  dropCheckpoint(at: number, next: number): void {
    this.history?.drop(at, next);
  }

  private smallState(): Omit<DriverCheckpoint, 'guest'> {
    return {
      traceLength: this.recorder.entries.length,
      activation: this.recorder.activation,
      currentDetails: this.currentDetails,
      trapped: this.trapped,
      liveRoutines: [...this.liveRoutines],
      wasi: this.wasi.state(),
    };
  }

  /**
   * Puts the run back as it was at `checkpoint`; its trace ends where it ended then. `fresh`:
   * into a new instance even when the running one could take it (tests both ways).
   */
  async restore(checkpoint: DriverCheckpoint, fresh = false): Promise<void> {
    this.beginGuestWork();
    try {
      await this.restoreNow(checkpoint, fresh);
    } finally {
      // Its memory was written.
      this.invalidateRunning();
      this.endGuestWork();
    }
  }

  private async restoreNow(checkpoint: DriverCheckpoint, fresh: boolean): Promise<void> {
    await this.making;
    // An instance that trapped may hold half-done state in jco's glue: never reused.
    if (this.trapped) this.guest = this.instance = undefined;
    // A restore may go forward too (to a checkpoint past where the run is): the entries up to it
    // come from the longest trace this run has recorded, which is kept for that.
    const recorded = this.recorder.entries as TraceEntry[];
    if (recorded.length > this.furthestTrace.length) this.furthestTrace = recorded.slice();
    if (checkpoint.traceLength <= recorded.length) recorded.length = checkpoint.traceLength;
    else
      for (let i = recorded.length; i < checkpoint.traceLength; i++)
        recorded.push(this.furthestTrace[i]!);
    this.recorder.activation = checkpoint.activation;
    this.currentDetails = checkpoint.currentDetails;
    this.trapped = checkpoint.trapped;
    this.liveRoutines = [...checkpoint.liveRoutines];
    if (checkpoint.guest) await this.restoreGuest(checkpoint.guest, fresh);
    else if (!checkpoint.trapped) {
      // Before instantiate-workflow: the next activation makes a fresh instance.
      this.guest = this.instance = undefined;
    }
    this.wasi.restoreState(checkpoint.wasi);
  }

  /**
   * Writes `image` into the instance that fits it best: of the running one and the spares (set
   * aside by earlier restores), the one with the most memory that is still no larger than the
   * image's; the running one is set aside when another is chosen. Memory never shrinks, so going
   * back past a growth needs another instance, and keeping instances of several sizes makes that
   * a write rather than an instantiation (tens to hundreds of ms) after the first few times.
   */
  private async restoreGuest(image: GuestImage, fresh = false): Promise<void> {
    const running = this.guest && this.instance && this.spareOf(this.guest, this.instance);
    const fitting = fresh
      ? undefined
      : [...(running ? [running] : []), ...this.spares]
          .filter((spare) => spare.state.fitsInPlace(image))
          .reduce<Spare | undefined>(
            (best, spare) =>
              best && best.state.byteLength >= spare.state.byteLength ? best : spare,
            undefined,
          );
    let next: Spare;
    if (fitting) {
      if (fitting !== running) {
        this.spares.splice(this.spares.indexOf(fitting), 1);
        this.instanceStats.reused++;
      }
      next = fitting;
    } else {
      next = await this.makeInstance();
      this.instanceStats.fresh++;
    }
    next.state.restore(image);
    if (running && next !== running && !fresh) this.setAside(running);
    this.guest = next.guest;
    this.instance = next.instance;
    if (next !== running && !fresh) this.makeSpareLater();
  }

  /** A new instance after instantiate-workflow, its calls leaving no trace and no WASI state. */
  private async makeInstance(): Promise<Spare> {
    const init = this.instanceInit;
    if (!init) throw new Error('a checkpoint of an instance cannot be restored before one exists');
    const wasi = this.wasi.state();
    this.quiet = true;
    try {
      const guest = await this.component.instantiate(this.hostImports, this.wasi);
      const instance = guest.instantiateWorkflow(init);
      const made = this.spareOf(guest, instance);
      if (!made) throw new Error(this.component.guestState(guest) as string);
      return made;
    } finally {
      this.quiet = false;
      this.wasi.flushOutput();
      this.wasi.restoreState(wasi);
    }
  }

  /**
   * When a spare is missing (see makeSpare), prepares it: at once when that means growing one set
   * aside (in slices between requests) or when no small spare is left (a jump near the start would
   * make one anyway); otherwise once the caller has been quiet for SPARE_AFTER_MS, since
   * instantiating takes tens of ms, and hundreds when it sets off a garbage collection of a large
   * heap, which a request arriving meanwhile would wait for.
   */
  private makeSpareLater(): void {
    this.spareWanted = true;
    if (this.busy > 0 || this.spareTimer !== undefined || this.disposed) return;
    this.spareTimer = setTimeout(
      () => {
        this.spareTimer = undefined;
        if (this.busy > 0) return;
        this.spareWanted = false;
        this.makeSpare();
      },
      this.sparePlan()?.urgent ? 0 : SPARE_AFTER_MS,
    );
  }

  /**
   * Prepares the next spare the pool lacks (spare-plan.ts): instantiates one, as small as a fresh
   * instance or grown to a rung, or grows one set aside to a rung; its memory touched all over. One
   * at a time; the next as makeSpareLater says. `now`: during a replay, which waits for it (what it
   * costs is a part of the replay's time); otherwise the touching goes in slices between requests,
   * and the spare joins the others when it is done.
   */
  private makeSpare(now = false): void {
    if (this.making || this.touching) return;
    const plan = this.sparePlan()?.plan;
    if (!plan) return;
    const to = plan.kind === 'small' ? undefined : plan.to;
    const prepare = (spare: Spare) => {
      if (this.disposed) return;
      if (now) {
        spare.state.touch(to);
        this.setAside(spare);
        this.makeSpareLater();
      } else this.touchLater(spare, spare.state.toucher(to));
    };
    if (plan.kind === 'grow') {
      this.instanceStats.grown++;
      prepare(this.spares.splice(plan.spare, 1)[0]!);
      return;
    }
    this.making = this.makeInstance()
      .then(prepare)
      .catch(() => {
        // A spare is an optimization: a restore that needs one makes its own and reports why.
      })
      .finally(() => {
        this.making = undefined;
      });
  }

  private touchLater(spare: Spare, more: (bytes: number) => boolean): void {
    this.touching = true;
    const slice = () => {
      if (this.disposed) return;
      if (!more(TOUCH_SLICE_BYTES)) {
        setTimeout(slice, 0);
        return;
      }
      this.touching = false;
      this.setAside(spare);
      this.makeSpareLater();
    };
    setTimeout(slice, 0);
  }

  /** What the pool of instances needs next (spare-plan.ts). */
  private sparePlan(): ReturnType<typeof planSpare> {
    if (this.freshBytes === undefined) return undefined;
    const running = this.guest && this.instance && this.spareOf(this.guest, this.instance);
    return planSpare(
      {
        running: running ? running.state.pages : undefined,
        spares: this.spares.map((spare) => spare.state.pages),
        images: this.imageSizes,
        freshBytes: this.freshBytes,
      },
      SPARE_LIMITS,
    );
  }

  private spareOf(guest: GuestExports, instance: GuestWorkflowInstance): Spare | undefined {
    const state = this.component.guestState(guest);
    return typeof state === 'string' ? undefined : { guest, instance, state };
  }

  /** Keeps an instance for later restores; the largest go first when there are too many (the
   * smaller an instance, the more images fit it). */
  private setAside(spare: Spare): void {
    this.spares.push(spare);
    this.spares.sort((a, b) => a.state.byteLength - b.state.byteLength);
    if (this.spares.length > SPARE_LIMITS.maxSpares) this.spares.length = SPARE_LIMITS.maxSpares;
    this.prepareLater(0);
  }

  /**
   * The run is no longer wanted (its session was replaced): its spares go, and no more are made
   * or prepared in the background.
   */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.spareTimer);
    clearTimeout(this.prepareTimer);
    this.spares = [];
  }

  /**
   * A copy of this run as it is now, in a fresh instance with its own trace, for calls that must
   * not disturb it (queries at the debugger's cursor).
   */
  async fork(): Promise<WorkflowRunDriver> {
    await this.making;
    const copy = new WorkflowRunDriver(this.component, this.identity, this.options);
    copy.instanceInit = this.instanceInit;
    const state = this.guest ? this.component.guestState(this.guest) : undefined;
    if (typeof state === 'string') throw new Error(state);
    const small = this.smallState();
    copy.currentDetails = small.currentDetails;
    copy.trapped = small.trapped;
    copy.liveRoutines = [...small.liveRoutines];
    copy.recorder.activation = small.activation;
    if (state && !this.trapped) await copy.restoreGuest(state.image(), true);
    copy.wasi.restoreState(small.wasi);
    return copy;
  }

  /** What the host answers WASI with during this activation: its time and randomness seed. */
  private prepareWasi(activation: IWorkflowActivation): void {
    const ts = activation.timestamp;
    if (ts) this.wasi.setWorkflowTime(toBigInt(ts.seconds), ts.nanos ?? 0);
    for (const job of activation.jobs ?? []) {
      const seed = job.initializeWorkflow?.randomnessSeed ?? job.updateRandomSeed?.randomnessSeed;
      if (seed != null) this.wasi.seedRandom(toBigInt(seed));
    }
  }

  /** Turns one activation into its completion. Never throws. */
  async activate(activation: IWorkflowActivation): Promise<ActivationCompletion> {
    this.beginGuestWork();
    // The guest is about to change its memory.
    this.invalidateRunning();
    try {
      return await this.activateNow(activation);
    } finally {
      this.endGuestWork();
    }
  }

  private beginGuestWork(): void {
    this.busy++;
    clearTimeout(this.prepareTimer);
    this.prepareTimer = undefined;
    clearTimeout(this.spareTimer);
    this.spareTimer = undefined;
  }

  private endGuestWork(): void {
    if (--this.busy > 0) return;
    if (this.spareWanted) this.makeSpareLater();
    this.prepareLater(PREPARE_AFTER_MS);
  }

  private invalidateRunning(): void {
    const state = this.runningState();
    if (state) this.history?.invalidate(state);
  }

  /**
   * Once the caller has been idle a moment (a person between two keypresses; never between the
   * activations of a run), works out where each instance's memory differs from the last
   * checkpoint's, which a restore into it would otherwise compare in full (tens of MB: ~10 ms).
   * One instance a turn, the running one first; each stays worked out until a guest call or a
   * restore changes it, so after a jump only the instance it left needs it.
   */
  private prepareLater(afterMs: number): void {
    if (!this.history || this.disposed || this.busy > 0 || this.prepareTimer !== undefined) return;
    this.prepareTimer = setTimeout(() => {
      this.prepareTimer = undefined;
      if (this.busy > 0 || !this.history) return;
      const running = this.trapped ? undefined : this.runningState();
      const states = [...(running ? [running] : []), ...this.spares.map((spare) => spare.state)];
      if (states.some((state) => this.history!.prepare(state))) this.prepareLater(0);
    }, afterMs);
  }

  private async activateNow(activation: IWorkflowActivation): Promise<ActivationCompletion> {
    await this.making;
    this.recorder.activation++;
    this.pushed = [];
    this.usedFlags = new Set();
    this.terminalStacks = [];
    this.commandSites = new Map();
    const jobs = activation.jobs ?? [];
    // Evictions are handled by the worker, never shown to the guest.
    if (jobs.length > 0 && jobs.every((job) => job.removeFromCache)) {
      return { status: 'success', commands: [], origins: [] };
    }
    try {
      if (this.trapped) {
        throw new TaskFailed(
          `The workflow instance trapped earlier and cannot be called again (${this.trapped}). ` +
            `A worker evicts such a run and replays its history into a fresh instance.`,
        );
      }
      this.prepareWasi(activation);
      const instance = await this.ensureInstance(activation);
      const ran = this.runActivation(instance, activation);
      const usedInternalFlags = [...this.usedFlags].sort((a, b) => a - b);
      const sites = ran.commands.map((c) => {
        const site = this.commandSites.get(c);
        return site && positionOf(site);
      });
      return {
        status: 'success',
        ...ran,
        ...(usedInternalFlags.length > 0 ? { usedInternalFlags } : {}),
        ...(sites.some(Boolean) ? { sites } : {}),
      };
    } catch (thrown) {
      const failed =
        thrown instanceof TaskFailed
          ? thrown
          : new TaskFailed(`Host error: ${describeThrown(thrown)}`);
      this.pushed = [];
      this.recorder.record({
        type: 'task-failure',
        message: failed.message,
        failure: failed.failure,
      });
      return {
        status: 'failed',
        message: failed.message,
        failure: failed.failure,
        ...(failed.forceCause !== undefined ? { forceCause: failed.forceCause } : {}),
      };
    }
  }

  private runActivation(
    instance: GuestWorkflowInstance,
    activation: IWorkflowActivation,
  ): { commands: IWorkflowCommand[]; origins: Array<'guest' | 'host'> } {
    const { contexts, shouldPoll } = this.jobContexts(activation);
    const encoded = WorkflowActivation.encode(activation);
    const result = this.call(
      { type: 'activate', input: activation },
      'activate',
      () => instance.activate(encoded),
      (r) =>
        jobResultsText(
          jobKinds(activation),
          r.jobResults.map((j) => j.tag),
        ),
    );
    const hostCommands = this.applyJobResults(contexts, result.jobResults);
    if (shouldPoll) this.pollUntilSettled(instance, hostCommands);
    // Host-made responses first, then what the guest pushed (terminal command last), as upstream.
    return {
      commands: [...hostCommands, ...this.pushed],
      origins: [
        ...hostCommands.map(() => 'host' as const),
        ...this.pushed.map((c) => (this.hostMade.has(c) ? 'host' : 'guest')),
      ],
    };
  }

  private jobContexts(activation: IWorkflowActivation): {
    contexts: JobContext[];
    shouldPoll: boolean;
  } {
    let shouldPoll = false;
    const contexts: JobContext[] = [];
    for (const job of activation.jobs ?? []) {
      if (job.initializeWorkflow || job.updateRandomSeed) {
        shouldPoll = true;
        contexts.push({ kind: 'passive' });
      } else if (job.queryWorkflow) {
        contexts.push({
          kind: 'query',
          queryId: job.queryWorkflow.queryId ?? '',
          queryType: job.queryWorkflow.queryType ?? '',
        });
      } else if (job.signalWorkflow) {
        shouldPoll = true;
        contexts.push({ kind: 'signal' });
      } else if (job.doUpdate) {
        shouldPoll = true;
        contexts.push({
          kind: 'update',
          protocolInstanceId: job.doUpdate.protocolInstanceId ?? '',
        });
      } else if (job.removeFromCache) {
        throw new TaskFailed('An eviction must come alone in its activation.');
      } else if (Object.values(job).some((v) => v != null)) {
        shouldPoll = true;
        contexts.push({ kind: 'passive' });
      } else {
        throw new TaskFailed('Empty activation job variant');
      }
    }
    return { contexts, shouldPoll };
  }

  private applyJobResults(
    contexts: JobContext[],
    results: Types.ActivationJobResult[],
  ): IWorkflowCommand[] {
    if (contexts.length !== results.length) {
      throw new TaskFailed(
        `Activation result count ${results.length} did not match job count ${contexts.length}`,
      );
    }
    const commands: IWorkflowCommand[] = [];
    const hostCommand = (command: IWorkflowCommand) => {
      commands.push(command);
      this.recordHostCommand(command);
    };
    contexts.forEach((context, i) => {
      const result = results[i]!;
      if (result.tag === 'none' && (context.kind === 'passive' || context.kind === 'signal'))
        return;
      if (context.kind === 'signal' && result.tag === 'started-routine') {
        if (result.val.kind.tag !== 'signal') {
          throw new TaskFailed(`Signal job started unexpected routine kind ${result.val.kind.tag}`);
        }
        this.liveRoutines.push({ id: result.val.routineId, label: routineLabel(result.val.kind) });
        return;
      }
      if (context.kind === 'update' && result.tag === 'started-routine') {
        const kind = result.val.kind;
        if (kind.tag !== 'update')
          throw new TaskFailed(`Update job started unexpected routine kind ${kind.tag}`);
        if (kind.val.protocolInstanceId !== context.protocolInstanceId) {
          throw new TaskFailed(
            `Update routine protocol instance id ${kind.val.protocolInstanceId} did not match ${context.protocolInstanceId}`,
          );
        }
        hostCommand({
          updateResponse: { protocolInstanceId: context.protocolInstanceId, accepted: {} },
        });
        this.liveRoutines.push({ id: result.val.routineId, label: routineLabel(kind) });
        return;
      }
      if (context.kind === 'update' && result.tag === 'update-rejected') {
        hostCommand({
          updateResponse: {
            protocolInstanceId: context.protocolInstanceId,
            rejected: decodeFailure(result.val, 'update validator'),
          },
        });
        return;
      }
      if (context.kind === 'query' && result.tag === 'query-response') {
        const response = result.val.response;
        hostCommand({
          respondToQuery: {
            queryId: context.queryId,
            ...(response.tag === 'ok'
              ? {
                  succeeded: {
                    response: this.queryAnswer(
                      context.queryType,
                      decodeFrom(Payload, response.val, 'query handler'),
                    ),
                  },
                }
              : { failed: decodeFailure(response.val, 'query handler') }),
          },
        });
        return;
      }
      throw new TaskFailed(
        `Unexpected activation result ${result.tag} for a ${context.kind} job (job ${i})`,
      );
    });
    return commands;
  }

  private pollUntilSettled(
    instance: GuestWorkflowInstance,
    hostCommands: IWorkflowCommand[],
  ): void {
    for (let pass = 0; pass < MAX_POLL_PASSES; pass++) {
      let progress = false;
      const stillLive: typeof this.liveRoutines = [];
      for (const routine of this.liveRoutines) {
        const result = this.poll(instance, routine.id, routine.label, pass);
        progress ||= result.madeProgress;
        const completion = result.completion;
        if (!completion) {
          stillLive.push(routine);
          continue;
        }
        if (completion.tag === 'signal') {
          if (completion.val.tag === 'failed') {
            throw new TaskFailed(
              decodeFailure(completion.val.val, 'signal handler').message ||
                'signal handler failed',
            );
          }
        } else if (completion.tag === 'update') {
          const done = completion.val;
          const command: IWorkflowCommand =
            done.tag === 'completed'
              ? {
                  updateResponse: {
                    protocolInstanceId: done.val.protocolInstanceId,
                    completed: decodeFrom(Payload, done.val.value, 'update handler'),
                  },
                }
              : {
                  updateResponse: {
                    protocolInstanceId: done.val.protocolInstanceId,
                    rejected: decodeFailure(done.val.failure, 'update handler'),
                  },
                };
          hostCommands.push(command);
          this.recordHostCommand(command);
        } else {
          throw new TaskFailed('non-main routine returned a main completion');
        }
      }
      this.liveRoutines = stillLive;

      const main = this.poll(instance, MAIN_ROUTINE_ID, { kind: 'main' }, pass);
      progress ||= main.madeProgress;
      const completion = main.completion;
      if (!completion) throw new TaskFailed('main routine returned no completion');
      if (completion.tag !== 'main')
        throw new TaskFailed(`main routine returned unexpected completion ${completion.tag}`);
      const outcome = completion.val;
      if (outcome.tag === 'task-failed') {
        const failure = decodeFailure(outcome.val.failure, 'main routine');
        throw new TaskFailed(
          failure.message || 'workflow task failed',
          failure,
          outcome.val.forceCause,
        );
      }
      if (outcome.tag === 'terminal') {
        const command = this.terminalCommand(outcome.val);
        this.pushed.push(command);
        this.hostMade.add(command);
        this.recordHostCommand(command, this.locate(this.terminalStacks, true));
        return;
      }
      if (!progress) return;
    }
    throw new TaskFailed(
      `Routines reported progress for ${MAX_POLL_PASSES} poll passes in a row without blocking; ` +
        `the guest is spinning (a real worker would never complete this workflow task).`,
    );
  }

  /**
   * A `__stack_trace` answer from a guest built with this project's SDK carries bundle positions;
   * with the component's source map they become the workflow's source lines (sources.ts).
   */
  private queryAnswer(queryType: string, payload: IPayload): IPayload {
    const sources = this.component.sources;
    if (queryType !== STACK_TRACE_QUERY || !sources) return payload;
    let text: unknown;
    try {
      text = fromPayload(payload);
    } catch {
      return payload;
    }
    return typeof text === 'string' ? toPayload(sources.rewriteStackTrace(text)) : payload;
  }

  /** Records a command the host made; an update response's source line is its handler's. */
  private recordHostCommand(
    command: IWorkflowCommand,
    site = this.updateSites.get(command.updateResponse?.protocolInstanceId ?? ''),
  ): void {
    if (site) this.commandSites.set(command, site);
    this.recorder.record({
      type: 'command',
      call: undefined,
      origin: 'host',
      command,
      ...(site ? { site } : {}),
    });
  }

  private poll(
    instance: GuestWorkflowInstance,
    id: bigint,
    label: RoutineLabel,
    pass: number,
  ): Types.RoutinePollResult {
    return this.call(
      { type: 'poll', routineId: id, routine: label, pass },
      `poll-routine(${id})`,
      () => instance.pollRoutine(id),
      (r, entry) => {
        entry.madeProgress = r.madeProgress;
        return describeCompletion(r.completion);
      },
    );
  }

  private terminalCommand(outcome: Types.TerminalOutcome): IWorkflowCommand {
    switch (outcome.tag) {
      case 'completed':
        return {
          completeWorkflowExecution: { result: decodeFrom(Payload, outcome.val, 'workflow') },
        };
      case 'failed':
        return { failWorkflowExecution: { failure: decodeFailure(outcome.val, 'workflow') } };
      case 'cancelled':
        return { cancelWorkflowExecution: {} };
      case 'continue-as-new':
        return {
          continueAsNewWorkflowExecution: decodeFrom(
            ContinueAsNewWorkflowExecution,
            outcome.val,
            'workflow',
          ),
        };
    }
  }
}
