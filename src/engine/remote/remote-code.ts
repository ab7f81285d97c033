/**
 * Workflow code loaded into an engine worker and driven from the thread that holds the session or
 * simulation: every guest call runs in the worker, under the client's watchdog. A call stopped by
 * the watchdog becomes a failed workflow task naming the call; the worker that replaces the
 * stopped one gets the code again on the next run, so a caller goes on with its next history.
 */
import type { RemoteWorkflowCode } from '../host/load.ts';
import type { ActivationCompletion, ActivationDriver, RunIdentity } from '../host/run.ts';
import type { HistoryEvent } from '../core/events.ts';
import type { coresdk } from '../proto/index.ts';
import { History, WorkflowActivation, WorkflowActivationCompletion } from '../proto/index.ts';
import { EngineRequestError, type EngineClient } from './client.ts';
import type { CodeSummary, EngineError, ReplaySummary } from './protocol.ts';

export class RemoteCode implements RemoteWorkflowCode {
  readonly kind = 'remote';
  private readonly runs = new Set<number>();

  private constructor(
    private readonly engine: EngineClient,
    private readonly bytes: Uint8Array,
    private readonly label: string,
    private readonly maxMemoryBytes: number | undefined,
    readonly summary: CodeSummary,
  ) {}

  /** Loads `bytes` (a component or a seed-ABI module) into the engine; rejects with its error. */
  static async load(
    engine: EngineClient,
    bytes: Uint8Array,
    label: string,
    maxMemoryBytes?: number,
  ): Promise<RemoteCode> {
    const summary = await load(engine, bytes, label, maxMemoryBytes);
    return new RemoteCode(engine, bytes, label, maxMemoryBytes, summary);
  }

  get workflows() {
    return this.summary.anyWorkflowType ? undefined : this.summary.workflows;
  }

  startRun(identity: RunIdentity): ActivationDriver {
    let run: Promise<number> | undefined;
    return {
      activate: async (activation) => {
        try {
          run ??= this.start(identity);
          return await this.activate(await run, activation);
        } catch (thrown) {
          return failedTask(thrown, this.engine.callLimitMs);
        }
      },
    };
  }

  /**
   * Replays `events` to the end in the worker and answers with the outcome only (one message, not
   * one per activation). A guest call the watchdog stopped fails the workflow task it was in, as
   * a run driven from here would.
   */
  async replay(
    events: readonly HistoryEvent[],
    options: { workflowId?: string; workflowType?: string } = {},
  ): Promise<ReplaySummary> {
    const request = () => {
      // A buffer of its own to transfer: in Node the encoder's output is a Buffer, often a view
      // into a shared pool (and Buffer.slice would share it too).
      const history = new Uint8Array(History.encode({ events: [...events] })).buffer;
      return this.engine.request('replay', { history, ...options }, { transfer: [history] });
    };
    try {
      try {
        return await request();
      } catch (thrown) {
        // The worker was replaced (a guest call was stopped): give the new one the code.
        if (!(thrown instanceof EngineRequestError) || thrown.error.code !== 'no-code')
          throw thrown;
        await load(this.engine, this.bytes, this.label, this.maxMemoryBytes);
        return await request();
      }
    } catch (thrown) {
      const site = thrown instanceof EngineRequestError ? thrown.error.site : undefined;
      if (!site || site.activation < 0) throw thrown;
      const failed = failedTask(thrown, this.engine.callLimitMs);
      return {
        verdict: { kind: 'task-failure', message: failed.message, activation: site.activation },
        activations: site.activation + 1,
        accepted: [],
        notChecked: [],
      };
    }
  }

  /** Frees every run started so far in the worker. */
  async endRuns(): Promise<void> {
    const runs = [...this.runs];
    this.runs.clear();
    // A run the worker lost in a restart is gone already.
    await Promise.allSettled(runs.map((run) => this.engine.request('end-run', { run })));
  }

  private async start(identity: RunIdentity): Promise<number> {
    let started;
    try {
      started = await this.engine.request('start-run', { identity });
    } catch (thrown) {
      // The worker was replaced (a guest call was stopped): give the new one the code.
      if (!(thrown instanceof EngineRequestError) || thrown.error.code !== 'no-code') throw thrown;
      await load(this.engine, this.bytes, this.label, this.maxMemoryBytes);
      started = await this.engine.request('start-run', { identity });
    }
    this.runs.add(started.run);
    return started.run;
  }

  private async activate(
    run: number,
    activation: coresdk.workflow_activation.IWorkflowActivation,
  ): Promise<ActivationCompletion> {
    const encoded = WorkflowActivation.encode(activation);
    const answer = await this.engine.request(
      'activate',
      { run, activation: encoded },
      { transfer: [encoded.buffer as ArrayBuffer] },
    );
    const decoded = WorkflowActivationCompletion.decode(answer.encodedCompletion);
    if (answer.completion.status === 'failed') {
      return {
        status: 'failed',
        message: answer.completion.message,
        failure: decoded.failed?.failure ?? { message: answer.completion.message },
        ...(decoded.failed?.forceCause ? { forceCause: decoded.failed.forceCause } : {}),
      };
    }
    const sites = answer.completion.commands.map((c) => c.site);
    return {
      status: 'success',
      commands: decoded.successful?.commands ?? [],
      origins: answer.completion.commands.map((c) => c.origin),
      ...(sites.some(Boolean) ? { sites } : {}),
    };
  }
}

async function load(
  engine: EngineClient,
  bytes: Uint8Array,
  label: string,
  maxMemoryBytes: number | undefined,
) {
  // A copy (not a Buffer's slice, which shares): the caller keeps its bytes to load again into
  // a replacement worker.
  const copy = new Uint8Array(bytes).buffer;
  const { code } = await engine.request(
    'load-code',
    {
      source: { kind: 'bytes', bytes: copy, label },
      ...(maxMemoryBytes !== undefined && { maxMemoryBytes }),
    },
    { transfer: [copy] },
  );
  return code;
}

/** The words for a guest call the watchdog stopped, or for an engine that failed otherwise. */
export function engineFailureMessage(error: EngineError, callLimitMs: number): string {
  if (error.code !== 'watchdog' || !error.site) return error.message;
  const seconds = +(callLimitMs / 1000).toFixed(3);
  const where =
    error.site.activation >= 0
      ? `in ${error.site.call} of activation ${error.site.activation + 1}`
      : `in ${error.site.call} while loading`;
  return `The workflow code did not return within ${seconds} s ${where}; the engine stopped it.`;
}

function failedTask(
  thrown: unknown,
  callLimitMs: number,
): Extract<ActivationCompletion, { status: 'failed' }> {
  const message =
    thrown instanceof EngineRequestError
      ? engineFailureMessage(thrown.error, callLimitMs)
      : `The engine failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
  return { status: 'failed', message, failure: { message } };
}
