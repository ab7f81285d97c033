/**
 * Which form a shared history travels in. Both forms come from the history layer's exporters:
 * the binary `History` protobuf (usually 2–3× smaller) and canonical proto3 JSON. Each form
 * loses something the other keeps (JSON has no place for unknown binary fields, binary none for
 * unknown JSON members), so a form is used only when loading it back gives the same history.
 */
import {
  exportHistoryBinary,
  exportHistoryJson,
  loadHistory,
  type LoadedHistory,
} from '../history/index.ts';
import { HistoryEventType, type HistoryEvent } from '../history/events.ts';

export type HistoryForm = 'binary' | 'json';

export interface HistoryCandidate {
  form: HistoryForm;
  bytes: Uint8Array;
}

/** The lossless forms of a history, binary first, each made only when asked for. */
export function* historyCandidates(history: LoadedHistory): Generator<HistoryCandidate, void> {
  let found = false;
  const binary = exportHistoryBinary(history.events);
  if (sameHistory(history, binary)) {
    found = true;
    yield { form: 'binary', bytes: binary };
  }
  const json = exportHistoryJson(history.events, { indent: 0 });
  if (json.dropped.length === 0) {
    const bytes = new TextEncoder().encode(json.text);
    if (sameHistory(history, bytes)) {
      found = true;
      yield { form: 'json', bytes };
    }
  }
  // Cannot happen for a history the loader produced: its own input form is lossless.
  if (!found) throw new Error('neither the binary nor the JSON export reproduces this history');
}

const plain = (event: HistoryEvent) =>
  JSON.stringify(
    HistoryEventType.toObject(event as never, { enums: String, longs: String, bytes: String }),
  );

/** Warnings by what and where; byte offsets and line numbers differ between forms. */
const warningKeys = (history: LoadedHistory) =>
  history.warnings.map((w) => `${w.code} ${w.eventId ?? w.eventIndex ?? ''} ${w.fieldPath ?? ''}`);

/**
 * Whether `bytes` load to the same history: the same events field by field, and the same
 * warnings (an unknown JSON member dropped by the binary form shows up as a missing warning).
 */
function sameHistory(original: LoadedHistory, bytes: Uint8Array): boolean {
  let again: LoadedHistory;
  try {
    again = loadHistory(bytes);
  } catch {
    return false;
  }
  if (again.events.length !== original.events.length) return false;
  for (let i = 0; i < again.events.length; i++) {
    if (plain(again.events[i]!) !== plain(original.events[i]!)) return false;
  }
  return warningKeys(again).join('\n') === warningKeys(original).join('\n');
}
