/**
 * Replays histories through real sdk-core (the offline replay worker of `@temporalio/core-bridge`)
 * with a caller-supplied responder playing lang: sdk-core builds every activation, the responder
 * answers each with a completion, and sdk-core matches the commands against the history. This is
 * the oracle our own replay engine is compared with.
 *
 * One sdk-core runtime serves every replay of an `SdkCoreReplayer`; each replay gets its own replay
 * worker (cheap to make, and no state can leak from one history into the next), so replays may
 * also run concurrently.
 *
 * The bridge has sharp edges this module absorbs:
 * - every activation must be completed, even when the responder throws, hangs or returns something
 *   sdk-core rejects; otherwise shutdown waits for it forever. We answer with a failed completion
 *   on the responder's behalf and let sdk-core evict the run;
 * - a completion whose run id is not the activation's is silently ignored, leaving the activation
 *   open, so the run id is always set from the activation;
 * - a history sdk-core cannot take makes it panic in a background thread and never answer, so
 *   histories are checked first (history-input.ts);
 * - a pending native promise does not keep Node alive, so a worker we have to abandon cannot hang
 *   the process, but an `await` on it would never return: every wait here has a deadline.
 */
import {
  WorkflowActivation,
  WorkflowActivationCompletion,
  type coresdk,
  type temporal,
} from '../../engine/proto/index.ts';
import { describeThrown } from '../../engine/host/errors.ts';
import {
  closeHistoryStream,
  completeActivation,
  finalizeShutdown,
  initiateShutdown,
  isShutdownError,
  newCoreRuntime,
  newReplayWorker,
  pollActivation,
  pushHistory,
  shutdownRuntime,
  type CoreRuntime,
  type CoreWorker,
  type HistoryPusher,
} from './core-bridge.ts';
import { InvalidHistoryError, prepareHistory } from './history-input.ts';
import { evictionOf, verdictOf, type Eviction, type OracleVerdict } from './verdict.ts';

export type IWorkflowActivation = coresdk.workflow_activation.IWorkflowActivation;
export type IWorkflowActivationCompletion =
  coresdk.workflow_completion.IWorkflowActivationCompletion;

/**
 * Plays lang for one activation. `runId` in the answer may be left out: the activation's is used.
 * The activation object is the one recorded in `OracleRun.activations`; do not mutate it.
 */
export type Responder = (
  activation: IWorkflowActivation,
  index: number,
) => Promise<IWorkflowActivationCompletion> | IWorkflowActivationCompletion;

export interface ReplayOptions {
  /** InitializeWorkflow.workflowId; default: the started event's `workflowId`, else "fake" (as the TS SDK). */
  workflowId?: string;
  /** The whole replay must finish within this time (sdk-core's work and the responder's). */
  timeoutMs?: number;
}

export interface OracleRun {
  workflowId: string;
  /** Every activation sdk-core sent, decoded, in order, except the final eviction. */
  activations: IWorkflowActivation[];
  /** What was sent back for each activation (the responder's answer, or ours on its behalf). */
  completions: IWorkflowActivationCompletion[];
  /** The eviction that ended the replay, when sdk-core got that far. */
  eviction?: Eviction;
  verdict: OracleVerdict;
  durationMs: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
/** Extra time to wind a run down (fail the open activation, take the eviction) once it went wrong. */
const WIND_DOWN_MS = 5_000;
const DEFAULT_WORKFLOW_ID = 'fake';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown } | { ok: 'timeout' };

/** Waits for `promise` until the wall-clock `deadline`, never longer, leaving no timer behind. */
function until<T>(promise: Promise<T>, deadline: number): Promise<Outcome<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: 'timeout' }), Math.max(0, deadline - Date.now()));
  });
  const settled = promise.then(
    (value): Outcome<T> => ({ ok: true, value }),
    (error: unknown): Outcome<T> => ({ ok: false, error }),
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}

const encodeCompletion = (completion: IWorkflowActivationCompletion): Uint8Array =>
  WorkflowActivationCompletion.type
    .encodeDelimited(
      WorkflowActivationCompletion.type.fromObject(completion as Record<string, unknown>),
    )
    .finish();

function failedCompletion(runId: string, message: string): IWorkflowActivationCompletion {
  return { runId, failed: { failure: { message, source: 'workflow-playground oracle' } } };
}

function jobKinds(activation: IWorkflowActivation): string {
  return (activation.jobs ?? []).map((job) => Object.keys(job)[0] ?? '?').join(', ');
}

export interface ReplayerOptions {
  /** Tracing filter for sdk-core's own log lines on stderr (e.g. "WARN"); default "off". */
  logFilter?: string;
}

export class SdkCoreReplayer {
  private runtime: CoreRuntime | undefined;
  private readonly running = new Set<Promise<unknown>>();
  private workers = 0;

  constructor(options: ReplayerOptions = {}) {
    this.runtime = newCoreRuntime(options.logFilter);
  }

  replay(
    history: temporal.api.history.v1.IHistory | Uint8Array,
    respond: Responder,
    options: ReplayOptions = {},
  ): Promise<OracleRun> {
    const run = this.replayOnce(history, respond, options);
    this.running.add(run);
    const forget = () => this.running.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** Refuses new replays, waits for those in flight, then shuts sdk-core's runtime down. */
  async close(): Promise<void> {
    const runtime = this.runtime;
    this.runtime = undefined;
    await Promise.allSettled([...this.running]);
    if (runtime) shutdownRuntime(runtime);
  }

  private async replayOnce(
    history: temporal.api.history.v1.IHistory | Uint8Array,
    respond: Responder,
    options: ReplayOptions,
  ): Promise<OracleRun> {
    if (!this.runtime) throw new Error('SdkCoreReplayer is closed');
    const runtime = this.runtime;
    const began = performance.now();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const finish = (run: Omit<OracleRun, 'durationMs'>): OracleRun => ({
      ...run,
      durationMs: performance.now() - began,
    });
    let prepared;
    try {
      prepared = prepareHistory(history);
    } catch (thrown) {
      if (!(thrown instanceof InvalidHistoryError)) throw thrown;
      return finish({
        workflowId: options.workflowId ?? DEFAULT_WORKFLOW_ID,
        activations: [],
        completions: [],
        verdict: { kind: 'error', message: `the history cannot be replayed: ${thrown.message}` },
      });
    }
    const workflowId = options.workflowId ?? prepared.recordedWorkflowId ?? DEFAULT_WORKFLOW_ID;
    const [worker, pusher] = newReplayWorker(runtime, `oracle-${++this.workers}`);
    const run = new ReplayRun(worker, respond, Date.now() + timeoutMs, timeoutMs);
    const result = await run.play(pusher, workflowId, prepared.delimited);
    await run.shutDown(pusher);
    return finish({ workflowId, ...result });
  }
}

/** One history through one replay worker. */
class ReplayRun {
  readonly activations: IWorkflowActivation[] = [];
  readonly completions: IWorkflowActivationCompletion[] = [];
  /** Set once the run cannot end on sdk-core's verdict; the first reason wins. */
  private problem: string | undefined;
  /** sdk-core stopped answering or died: shut down without waiting on it. */
  private workerLost = false;
  /**
   * Calls into the worker not yet settled (one a time-out gave up on). Each holds a reference to
   * the worker, and finalizing it while one does fails with "Worker still in use".
   */
  private readonly inFlight = new Set<Promise<unknown>>();

  private track<T>(call: Promise<T>): Promise<T> {
    this.inFlight.add(call);
    const settled = () => this.inFlight.delete(call);
    call.then(settled, settled);
    return call;
  }
  /** sdk-core sent nothing in time: the run ends on a time-out, not an error. */
  private timedOut = false;

  constructor(
    private readonly worker: CoreWorker,
    private readonly respond: Responder,
    private deadline: number,
    private readonly timeoutMs: number,
  ) {}

  async play(
    pusher: HistoryPusher,
    workflowId: string,
    history: Uint8Array,
  ): Promise<Pick<OracleRun, 'activations' | 'completions' | 'eviction' | 'verdict'>> {
    const pushed = await until(this.track(pushHistory(pusher, workflowId, history)), this.deadline);
    if (pushed.ok !== true) {
      this.workerLost = true;
      this.timedOut = pushed.ok === 'timeout';
      return this.result(
        undefined,
        pushed.ok === 'timeout'
          ? `sdk-core's replay worker did not take the history within ${this.timeoutMs} ms (timed out)`
          : `sdk-core refused the history: ${describeThrown(pushed.error)}`,
      );
    }
    for (;;) {
      const polled = await until(this.track(pollActivation(this.worker)), this.deadline);
      if (polled.ok !== true) {
        this.workerLost = true;
        if (polled.ok === 'timeout') this.timedOut = true;
        const after = this.activations.length
          ? ` after activation ${this.activations.length - 1}`
          : '';
        return this.result(
          undefined,
          polled.ok === 'timeout'
            ? `sdk-core's replay worker sent no activation${after} within ${this.timeoutMs} ms (timed out; it never answers a history with nothing to activate, such as WorkflowExecutionStarted alone)`
            : isShutdownError(polled.error)
              ? `sdk-core's replay worker stopped${after} (a panic is printed on stderr if it crashed)`
              : `polling sdk-core failed${after}: ${describeThrown(polled.error)}`,
        );
      }
      const activation = WorkflowActivation.decode(polled.value);
      const jobs = activation.jobs ?? [];
      const evictJob = jobs.find((job) => job.removeFromCache)?.removeFromCache;
      if (!evictJob) {
        if (!(await this.answer(activation))) return this.result(undefined);
        continue;
      }
      // Like the TS SDK: any other jobs sharing the eviction still get an answer, then the run ends.
      const others = jobs.filter((job) => !job.removeFromCache);
      const eviction = evictionOf(activation, evictJob);
      if (others.length > 0) {
        activation.jobs = others;
        if (!(await this.answer(activation))) return this.result(eviction);
      } else {
        const done = await until(
          this.track(
            completeActivation(
              this.worker,
              encodeCompletion({ runId: activation.runId, successful: {} }),
            ),
          ),
          this.deadline,
        );
        if (done.ok !== true) {
          this.workerLost = true;
          return this.result(
            eviction,
            `sdk-core did not take the eviction's completion: ${describeThrown(done.ok === 'timeout' ? 'timed out' : done.error)}`,
          );
        }
      }
      return this.result(eviction);
    }
  }

  /** Gets the responder's completion to sdk-core; false if sdk-core can no longer be talked to. */
  private async answer(activation: IWorkflowActivation): Promise<boolean> {
    const index = this.activations.length;
    this.activations.push(activation);
    const runId = activation.runId ?? '';
    const what = `activation ${index} (${jobKinds(activation)})`;
    const answered = await until(
      Promise.resolve().then(() => this.respond(activation, index)),
      this.deadline,
    );
    let completion: IWorkflowActivationCompletion;
    if (answered.ok === true) {
      completion = { ...answered.value, runId };
    } else {
      completion = failedCompletion(
        runId,
        this.fail(
          answered.ok === 'timeout'
            ? `the responder did not answer ${what} within ${this.timeoutMs} ms`
            : `the responder threw at ${what}: ${describeThrown(answered.error)}`,
        ),
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = encodeCompletion(completion);
    } catch (thrown) {
      completion = failedCompletion(
        runId,
        this.fail(
          `the responder's answer to ${what} is not a WorkflowActivationCompletion: ${describeThrown(thrown)}`,
        ),
      );
      bytes = encodeCompletion(completion);
    }
    this.completions.push(completion);
    let sent = await until(this.track(completeActivation(this.worker, bytes)), this.deadline);
    if (sent.ok === false) {
      // sdk-core refused it (e.g. a command with no variant) and still holds the activation open.
      const message = this.fail(
        `sdk-core rejected the completion of ${what}: ${describeThrown(sent.error)}`,
      );
      sent = await until(
        this.track(
          completeActivation(this.worker, encodeCompletion(failedCompletion(runId, message))),
        ),
        this.deadline,
      );
    }
    if (sent.ok !== true) {
      this.workerLost = true;
      this.fail(`sdk-core did not take the completion of ${what}`);
      return false;
    }
    return true;
  }

  /** Records why the run cannot stand on sdk-core's verdict, and allows time to wind down. */
  private fail(reason: string): string {
    if (this.problem === undefined) {
      this.problem = reason;
      this.deadline = Math.max(this.deadline, Date.now() + WIND_DOWN_MS);
    }
    return reason;
  }

  private result(
    eviction: Eviction | undefined,
    reason?: string,
  ): Pick<OracleRun, 'activations' | 'completions' | 'eviction' | 'verdict'> {
    if (reason) this.fail(reason);
    const verdict: OracleVerdict =
      this.problem !== undefined || !eviction
        ? {
            kind: this.timedOut ? 'timeout' : 'error',
            message: this.problem ?? 'sdk-core ended the replay without an eviction',
          }
        : verdictOf(eviction, this.activations.length - 1);
    return {
      activations: this.activations,
      completions: this.completions,
      ...(eviction ? { eviction } : {}),
      verdict,
    };
  }

  /**
   * Ends the worker: closing the history stream makes its replay client report "no more work",
   * polls then fail with ShutdownError, and finalizing frees it. A worker that stopped answering
   * gets bounded waits; if it never finishes it is left behind (it cannot keep Node alive).
   */
  async shutDown(pusher: HistoryPusher): Promise<void> {
    const limit = Date.now() + (this.workerLost ? 1_000 : WIND_DOWN_MS);
    try {
      closeHistoryStream(pusher);
      initiateShutdown(this.worker);
    } catch {
      // Already shut down (it died): finalizing below is all that is left.
    }
    // Shutting down makes a poll that was given up on return; wait for it before anything else.
    await until(Promise.allSettled([...this.inFlight]), limit);
    if (this.inFlight.size > 0) return; // still held by sdk-core: left behind
    for (;;) {
      const polled = await until(this.track(pollActivation(this.worker)), limit);
      if (polled.ok !== true) break;
      // An activation after shutdown was requested: answer it so shutdown can complete.
      const activation = WorkflowActivation.decode(polled.value);
      await until(
        this.track(
          completeActivation(
            this.worker,
            encodeCompletion({ runId: activation.runId, successful: {} }),
          ),
        ),
        limit,
      );
    }
    if (this.inFlight.size > 0) return;
    try {
      await until(finalizeShutdown(this.worker), limit);
    } catch {
      // The native side still holds it (it throws at once, not through the promise): leaving it
      // behind costs a little memory, while throwing here would end the process.
    }
  }
}

/** Replays one history on a runtime of its own; see SdkCoreReplayer to replay many. */
export async function replayWithSdkCore(
  history: temporal.api.history.v1.IHistory | Uint8Array,
  respond: Responder,
  options: ReplayOptions & ReplayerOptions = {},
): Promise<OracleRun> {
  const replayer = new SdkCoreReplayer(options);
  try {
    return await replayer.replay(history, respond, options);
  } finally {
    await replayer.close();
  }
}
