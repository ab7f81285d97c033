/**
 * The `workflow-guest` export, built over a module of workflow functions.
 *
 * Routine model. The host drives a run the way the upstream Rust host does: per activation one
 * `activate` call (one job result per job), then passes of `poll-routine` over the live signal and
 * update routines and then main (id 0), until a pass reports no progress or main ends the run.
 *
 * StarlingMonkey runs promise reactions (the continuations of `await`) only when an exported call
 * returns, after its return value was computed; commands pushed while they run are still
 * attributed to that call. So no call can report what its own reactions will do, and this guest
 * is built around that:
 *
 * - `activate` applies the jobs in order, as the TypeScript SDK does: signals and updates start
 *   their handlers (each handler is a routine with its own id; a signal nobody handles yet waits
 *   in a buffer), resolutions settle the promises workflow code awaits, CancelWorkflow cancels the
 *   root scope, queries are answered; InitializeWorkflow starts the workflow function after the
 *   other jobs. Core orders signals and updates before resolutions, so handlers run before the
 *   code their resolutions wake. Everything this wakes runs as `activate` returns.
 * - each `poll-routine` reports what happened since the previous call: it re-evaluates blocked
 *   conditions (resolving those now true; their waiters run as the poll returns) and returns the
 *   routine's outcome if it has settled. `made-progress` is true when workflow code ran since the
 *   previous call (async-context.ts counts reactions) or this poll unblocked a condition. Code
 *   only runs after a call that settled something, so a pass that reports no progress leaves
 *   nothing behind, and the host's loop ends exactly when the workflow is blocked on something
 *   only a later activation can deliver.
 *
 * How a run ends follows the TypeScript SDK: a value completes it; ContinueAsNew continues it as
 * new; a cancellation failure after the workflow was cancelled cancels it; any other
 * TemporalFailure (e.g. ApplicationFailure) fails it; any other error is a bug that fails the
 * workflow task (`task-failed`) so Temporal retries it, as it does for every SDK.
 */
import type {
  ActivationJobResult,
  ActivationResult,
  RoutinePollResult,
  TerminalOutcome,
  WorkflowDefinition,
  WorkflowInit,
} from 'temporal:workflow-runtime/types@0.1.0';
import { fromPayloads, toPayload } from '../../src/engine/proto/payload.ts';
import { ContinueAsNew } from '../continue-as-new.ts';
import { isCancellation, TemporalFailure } from '../failures.ts';
import { composeInterceptors, type WorkflowInterceptorsFactory } from '../interceptors.ts';
import { log } from '../log.ts';
import { takeReactionCount } from './async-context.ts';
import { definedNames } from './definitions.ts';
import { errorToFailure } from './failure-converter.ts';
import { runQuery, startUpdate } from './messages.ts';
import {
  ContinueAsNewWorkflowExecution,
  Failure,
  InitializeWorkflow,
  Payload,
  WorkflowActivation,
  type coresdk,
  type IFailure,
} from './proto.ts';
import { Prng } from './prng.ts';
import { applyResolution } from './resolutions.ts';
import { promiseOf, WorkflowRun, type Ending, type Host, type WorkflowFunction } from './run.ts';

type Job = coresdk.workflow_activation.IWorkflowActivationJob;

export interface GuestOptions {
  /** The world's `workflow-host` imports. */
  host: Host;
  /** The `interceptors` exports of the component's interceptor modules, in order. */
  interceptors?: readonly WorkflowInterceptorsFactory[];
}

/** jco's guest bindings turn a thrown `{ payload }` into the `err` case of a WIT result. */
function err(failure: IFailure): never {
  throw { payload: Failure.encode(failure) };
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A signal or update handler in flight; `settled` is set by a reaction when it finishes. */
interface Routine {
  kind: 'signal' | 'update';
  protocolInstanceId: string;
  settled?: Settled;
  /** An update whose handler ended the workflow (e.g. continued as new): it never completes. */
  abandoned?: boolean;
}

function track(promise: Promise<unknown>, routine: Routine): void {
  promise.then(
    (value) => (routine.settled = { ok: true, value }),
    (error: unknown) => (routine.settled = { ok: false, error }),
  );
}

/**
 * As the TypeScript SDK does when a workflow completes, continues as new or is cancelled (not
 * when it fails): name the handlers it abandons whose policy asks for a warning.
 */
function warnIfUnfinishedHandlers(run: WorkflowRun): void {
  const warnable = [...run.handlersInProgress.values()].filter(
    (execution) => execution.unfinishedPolicy === 'WARN_AND_ABANDON',
  );
  const updates = warnable.filter((execution) => execution.kind === 'update');
  const signals = warnable.filter((execution) => execution.kind === 'signal');
  const advice =
    'Wait for handlers with `await condition(allHandlersFinished)` before the workflow returns, or set ' +
    '`unfinishedPolicy: HandlerUnfinishedPolicy.ABANDON` in setHandler options if abandoning them is intended.';
  run.inRootFrame(() => {
    if (updates.length)
      log.warn(
        `Workflow finished while update handlers were still running; their callers get an error instead of a result. ${advice}`,
        { unfinishedUpdates: updates.map(({ name, updateId }) => ({ name, id: updateId })) },
      );
    if (signals.length)
      log.warn(
        `Workflow finished while signal handlers were still running; their work may be cut short. ${advice}`,
        { unfinishedSignals: signals.map(({ name }) => ({ name })) },
      );
  });
}

function jobKind(job: Job): string {
  return Object.keys(job).find((key) => job[key as keyof Job] != null) ?? 'empty job';
}

export function createWorkflowGuest(module: Record<string, unknown>, options: GuestOptions) {
  const workflows = new Map<string, WorkflowFunction>();
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === 'function') workflows.set(name, value as WorkflowFunction);
  }
  const interceptors = options.interceptors ?? [];

  class WorkflowInstance {
    private readonly routines = new Map<bigint, Routine>();
    private nextRoutineId = 1n;
    private mainStarted = false;
    /** Main reported its outcome; like upstream's fused future it is blocked from then on. */
    private mainReported = false;

    constructor(
      private readonly run: WorkflowRun,
      private readonly fn: WorkflowFunction,
    ) {}

    activate(bytes: Uint8Array): ActivationResult {
      takeReactionCount();
      const activation = WorkflowActivation.decode(bytes);
      const run = this.run;
      run.beginActivation(activation);
      const jobs = activation.jobs ?? [];
      const results: ActivationJobResult[] = [];
      const apply = (i: number, fn: () => ActivationJobResult) => {
        try {
          results[i] = run.inRootFrame(fn);
        } catch (error) {
          const job = jobs[i]!;
          err({
            ...errorToFailure(error),
            message: `${jobKind(job)}: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
      };
      // As the TypeScript SDK does, the workflow function starts after the activation's other
      // jobs (patches, seed, signals, which wait in the buffer for the handlers it registers), and
      // an update whose handler is not registered yet is retried once everything else has run.
      let start = false;
      const deferred: number[] = [];
      jobs.forEach((job, i) => {
        if (job.initializeWorkflow) {
          start = true;
          results[i] = { tag: 'none' };
        } else if (job.doUpdate && !run.handlers.update.has(job.doUpdate.name ?? '')) {
          deferred.push(i);
        } else {
          apply(i, () => this.applyJob(job));
        }
      });
      if (start) run.inRootFrame(() => this.startMain());
      for (const i of deferred) apply(i, () => this.applyJob(jobs[i]!));
      return { jobResults: results };
    }

    private applyJob(job: Job): ActivationJobResult {
      const run = this.run;
      if (job.signalWorkflow) {
        const signal = job.signalWorkflow;
        const name = signal.signalName ?? '';
        if (!run.hasSignalHandler(name)) {
          run.bufferSignal(signal);
          return { tag: 'none' };
        }
        return this.startRoutine('signal', run.dispatchSignal(signal), {
          tag: 'signal',
          val: name,
        });
      } else if (job.doUpdate) {
        const update = job.doUpdate;
        const start = startUpdate(run, update);
        if (!start.accepted) {
          return { tag: 'update-rejected', val: Failure.encode(errorToFailure(start.error)) };
        }
        const protocolInstanceId = update.protocolInstanceId ?? '';
        return this.startRoutine(
          'update',
          start.handled,
          {
            tag: 'update',
            val: { name: update.name ?? '', updateId: update.id ?? '', protocolInstanceId },
          },
          protocolInstanceId,
        );
      } else if (job.queryWorkflow) {
        try {
          const payload = runQuery(run, job.queryWorkflow);
          return {
            tag: 'query-response',
            val: { response: { tag: 'ok', val: Payload.encode(payload) } },
          };
        } catch (error) {
          const failure = Failure.encode(errorToFailure(error));
          return { tag: 'query-response', val: { response: { tag: 'err', val: failure } } };
        }
      } else if (job.notifyHasPatch) {
        run.knownPatches.add(job.notifyHasPatch.patchId ?? '');
      } else if (job.updateRandomSeed) {
        run.random = new Prng(job.updateRandomSeed.randomnessSeed as never);
      } else if (job.cancelWorkflow) {
        run.cancelRequested = true;
        run.rootScope.cancel(job.cancelWorkflow.reason || undefined);
      } else if (!job.removeFromCache && !applyResolution(run, job)) {
        throw new Error('Activation job has no variant this SDK knows');
      }
      return { tag: 'none' };
    }

    private startMain(): void {
      if (this.mainStarted) return;
      this.mainStarted = true;
      const run = this.run;
      const fn = this.fn;
      const execute = composeInterceptors(run.inbound, 'execute', ({ args }) =>
        promiseOf(() => fn(...args)),
      );
      promiseOf(() =>
        execute({ args: fromPayloads(run.init.arguments), headers: run.init.headers ?? {} }),
      ).then(
        (value) => (run.ending ??= { kind: 'value', value }),
        (error: unknown) => run.handleFailure(error),
      );
    }

    private startRoutine(
      kind: Routine['kind'],
      handled: Promise<unknown>,
      routineKind: Extract<ActivationJobResult, { tag: 'started-routine' }>['val']['kind'],
      protocolInstanceId = '',
    ): ActivationJobResult {
      const routineId = this.nextRoutineId++;
      const routine: Routine = { kind, protocolInstanceId };
      this.routines.set(routineId, routine);
      track(handled, routine);
      return { tag: 'started-routine', val: { routineId, kind: routineKind } };
    }

    pollRoutine(routineId: bigint): RoutinePollResult {
      const moved = takeReactionCount() > 0;
      const unblocked = this.run.unblockConditions() > 0;
      const progress = moved || unblocked;
      if (routineId === 0n) return this.pollMain(progress);
      const routine = this.routines.get(routineId);
      if (!routine) return err({ message: `No routine with id ${routineId}` });
      if (!routine.settled || routine.abandoned) return { madeProgress: progress };
      const { settled } = routine;
      if (routine.kind === 'signal') {
        this.routines.delete(routineId);
        if (settled.ok || this.run.endsWorkflow(settled.error)) {
          if (!settled.ok) this.run.handleFailure(settled.error);
          return { completion: { tag: 'signal', val: { tag: 'succeeded' } }, madeProgress: true };
        }
        this.run.handleFailure(settled.error);
        const failure = Failure.encode(errorToFailure(settled.error));
        return {
          completion: { tag: 'signal', val: { tag: 'failed', val: failure } },
          madeProgress: true,
        };
      }
      return this.completeUpdate(routineId, routine, settled);
    }

    private completeUpdate(
      routineId: bigint,
      routine: Routine,
      settled: Settled,
    ): RoutinePollResult {
      const { protocolInstanceId } = routine;
      if (settled.ok) {
        this.routines.delete(routineId);
        let value: Uint8Array;
        try {
          value = Payload.encode(toPayload(settled.value));
        } catch (error) {
          return this.completeUpdate(routineId, routine, { ok: false, error });
        }
        return {
          completion: {
            tag: 'update',
            val: { tag: 'completed', val: { protocolInstanceId, value } },
          },
          madeProgress: true,
        };
      }
      const { error } = settled;
      // As in the TypeScript SDK: a TemporalFailure fails the update (the workflow goes on),
      // continue-as-new ends the workflow (the update gets no response of its own), and any
      // other error is a bug that fails the workflow task.
      if (error instanceof TemporalFailure) {
        this.routines.delete(routineId);
        const failure = Failure.encode(errorToFailure(error));
        return {
          completion: {
            tag: 'update',
            val: { tag: 'rejected', val: { protocolInstanceId, failure } },
          },
          madeProgress: true,
        };
      }
      this.run.handleFailure(error);
      if (error instanceof ContinueAsNew) {
        routine.abandoned = true;
        return { madeProgress: true };
      }
      return err(errorToFailure(error));
    }

    private pollMain(progress: boolean): RoutinePollResult {
      const blocked = (madeProgress: boolean): RoutinePollResult => ({
        completion: { tag: 'main', val: { tag: 'blocked' } },
        madeProgress,
      });
      if (this.mainReported) return blocked(progress);
      const run = this.run;
      if (run.taskError !== undefined) {
        this.mainReported = true;
        return {
          completion: {
            tag: 'main',
            val: {
              tag: 'task-failed',
              val: { failure: Failure.encode(errorToFailure(run.taskError)) },
            },
          },
          madeProgress: true,
        };
      }
      if (!run.ending) return blocked(progress);
      let outcome: TerminalOutcome;
      try {
        outcome = this.terminalOutcome(run.ending);
      } catch (error) {
        run.taskError = error;
        return this.pollMain(true);
      }
      this.mainReported = true;
      // Where the ending was thrown (continueAsNew(), a thrown failure); the host names the
      // workflow function itself when no stack reaches workflow code (a returned value).
      if (run.ending.kind === 'error' && run.ending.error instanceof Error)
        run.sendSite({ kind: 'terminal' }, [run.ending.error]);
      if (outcome.tag !== 'failed') warnIfUnfinishedHandlers(run);
      return {
        completion: { tag: 'main', val: { tag: 'terminal', val: outcome } },
        madeProgress: true,
      };
    }

    private terminalOutcome(ending: Ending): TerminalOutcome {
      if (ending.kind === 'value')
        return { tag: 'completed', val: Payload.encode(toPayload(ending.value)) };
      const { error } = ending;
      if (error instanceof ContinueAsNew)
        return {
          tag: 'continue-as-new',
          val: ContinueAsNewWorkflowExecution.encode(error.command),
        };
      if (this.run.cancelRequested && isCancellation(error)) return { tag: 'cancelled' };
      return { tag: 'failed', val: Failure.encode(errorToFailure(error)) };
    }
  }

  return {
    listWorkflows(): WorkflowDefinition[] {
      // Handlers are registered while a workflow runs; what is known here is which names the
      // component's modules define, the same for every workflow type. Whether an update will have
      // a validator is not known until its handler is set.
      return [...workflows.keys()].map((workflowType) => ({
        workflowType,
        hasInit: false,
        initTakesInput: false,
        signals: [...definedNames.signals],
        queries: [...definedNames.queries],
        updates: [...definedNames.updates].map((name) => ({ name, hasValidator: false })),
      }));
    },
    instantiateWorkflow(init: WorkflowInit): WorkflowInstance {
      const job = InitializeWorkflow.decode(init.initializeWorkflow);
      const fn = workflows.get(job.workflowType ?? '');
      if (!fn) {
        return err({
          message: `Workflow type "${job.workflowType}" is not registered in this component; it has: ${[...workflows.keys()].join(', ')}`,
          applicationFailureInfo: { type: 'NotFoundError', nonRetryable: true },
        });
      }
      const run = new WorkflowRun(options.host, job, init, interceptors);
      return new WorkflowInstance(run, fn);
    },
    WorkflowInstance,
  };
}
