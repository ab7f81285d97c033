/**
 * The ordered log of every host↔guest call in one run: what the timeline draws. Messages are kept
 * decoded; `seq` orders entries across activations, `call` ties a pushed command, a details update,
 * a hazard or a log line to the guest call that made it, and `atMs` places every entry in time.
 */
import type { coresdk, temporal } from '../proto/index.ts';
import type { SourceSite } from './sources.ts';
import type { HazardKind } from './wasi/hazard.ts';

export type RoutineLabel =
  | { kind: 'main' }
  | { kind: 'signal'; name: string }
  | { kind: 'update'; name: string; updateId: string; protocolInstanceId: string };

interface Base {
  seq: number;
  /** Index of the activation (0-based) this entry belongs to. */
  activation: number;
  /** When the entry was recorded: milliseconds since the run's driver was created. */
  atMs: number;
}

export interface CallEntry extends Base {
  type: 'instantiate' | 'activate' | 'poll' | 'run';
  durationMs: number;
  /** For polls: which routine, and the pass of the poll loop (0-based). */
  routineId?: bigint;
  routine?: RoutineLabel;
  pass?: number;
  madeProgress?: boolean;
  /** Short text of what the call returned, e.g. `blocked`, `terminal: completed`. */
  outcome: string;
  error?: string;
  /** For `activate`: the activation the host passed, decoded. */
  input?: coresdk.workflow_activation.IWorkflowActivation;
}

export interface CommandEntry extends Base {
  type: 'command';
  /** seq of the call during which the guest pushed it, or undefined when the host made it. */
  call: number | undefined;
  origin: 'guest' | 'host';
  command: coresdk.workflow_commands.IWorkflowCommand;
  /** Where in the workflow's source it came from (components built with this project's SDK). */
  site?: SourceSite;
}

export interface DetailsEntry extends Base {
  type: 'details';
  call: number | undefined;
  text: string;
}

/**
 * The guest reached outside the workflow ABI (a WASI clock, random, files…). Repeated calls of one
 * function within one guest call share an entry and count up.
 */
export interface HazardEntry extends Base {
  type: 'hazard';
  call: number | undefined;
  kind: HazardKind;
  interface: string;
  function: string;
  count: number;
  /** What the host answered the first time, or that it refused. */
  answer: string;
  denied: boolean;
}

/** A line the guest wrote: WASI stdout/stderr, or a seed-ABI module's `write_log`. */
export interface LogEntry extends Base {
  type: 'log';
  call: number | undefined;
  /** stdout/stderr of a WASI guest, the seed ABI's `write_log`, or the guest SDK's `log` records. */
  source: 'stdout' | 'stderr' | 'write_log' | 'workflow';
  /** Log level for `write_log` and workflow records (error, warn, info, debug, trace). */
  level?: string;
  text: string;
  /** A workflow record's structured attributes, and whether it was logged while replaying. */
  attributes?: Record<string, unknown>;
  replaying?: boolean;
}

export interface TaskFailureEntry extends Base {
  type: 'task-failure';
  message: string;
  failure: temporal.api.failure.v1.IFailure;
}

export type TraceEntry =
  CallEntry | CommandEntry | DetailsEntry | HazardEntry | LogEntry | TaskFailureEntry;

/** A trace entry before the recorder assigns its position and time. */
export type NewTraceEntry = TraceEntry extends infer E
  ? E extends TraceEntry
    ? Omit<E, 'seq' | 'activation' | 'atMs'>
    : never
  : never;

/** Appends entries with their position, activation and time. */
export class TraceRecorder {
  readonly entries: TraceEntry[] = [];
  /** Index of the activation being processed; -1 before the first. */
  activation = -1;
  private readonly startedAt = performance.now();

  record<E extends TraceEntry>(entry: NewTraceEntry & Omit<E, 'seq' | 'activation' | 'atMs'>): E {
    const full = {
      ...entry,
      seq: this.entries.length,
      activation: this.activation,
      atMs: performance.now() - this.startedAt,
    } as E;
    this.entries.push(full);
    return full;
  }
}
