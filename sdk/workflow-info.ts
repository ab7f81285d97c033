/** What a workflow knows about its own run (`workflowInfo()`), as in the TypeScript SDK. */
import type { RetryPolicy } from './activities.ts';
import type { TemporalFailure } from './failures.ts';
import type { Priority } from './priority.ts';
import type { SearchAttributes } from './search-attributes.ts';

export interface ParentWorkflowInfo {
  readonly workflowId: string;
  readonly runId: string;
  readonly namespace: string;
}

/** The first workflow of a chain of child workflows. */
export interface RootWorkflowInfo {
  readonly workflowId: string;
  readonly runId: string;
}

export interface WorkflowInfo {
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: string;
  readonly namespace: string;
  readonly taskQueue: string;
  /** Run id of the first run in this chain of continue-as-new and retries. */
  readonly firstExecutionRunId: string;
  readonly continuedFromExecutionRunId?: string;
  readonly parent?: ParentWorkflowInfo;
  /** The root of the chain of child workflows this run belongs to (unset if it is the root). */
  readonly root?: RootWorkflowInfo;
  /** Starts at 1, counts retries of the workflow (not of its tasks). */
  readonly attempt: number;
  readonly cronSchedule?: string;
  /** When the workflow execution (its first run) started. */
  readonly startTime: Date;
  /** When this run's first workflow task started. */
  readonly runStartTime: Date;
  readonly executionTimeoutMs?: number;
  readonly runTimeoutMs?: number;
  readonly taskTimeoutMs?: number;
  readonly executionExpirationTime?: Date;
  /** Result of the previous run of a cron workflow or of the run that continued as new. */
  readonly lastResult?: unknown;
  readonly lastFailure?: TemporalFailure;
  readonly memo?: Record<string, unknown>;
  /** Search attributes the run started with (untyped form; see search-attributes.ts). */
  readonly searchAttributes: SearchAttributes;
  /** The workflow's retry policy, if it was started with one (durations in ms). */
  readonly retryPolicy?: RetryPolicy;
  readonly priority: Priority;
  /** Build id of the worker deployment version running the current workflow task, if any. */
  readonly currentBuildId?: string;
  /** Events in the history so far, as of the current workflow task. */
  readonly historyLength: number;
  readonly historySize: number;
  /** The server suggests continuing as new (the history is getting large). */
  readonly continueAsNewSuggested: boolean;
  readonly unsafe: {
    /** True while the run replays history it already made: do not use for workflow logic. */
    readonly isReplaying: boolean;
    /** Workflow time (the current workflow task's start), in ms since the epoch. */
    now(): number;
  };
}
