/**
 * What every kind of workflow code (a component, or a seed-ABI core module) offers a run: turn each
 * activation into a completion, never throwing, and keep a trace of what happened.
 */
import type { coresdk, temporal } from '../proto/index.ts';
import type { SourcePosition } from './sources.ts';
import type { TraceEntry } from './trace.ts';

export interface RunIdentity {
  namespace: string;
  taskQueue: string;
  runId: string;
}

export type ActivationCompletion =
  /** `origins[i]` says whether commands[i] was pushed by the guest or made by the host. */
  | {
      status: 'success';
      commands: coresdk.workflow_commands.IWorkflowCommand[];
      origins: Array<'guest' | 'host'>;
      /** Lang internal flags the guest used (sdk-core records new ones in the task's metadata). */
      usedInternalFlags?: number[];
      /** `sites[i]`: where in the workflow's source commands[i] came from, when known. */
      sites?: Array<SourcePosition | undefined>;
    }
  | {
      status: 'failed';
      message: string;
      failure: temporal.api.failure.v1.IFailure;
      forceCause?: number;
    };

/** The guest call in progress, e.g. `{ activation: 3, call: 'poll-routine(0)' }`. */
export interface GuestCallSite {
  activation: number;
  call: string;
}

export interface RunOptions {
  /**
   * Told before every guest call and (with undefined) after it: a watchdog in another thread uses
   * it to name the call that never returned.
   */
  onGuestCall?: (site: GuestCallSite | undefined) => void;
}

/** What stepping a run needs: each activation turned into its completion. Never throws. */
export interface ActivationDriver {
  activate(
    activation: coresdk.workflow_activation.IWorkflowActivation,
  ): Promise<ActivationCompletion>;
}

/** A run driven in this thread, with its trace at hand. */
export interface RunDriver extends ActivationDriver {
  readonly trace: readonly TraceEntry[];
  readonly currentDetails: string;
}
