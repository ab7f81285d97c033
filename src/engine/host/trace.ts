/**
 * The ordered log of every host↔guest call in one run: what the timeline draws. Messages are kept
 * decoded; `seq` orders entries across activations, `call` ties a pushed command or a details
 * update to the guest call that made it.
 */
import type { coresdk, temporal } from '../proto/index.ts';

export type RoutineLabel =
  | { kind: 'main' }
  | { kind: 'signal'; name: string }
  | { kind: 'update'; name: string; updateId: string; protocolInstanceId: string };

interface Base {
  seq: number;
  /** Index of the activation (0-based) this entry belongs to. */
  activation: number;
}

export interface CallEntry extends Base {
  type: 'instantiate' | 'activate' | 'poll';
  durationMs: number;
  /** For polls: which routine, and the pass of the poll loop (0-based). */
  routineId?: bigint;
  routine?: RoutineLabel;
  pass?: number;
  madeProgress?: boolean;
  /** Short text of what the call returned, e.g. `blocked`, `terminal: completed`. */
  outcome: string;
  error?: string;
}

export interface CommandEntry extends Base {
  type: 'command';
  /** seq of the call during which the guest pushed it, or undefined when the host made it. */
  call: number | undefined;
  origin: 'guest' | 'host';
  command: coresdk.workflow_commands.IWorkflowCommand;
}

export interface DetailsEntry extends Base {
  type: 'details';
  call: number | undefined;
  text: string;
}

export interface TaskFailureEntry extends Base {
  type: 'task-failure';
  message: string;
  failure: temporal.api.failure.v1.IFailure;
}

export type TraceEntry = CallEntry | CommandEntry | DetailsEntry | TaskFailureEntry;

/** A trace entry before the recorder assigns its position. */
export type NewTraceEntry = TraceEntry extends infer E
  ? E extends TraceEntry
    ? Omit<E, 'seq' | 'activation'>
    : never
  : never;
