/**
 * Runs driven one activation at a time from outside the engine (sdk-core, through the bridge or
 * the oracle): each run has its own instance and trace, and each answer carries the completion in
 * both forms (a view, and the encoded WorkflowActivationCompletion for sdk-core) with the trace
 * entries that activation added. The remote engine (src/engine/remote) and the debugger's
 * workbench both hold their runs here.
 */
import { encodeActivationCompletion } from './completion.ts';
import { describeThrown } from './errors.ts';
import { startRun, type LoadedWorkflowCode } from './load.ts';
import type { RunDriver, RunIdentity, RunOptions } from './run.ts';
import {
  completionView,
  traceView,
  type CompletionView,
  type TraceEntryView,
} from './trace-view.ts';
import { WorkflowActivation } from '../proto/index.ts';

export interface DrivenAnswer {
  completion: CompletionView;
  /** Encoded coresdk.workflow_completion.WorkflowActivationCompletion for the activation's run id. */
  encodedCompletion: Uint8Array;
  /** The trace entries this activation added. */
  trace: TraceEntryView[];
  currentDetails: string;
}

/** A request that names no run held here, or carries an activation that does not decode. */
export class DrivenRunError extends Error {
  constructor(
    readonly code: 'no-run' | 'bad-request',
    message: string,
  ) {
    super(message);
  }
}

export class DrivenRuns {
  private readonly runs = new Map<number, { driver: RunDriver; reported: number }>();
  private nextRun = 1;

  /** A new instance of `code` for one workflow run; returns its run number. */
  start(code: LoadedWorkflowCode, identity: RunIdentity, options: RunOptions = {}): number {
    const run = this.nextRun++;
    this.runs.set(run, { driver: startRun(code, identity, options), reported: 0 });
    return run;
  }

  /** Runs one encoded coresdk WorkflowActivation through the run's instance. */
  async activate(run: number, activation: Uint8Array): Promise<DrivenAnswer> {
    const entry = this.runs.get(run);
    if (!entry) throw new DrivenRunError('no-run', `No run ${run} in this engine.`);
    let decoded;
    try {
      decoded = WorkflowActivation.decode(activation);
    } catch (thrown) {
      throw new DrivenRunError(
        'bad-request',
        `The activation is not a valid coresdk.workflow_activation.WorkflowActivation: ${describeThrown(thrown)}`,
      );
    }
    const { driver } = entry;
    const completion = await driver.activate(decoded);
    const trace = driver.trace.slice(entry.reported).map((e) => traceView(e, driver.trace));
    entry.reported = driver.trace.length;
    return {
      completion: completionView(completion),
      encodedCompletion: encodeActivationCompletion(decoded.runId ?? '', completion),
      trace,
      currentDetails: driver.currentDetails,
    };
  }

  end(run: number): void {
    this.runs.delete(run);
  }
}
