/**
 * Plays lang for the bridge with the engine: each activation sdk-core sends is run through the
 * loaded component (in the engine's worker, under its watchdog), one engine run per workflow run.
 * The page does this in the debugger's engine worker (the component the page has loaded); the
 * bridge does it with a Node worker thread when it hosts the component itself. It never throws:
 * whatever goes wrong becomes a failed completion whose message says what, which sdk-core hands
 * to the server (Temporal retries the task).
 */
import { describeThrown } from '../host/errors.ts';
import { completionView, type CompletionView, type TraceEntryView } from '../host/trace-view.ts';
import { WorkflowActivation, WorkflowActivationCompletion, type temporal } from '../proto/index.ts';
import type { EngineError, EngineRequest, EngineResult } from '../remote/protocol.ts';
import type { RunInfo } from './protocol.ts';

/** The engine calls lang makes: one instance per run, driven one activation at a time. */
export type LangCall = 'start-run' | 'activate' | 'end-run';

/**
 * Whatever answers those calls: the remote engine's client (a worker with its watchdog), or the
 * debugger page's own engine worker. Failures reject with `{ error: EngineError }`.
 */
export interface EngineRequester {
  request<K extends LangCall>(call: K, request: EngineRequest<K>): Promise<EngineResult<K>>;
  /** Changes when the engine's worker was replaced: the runs it held are gone. */
  readonly generation?: number;
}

export interface LangAnswer {
  /** Encoded coresdk.workflow_completion.WorkflowActivationCompletion. */
  completion: Uint8Array;
  view: CompletionView;
  /** The trace entries this activation added (empty when it never reached the component). */
  trace: TraceEntryView[];
}

/** Failure.source of failures lang makes on the component's behalf. */
export const FAILURE_SOURCE = 'workflow-playground';

/** A failed completion for `runId` with `message`, in both forms. */
export function failedAnswer(runId: string, message: string): LangAnswer {
  const failure: temporal.api.failure.v1.IFailure = { message, source: FAILURE_SOURCE };
  return {
    completion: WorkflowActivationCompletion.encode({ runId, failed: { failure } }),
    view: completionView({ status: 'failed', message, failure }),
    trace: [],
  };
}

/** Codes after which the engine is a fresh one: every run it held is gone. */
const ENGINE_REPLACED: ReadonlySet<EngineError['code']> = new Set(['watchdog', 'engine-crashed']);

export class EngineLang {
  /** Workflow run id → the engine's run number. */
  private readonly runs = new Map<string, number>();
  /** The engine's generation the runs belong to. */
  private generation: number | undefined;

  constructor(private readonly engine: EngineRequester) {}

  /** Runs the engine holds state for. */
  get runIds(): string[] {
    return [...this.runs.keys()];
  }

  async activate(run: RunInfo, activation: Uint8Array): Promise<LangAnswer> {
    let decoded;
    try {
      decoded = WorkflowActivation.decode(activation);
    } catch (thrown) {
      return failedAnswer(
        run.runId,
        `the activation is not a valid coresdk.workflow_activation.WorkflowActivation: ${describeThrown(thrown)}`,
      );
    }
    const starts = (decoded.jobs ?? []).some((job) => job.initializeWorkflow);
    try {
      // A replaced engine numbers its runs afresh: the old numbers must not reach new instances.
      if (this.engine.generation !== this.generation) {
        this.runs.clear();
        this.generation = this.engine.generation;
      }
      let engineRun = this.runs.get(run.runId);
      if (starts) {
        // The same run id again (a replay started over, or sdk-core re-running it after an
        // eviction): the old instance must not leak into the new one.
        if (engineRun !== undefined) await this.forget(run.runId);
        engineRun = (
          await this.engine.request('start-run', {
            identity: { namespace: run.namespace, taskQueue: run.taskQueue, runId: run.runId },
          })
        ).run;
        this.runs.set(run.runId, engineRun);
      } else if (engineRun === undefined) {
        return failedAnswer(
          run.runId,
          `no workflow instance for run ${run.runId} (${run.workflowType} ${run.workflowId}) here: ` +
            'it was started before this page connected or before its engine restarted. Failing the ' +
            'activation makes sdk-core evict the run; the retried workflow task replays it from the start.',
        );
      }
      const result = await this.engine.request('activate', { run: engineRun, activation });
      return { completion: result.encodedCompletion, view: result.completion, trace: result.trace };
    } catch (thrown) {
      const error = (thrown as { error?: EngineError }).error;
      if (error && ENGINE_REPLACED.has(error.code)) this.runs.clear();
      else this.runs.delete(run.runId);
      return failedAnswer(run.runId, error ? error.message : describeThrown(thrown));
    }
  }

  /** The run was evicted (or its page went away): drop its instance. */
  async forget(runId: string): Promise<void> {
    const engineRun = this.runs.get(runId);
    if (engineRun === undefined) return;
    this.runs.delete(runId);
    await this.engine.request('end-run', { run: engineRun }).catch(() => undefined);
  }

  /** Drops every run (the engine was replaced, or the page reconnected). */
  clear(): void {
    this.runs.clear();
  }
}
