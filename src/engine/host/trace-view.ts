/**
 * Plain-JSON form of a trace and a completion: what crosses a worker or network boundary and what
 * the UI and CLI print. Protobufs become JSON views with payloads decoded; bigints become strings.
 */
import { Failure, WorkflowCommand } from '../proto/index.ts';
import { jsonView } from '../proto/json-view.ts';
import type { ActivationCompletion } from './driver.ts';
import type { CallEntry, DetailsEntry, RoutineLabel, TraceEntry } from './trace.ts';

type Json = Record<string, unknown>;

export type TraceEntryView =
  | (Omit<CallEntry, 'routineId'> & { routineId?: string })
  | {
      type: 'command';
      seq: number;
      activation: number;
      call: number | undefined;
      origin: 'guest' | 'host';
      command: Json;
    }
  | DetailsEntry
  | { type: 'task-failure'; seq: number; activation: number; message: string; failure: Json };

export type CompletionView =
  | { status: 'success'; commands: Array<{ origin: 'guest' | 'host'; command: Json }> }
  | { status: 'failed'; message: string; failure: Json };

export function traceView(entry: TraceEntry): TraceEntryView {
  switch (entry.type) {
    case 'command':
      return { ...entry, command: jsonView(WorkflowCommand, entry.command) };
    case 'task-failure':
      return { ...entry, failure: jsonView(Failure, entry.failure) };
    case 'details':
      return entry;
    default: {
      const { routineId, ...rest } = entry;
      return routineId === undefined ? rest : { ...rest, routineId: routineId.toString() };
    }
  }
}

export function completionView(completion: ActivationCompletion): CompletionView {
  return completion.status === 'success'
    ? {
        status: 'success',
        commands: completion.commands.map((c, i) => ({
          origin: completion.origins[i] ?? 'guest',
          command: jsonView(WorkflowCommand, c),
        })),
      }
    : {
        status: 'failed',
        message: completion.message,
        failure: jsonView(Failure, completion.failure),
      };
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
