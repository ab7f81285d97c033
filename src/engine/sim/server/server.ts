/**
 * What a command's module may do to the simulated service: append events, schedule what happens
 * later on the virtual clock, and keep the run's open timers, activities and children. The
 * simulation (../simulate.ts) is the one implementation; each command kind's module in this
 * folder is the server's response to that command.
 */
import Long from 'long';
import { root } from '../../proto/index.ts';
import type { temporal } from '../../proto/index.ts';
import type { Scenario, OutcomeSpec } from '../scenario.ts';

export type IPayload = temporal.api.common.v1.IPayload;
export type IFailure = temporal.api.failure.v1.IFailure;
/** A command's attributes, as the machines produced them. */
export type Attributes = Record<string, never>;

export const IDENTITY = 'workflow-playground-sim';
export const TASK_QUEUE_KIND_NORMAL = root.lookupEnum('temporal.api.enums.v1.TaskQueueKind').values[
  'TASK_QUEUE_KIND_NORMAL'
]!;
export const RETRY_STATE = root.lookupEnum('temporal.api.enums.v1.RetryState').values;
export const TIMEOUT_TYPE = root.lookupEnum('temporal.api.enums.v1.TimeoutType').values;

export const long = (n: number) => Long.fromNumber(n);

/** How a run ends, when a command ends it. */
export type RunEnd = 'completed' | 'failed' | 'canceled' | 'continued-as-new';

export interface Pending {
  at: number;
  order: number;
  /** Appends the events for this outcome; returns whether the workflow must be woken up. */
  fire: () => boolean;
}

/** An update on its way through the protocol: its request, and where history has it so far. */
export interface UpdateDelivery {
  request: temporal.api.update.v1.IRequest;
  sequencingEventId: number;
  acceptedEventId: number;
}

export type OutcomeGroup = 'activities' | 'localActivities' | 'childWorkflows';

export interface Server {
  readonly scenario: Scenario;
  /** The last WorkflowTaskCompleted event's id: what each command's event points back to. */
  readonly lastWftCompletedId: number;
  readonly timers: Map<string, { startedEventId: number; pending: Pending }>;
  readonly activities: Map<number, { pending: Pending | undefined; activityId: string }>;
  readonly children: Map<string, { initiatedEventId: number }>;
  /** Appends an event of `type` with these attributes; returns its id. */
  add(type: string, attrs: Record<string, unknown>): number;
  /** Runs `fire` `delayMs` of virtual time from now. */
  schedule(delayMs: number, fire: () => boolean): Pending;
  cancelPending(pending: Pending | undefined): void;
  requestId(): string;
  /** The outcome of a call: the scenario's, an activity implementation's, or a simulated child. */
  resolveOutcome(group: OutcomeGroup, type: string, args: unknown[]): Promise<OutcomeSpec>;
  durationOf(spec: OutcomeSpec, path: string): number;
}

/** The server's response to one kind of command, in the task that completed with it. */
export type CommandResponse = (
  server: Server,
  attributes: Attributes,
  updates: Map<string, UpdateDelivery>,
) => Promise<RunEnd | undefined> | RunEnd | undefined;

/** Milliseconds of a protobuf Duration. */
export function durationMs(d: unknown): number {
  const duration = d as
    { seconds?: Long | number | null; nanos?: number | null } | null | undefined;
  if (!duration) return 0;
  const seconds =
    typeof duration.seconds === 'number' ? duration.seconds : (duration.seconds?.toNumber() ?? 0);
  return seconds * 1000 + Math.round((duration.nanos ?? 0) / 1e6);
}

/** An application failure as this project's simulated (and bridge-run) activities report one. */
export function failureFrom(spec: {
  message: string;
  type?: string;
  nonRetryable?: boolean;
}): IFailure {
  return {
    message: spec.message,
    source: 'WorkflowPlayground',
    applicationFailureInfo: {
      type: spec.type ?? 'Error',
      nonRetryable: spec.nonRetryable ?? false,
    },
  };
}
