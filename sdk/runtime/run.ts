/**
 * The state of one workflow run inside the component: sequence numbers, pending completions,
 * blocked conditions, patches, message handlers, interceptors, and how the run is ending. The
 * workflow API reads it through `currentRun()`; the guest (guest.ts) feeds it activation jobs.
 */
import type Long from 'long';
import { fromPayload, fromPayloads } from '../../src/engine/proto/payload.ts';
import { encodeLangFlags } from '../../src/engine/wit/lang-flags.ts';
import { encodeSite, type SiteTarget } from '../../src/engine/wit/source-site.ts';
import { CancellationScope, RootCancellationScope } from '../cancellation-scope.ts';
import { ContinueAsNew } from '../continue-as-new.ts';
import { durationToMs } from '../duration.ts';
import { IllegalStateError, isCancellation, TemporalFailure } from '../failures.ts';
import { decodePriority } from '../priority.ts';
import { decodeSearchAttributes } from '../search-attributes.ts';
import type {
  DefaultQueryHandler,
  DefaultSignalHandler,
  DefaultUpdateHandler,
  HandlerUnfinishedPolicy,
  QueryHandlerEntry,
  SignalHandlerEntry,
  UpdateHandlerEntry,
} from '../handlers.ts';
import {
  composeInterceptors,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '../interceptors.ts';
import type { WorkflowInfo } from '../workflow-info.ts';
import { currentFrame, inFrame, routineOf, type Frame } from './async-context.ts';
import { captureSite, SOURCE_SITES } from './current.ts';
import { failureToError } from './failure-converter.ts';
import type { SdkFlag } from './flags.ts';
import { Prng } from './prng.ts';
import { toNumber, WorkflowCommand, type coresdk, type IWorkflowCommand } from './proto.ts';

/** The `workflow-host` imports of the world: what the guest may ask of the host. */
export interface Host {
  pushCommand(command: Uint8Array): void;
  setCurrentDetails(details: string): void;
}

export interface Completion<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
  /** Who waits on it and where (the `__stack_trace` query lists these). */
  waiter?: Waiter;
}

/** A routine waiting on an operation: which routine, and the stack where the wait began. */
export interface Waiter {
  routine: string;
  site: Error;
}

export type WorkflowFunction = (...args: unknown[]) => Promise<unknown>;

type IInitializeWorkflow = coresdk.workflow_activation.IInitializeWorkflow;
type ISignalWorkflow = coresdk.workflow_activation.ISignalWorkflow;
type Timestamp = { seconds?: Long | null; nanos?: number | null } | null | undefined;

const timestampMs = (ts: Timestamp): number =>
  ts ? toNumber(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6) : 0;

/** Sequence numbers, one counter per command family, as core matches them to events. */
export type SeqKind =
  'timer' | 'activity' | 'childWorkflow' | 'signalExternal' | 'cancelExternal' | 'condition';

export interface RunIdentity {
  namespace: string;
  taskQueue: string;
  runId: string;
}

/** How the run ends, once something decided it (the main routine reports it). */
export type Ending = { kind: 'error'; error: unknown } | { kind: 'value'; value: unknown };

/** A signal or update handler that has started and not finished (see `allHandlersFinished`). */
export interface HandlerExecution {
  kind: 'signal' | 'update';
  name: string;
  /** The update's id (signals have none). */
  updateId?: string;
  unfinishedPolicy: HandlerUnfinishedPolicy;
}

export class WorkflowRun {
  readonly info: WorkflowInfo & {
    historyLength: number;
    historySize: number;
    continueAsNewSuggested: boolean;
    currentBuildId?: string;
  };
  private replaying = false;
  private activations = 0;
  /** Workflow time: the current activation's timestamp (ms since the epoch). */
  now: number;
  random: Prng;
  readonly rootScope = new RootCancellationScope();
  readonly rootFrame: Frame;
  readonly inbound: WorkflowInboundCallsInterceptor[] = [];
  readonly outbound: WorkflowOutboundCallsInterceptor[] = [];
  currentDetails = '';
  /** Where the operation whose commands are being pushed began (see `withOrigin`). */
  private origin: Error | undefined;

  readonly completions = {
    timer: new Map<number, Completion<void>>(),
    activity: new Map<number, Completion<unknown>>(),
    childStart: new Map<number, Completion<string>>(),
    childComplete: new Map<number, Completion<unknown>>(),
    signalExternal: new Map<number, Completion<void>>(),
    cancelExternal: new Map<number, Completion<void>>(),
  };
  private readonly seqs: Record<SeqKind, number> = {
    timer: 1,
    activity: 1,
    childWorkflow: 1,
    signalExternal: 1,
    cancelExternal: 1,
    condition: 1,
  };
  readonly conditions = new Map<
    number,
    { fn: () => boolean; resolve: () => void; waiter: Waiter }
  >();

  /** Lang flags on for this run: the history's (availableInternalFlags) and those used here. */
  private readonly knownFlags = new Set<number>();

  /** Patches core said the history has markers for (NotifyHasPatch). */
  readonly knownPatches = new Set<string>();
  private readonly patchDecisions = new Map<string, boolean>();

  readonly handlers = {
    signal: new Map<string, SignalHandlerEntry>(),
    query: new Map<string, QueryHandlerEntry>(),
    update: new Map<string, UpdateHandlerEntry>(),
    defaultSignal: undefined as DefaultSignalHandler | undefined,
    defaultQuery: undefined as DefaultQueryHandler | undefined,
    defaultUpdate: undefined as DefaultUpdateHandler | undefined,
  };
  /** Signal and update handlers running now, by an id of their own. */
  readonly handlersInProgress = new Map<number, HandlerExecution>();
  private nextHandlerExecution = 1;
  private readonly bufferedSignals: ISignalWorkflow[] = [];
  /** Handles of setTimeout timers, to clear them. */
  readonly timeouts = new Map<number, CancellationScope>();
  private nextTimeoutHandle = 1;

  /** A CancelWorkflow job arrived: cancellation failures now mean "the workflow was cancelled". */
  cancelRequested = false;
  /** Set once the workflow's outcome is decided, by main settling or by a handler's failure. */
  ending?: Ending;
  /** The first error that must fail the workflow task (not the workflow). */
  taskError?: unknown;

  constructor(
    private readonly host: Host,
    readonly init: IInitializeWorkflow,
    identity: RunIdentity,
    interceptorFactories: readonly WorkflowInterceptorsFactory[],
  ) {
    const startTime = new Date(timestampMs(init.startTime));
    this.now = startTime.getTime();
    this.random = new Prng(init.randomnessSeed as never);
    const isReplaying = () => this.replaying;
    this.info = {
      workflowId: init.workflowId ?? '',
      runId: identity.runId,
      workflowType: init.workflowType ?? '',
      namespace: identity.namespace,
      taskQueue: identity.taskQueue,
      firstExecutionRunId: init.firstExecutionRunId || identity.runId,
      continuedFromExecutionRunId: init.continuedFromExecutionRunId || undefined,
      parent: init.parentWorkflowInfo
        ? {
            workflowId: init.parentWorkflowInfo.workflowId ?? '',
            runId: init.parentWorkflowInfo.runId ?? '',
            namespace: init.parentWorkflowInfo.namespace ?? '',
          }
        : undefined,
      attempt: init.attempt || 1,
      cronSchedule: init.cronSchedule || undefined,
      startTime,
      runStartTime: startTime,
      executionTimeoutMs: durationToMs(init.workflowExecutionTimeout),
      runTimeoutMs: durationToMs(init.workflowRunTimeout),
      taskTimeoutMs: durationToMs(init.workflowTaskTimeout),
      executionExpirationTime: init.workflowExecutionExpirationTime
        ? new Date(timestampMs(init.workflowExecutionExpirationTime))
        : undefined,
      lastResult: init.lastCompletionResult?.payloads?.length
        ? fromPayload(init.lastCompletionResult.payloads[0])
        : undefined,
      lastFailure: init.continuedFailure ? failureToError(init.continuedFailure) : undefined,
      memo: init.memo?.fields
        ? Object.fromEntries(
            Object.entries(init.memo.fields).map(([key, value]) => [key, fromPayload(value)]),
          )
        : undefined,
      searchAttributes: decodeSearchAttributes(init.searchAttributes),
      retryPolicy: init.retryPolicy
        ? {
            initialInterval: durationToMs(init.retryPolicy.initialInterval),
            backoffCoefficient: init.retryPolicy.backoffCoefficient || undefined,
            maximumInterval: durationToMs(init.retryPolicy.maximumInterval),
            maximumAttempts: init.retryPolicy.maximumAttempts || undefined,
            nonRetryableErrorTypes: init.retryPolicy.nonRetryableErrorTypes ?? undefined,
          }
        : undefined,
      root: init.rootWorkflow
        ? { workflowId: init.rootWorkflow.workflowId ?? '', runId: init.rootWorkflow.runId ?? '' }
        : undefined,
      priority: decodePriority(init.priority),
      currentBuildId: undefined,
      historyLength: 0,
      historySize: 0,
      continueAsNewSuggested: false,
      unsafe: {
        get isReplaying() {
          return isReplaying();
        },
        now: () => this.now,
      },
    };
    this.rootFrame = { run: this, scope: this.rootScope };
    for (const factory of interceptorFactories) {
      const { inbound = [], outbound = [] } = factory();
      this.inbound.push(...inbound);
      this.outbound.push(...outbound);
    }
  }

  /** Takes in what every activation says about the run (before its jobs apply). */
  beginActivation(activation: coresdk.workflow_activation.IWorkflowActivation): void {
    this.now = timestampMs(activation.timestamp) || this.now;
    this.replaying = Boolean(activation.isReplaying);
    this.info.historyLength = activation.historyLength ?? this.info.historyLength;
    this.info.historySize = toNumber(activation.historySizeBytes);
    this.info.continueAsNewSuggested = Boolean(activation.continueAsNewSuggested);
    this.info.currentBuildId = activation.deploymentVersionForCurrentTask?.buildId || undefined;
    for (const flag of activation.availableInternalFlags ?? []) this.knownFlags.add(flag);
    if (this.activations++ === 0)
      (this.info as { runStartTime: Date }).runStartTime = new Date(this.now);
  }

  get isReplaying(): boolean {
    return this.replaying;
  }

  nextSeq(kind: SeqKind): number {
    return this.seqs[kind]++;
  }

  /**
   * Queues a command, telling the host first where workflow code asked for it (source-site.ts):
   * the stack here, then `origin` (where the operation began) for commands pushed by reactions
   * that may have no workflow frame on their stack (cancels). Returns the stack it captured.
   */
  pushCommand(command: IWorkflowCommand, origin = this.origin): Error {
    const site = captureSite();
    this.sendSite({ kind: 'command' }, origin ? [site, origin] : [site]);
    this.host.pushCommand(WorkflowCommand.encode(command));
    return site;
  }

  /** Runs `fn` with `origin` as the fallback source location of the commands it pushes. */
  withOrigin<T>(origin: Error, fn: () => T): T {
    const outer = this.origin;
    this.origin = origin;
    try {
      return fn();
    } finally {
      this.origin = outer;
    }
  }

  /** Sends stacks for the host to map to source lines (see src/engine/wit/source-site.ts). */
  sendSite(target: SiteTarget, errors: readonly Error[]): void {
    if (!SOURCE_SITES) return;
    this.host.setCurrentDetails(
      encodeSite(
        target,
        errors.map((e) => e.stack ?? ''),
      ),
    );
  }

  /** The routine running now, waiting at `site`. */
  waiter(site: Error): Waiter {
    return { routine: routineOf(currentFrame()), site };
  }

  setCurrentDetails(details: string): void {
    this.currentDetails = details;
    this.host.setCurrentDetails(details);
  }

  /** Sends text to the host without changing the current details (see log.ts). */
  sendToHost(text: string): void {
    this.host.setCurrentDetails(text);
  }

  /**
   * Whether the behaviour behind `flag` applies in the current task, as the TS SDK decides it:
   * known from history or earlier use; else on when executing (not replaying) and on by default,
   * and then reported to the host once; else, replaying, by the flag's alternative condition.
   */
  hasFlag(flag: SdkFlag): boolean {
    if (this.knownFlags.has(flag.id)) return true;
    if (!this.replaying && flag.default) {
      this.knownFlags.add(flag.id);
      this.host.setCurrentDetails(encodeLangFlags([flag.id]));
      return true;
    }
    return this.replaying && (flag.alsoOnWhen?.(this.info) ?? false);
  }

  /** `patched` / `deprecatePatch`: which code path this run takes, decided once per patch. */
  patch(patchId: string, deprecated: boolean): boolean {
    const decided = this.patchDecisions.get(patchId);
    if (decided !== undefined) return decided;
    // Replaying history recorded before the patch existed: take the old path. Not memoised, so
    // a run that replays up to its tip and then continues live can still take the new path.
    if (this.replaying && !this.knownPatches.has(patchId)) return false;
    this.patchDecisions.set(patchId, true);
    this.pushCommand({ setPatchMarker: { patchId, deprecated } });
    return true;
  }

  newTimeoutHandle(scope: CancellationScope): number {
    const handle = this.nextTimeoutHandle++;
    this.timeouts.set(handle, scope);
    return handle;
  }

  /** Runs `fn` as workflow code of this run, in the root scope (plus `extra`). */
  inRootFrame<T>(fn: () => T, extra: Partial<Frame> = {}): T {
    return inFrame({ ...this.rootFrame, ...extra }, fn);
  }

  /** Evaluates blocked conditions, resolving those now true; returns how many it resolved. */
  unblockConditions(): number {
    let resolved = 0;
    for (const [seq, condition] of this.conditions) {
      if (this.inRootFrame(condition.fn)) {
        this.conditions.delete(seq);
        condition.resolve();
        resolved++;
      }
    }
    return resolved;
  }

  /**
   * An error escaped a handler or the workflow function. As Temporal's TypeScript SDK decides:
   * continue-as-new, cancellation of a cancelled workflow and TemporalFailures end the workflow;
   * anything else is a bug that fails the workflow task (Temporal retries it).
   */
  endsWorkflow(error: unknown): boolean {
    return (
      error instanceof ContinueAsNew ||
      error instanceof TemporalFailure ||
      (this.cancelRequested && isCancellation(error))
    );
  }

  /** Records a handler's failure: it ends the workflow or fails the task (see `endsWorkflow`). */
  handleFailure(error: unknown): void {
    if (this.endsWorkflow(error)) this.ending ??= { kind: 'error', error };
    else this.taskError ??= error;
  }

  /** Counts `handled` as a running handler until it settles. */
  trackHandler(handled: Promise<unknown>, execution: HandlerExecution): void {
    const id = this.nextHandlerExecution++;
    this.handlersInProgress.set(id, execution);
    const done = () => this.handlersInProgress.delete(id);
    handled.then(done, done);
  }

  // ── signals ────────────────────────────────────────────────────────────────────────────────

  hasSignalHandler(name: string): boolean {
    return this.handlers.signal.has(name) || this.handlers.defaultSignal !== undefined;
  }

  /** Runs the signal's handler through the inbound interceptors; the promise settles with it. */
  dispatchSignal(signal: ISignalWorkflow): Promise<void> {
    const signalName = signal.signalName ?? '';
    const unfinishedPolicy =
      this.handlers.signal.get(signalName)?.unfinishedPolicy ?? 'WARN_AND_ABANDON';
    const next = ({ signalName: name, args }: { signalName: string; args: unknown[] }) => {
      const entry = this.handlers.signal.get(name);
      if (entry) return Promise.resolve(entry.handler(...args)).then(() => undefined);
      const fallback = this.handlers.defaultSignal;
      if (fallback) return Promise.resolve(fallback(name, ...args));
      return Promise.reject(new IllegalStateError(`No signal handler for "${name}"`));
    };
    const handled = this.inRootFrame(
      () =>
        promiseOf(() =>
          composeInterceptors(
            this.inbound,
            'handleSignal',
            next,
          )({
            signalName,
            args: fromPayloads(signal.input),
            headers: signal.headers ?? {},
          }),
        ),
      { signal: signalName },
    ) as Promise<void>;
    this.trackHandler(handled, { kind: 'signal', name: signalName, unfinishedPolicy });
    return handled;
  }

  bufferSignal(signal: ISignalWorkflow): void {
    this.bufferedSignals.push(signal);
  }

  /** Delivers buffered signals that now have a handler, in arrival order. */
  dispatchBufferedSignals(): void {
    for (let i = 0; i < this.bufferedSignals.length;) {
      const signal = this.bufferedSignals[i]!;
      if (!this.hasSignalHandler(signal.signalName ?? '')) {
        i++;
        continue;
      }
      this.bufferedSignals.splice(i, 1);
      this.dispatchSignal(signal).catch((error: unknown) => this.handleFailure(error));
    }
  }
}

/**
 * Calls workflow code that should return a promise (a workflow function, a handler, an
 * interceptor chain); a value it returns or an error it throws becomes that promise's outcome.
 */
export function promiseOf(fn: () => unknown): Promise<unknown> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}
