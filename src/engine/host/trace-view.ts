/**
 * Plain-JSON form of a trace and a completion: what crosses a worker or network boundary and what
 * the UI and CLI print. Protobufs become JSON views with payloads decoded; bigints become strings.
 */
import { Failure, WorkflowActivation, WorkflowCommand } from '../proto/index.ts';
import { jsonView } from '../proto/json-view.ts';
import type { ActivationCompletion } from './run.ts';
import type { SourcePosition } from './sources.ts';
import type {
  CallEntry,
  DetailsEntry,
  HazardEntry,
  LogEntry,
  RoutineLabel,
  TraceEntry,
} from './trace.ts';
import { hazardSentence } from './wasi/hazard.ts';

type Json = Record<string, unknown>;

export type TraceEntryView =
  | (Omit<CallEntry, 'routineId' | 'input'> & { routineId?: string; input?: Json })
  | {
      type: 'command';
      seq: number;
      activation: number;
      atMs: number;
      call: number | undefined;
      origin: 'guest' | 'host';
      command: Json;
    }
  | DetailsEntry
  | LogEntry
  | (HazardEntry & { sentence: string })
  | {
      type: 'task-failure';
      seq: number;
      activation: number;
      atMs: number;
      message: string;
      failure: Json;
    };

export type CompletionView =
  | {
      status: 'success';
      commands: Array<{ origin: 'guest' | 'host'; command: Json; site?: SourcePosition }>;
    }
  | { status: 'failed'; message: string; failure: Json };

/** The plain-JSON form of a whole trace. */
export function traceViews(trace: readonly TraceEntry[]): TraceEntryView[] {
  return trace.map((entry) => traceView(entry, trace));
}

/** The plain-JSON form of one entry; `trace` names the call a hazard happened in. */
export function traceView(entry: TraceEntry, trace: readonly TraceEntry[]): TraceEntryView {
  switch (entry.type) {
    case 'command':
      return { ...entry, command: jsonView(WorkflowCommand, entry.command) };
    case 'task-failure':
      return { ...entry, failure: jsonView(Failure, entry.failure) };
    case 'details':
    case 'log':
      return entry;
    case 'hazard': {
      const call = entry.call === undefined ? undefined : trace[entry.call];
      const during = call && callName(call);
      return {
        ...entry,
        sentence: hazardSentence(entry.kind, {
          activation: entry.activation,
          count: entry.count,
          ...(during ? { during } : {}),
        }),
      };
    }
    default: {
      const { routineId, input, ...rest } = entry;
      return {
        ...rest,
        ...(routineId === undefined ? {} : { routineId: routineId.toString() }),
        ...(input === undefined ? {} : { input: jsonView(WorkflowActivation, input) }),
      };
    }
  }
}

export function completionView(completion: ActivationCompletion): CompletionView {
  return completion.status === 'success'
    ? {
        status: 'success',
        commands: completion.commands.map((c, i) => {
          const site = completion.sites?.[i];
          return {
            origin: completion.origins[i] ?? 'guest',
            command: jsonView(WorkflowCommand, c),
            ...(site ? { site } : {}),
          };
        }),
      }
    : {
        status: 'failed',
        message: completion.message,
        failure: jsonView(Failure, completion.failure),
      };
}

/** `activate`, `poll-routine(0)`, `instantiate-workflow`, as the WIT names the call. */
export function callName(entry: {
  type: TraceEntry['type'];
  routineId?: bigint | string;
}): string | undefined {
  switch (entry.type) {
    case 'activate':
    case 'run':
      return entry.type;
    case 'instantiate':
      return 'instantiate-workflow';
    case 'poll':
      return `poll-routine(${entry.routineId ?? ''})`;
    default:
      return undefined;
  }
}

export function routineName(label: RoutineLabel | undefined): string {
  if (!label) return '';
  switch (label.kind) {
    case 'main':
      return 'main';
    case 'signal':
      return `signal ${label.name}`;
    case 'update':
      return `update ${label.name} (${label.updateId})`;
  }
}
