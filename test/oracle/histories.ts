/**
 * Real recorded histories for the oracle tests, plus the few facts the tests read from them.
 * JSON histories are parsed with protobufjs' own ProtoJSON reader (canonical proto3 JSON) against
 * our schema: enough for these fixtures, and independent of the app's history loader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Long from 'long';
import protojson from 'protobufjs/ext/protojson.js';
import { History, type coresdk, type temporal } from '../../src/engine/proto/index.ts';
import { historiesDir } from '../paths.ts';

type IHistory = temporal.api.history.v1.IHistory;
type IHistoryEvent = temporal.api.history.v1.IHistoryEvent;

export function binaryHistory(folder: string, name: string): Uint8Array {
  return readFileSync(join(historiesDir(folder), name));
}

export function jsonHistory(folder: string, name: string): IHistory {
  const json: unknown = JSON.parse(readFileSync(join(historiesDir(folder), name), 'utf8'));
  return protojson.fromJson(History.type, json, { ignoreUnknownFields: true }) as IHistory;
}

export function eventsOf(history: IHistory | Uint8Array): IHistoryEvent[] {
  return (history instanceof Uint8Array ? History.decode(history) : history).events ?? [];
}

export function event(events: IHistoryEvent[], id: number): IHistoryEvent {
  const found = events.find((e) => Number(e.eventId) === id);
  if (!found) throw new Error(`no event ${id} in the history`);
  return found;
}

/** A protobuf Timestamp as epoch milliseconds plus nanos, comparable across Long/number forms. */
export function instant(
  timestamp: { seconds?: unknown; nanos?: number | null } | null | undefined,
) {
  return { seconds: Number(timestamp?.seconds ?? 0), nanos: timestamp?.nanos ?? 0 };
}

/** The name of each job's variant, in order: `initializeWorkflow`, `fireTimer`, … */
export function jobKinds(activation: coresdk.workflow_activation.IWorkflowActivation): string[] {
  return (activation.jobs ?? []).map(
    (job) => Object.keys(job).find((key) => (job as Record<string, unknown>)[key] != null) ?? '?',
  );
}

/** A google.protobuf.Duration for commands (its int64 seconds typed as Long). */
export function duration(seconds: number, nanos = 0) {
  return { seconds: Long.fromNumber(seconds), nanos };
}
