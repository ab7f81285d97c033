/**
 * JSON histories: `{"events": [...]}` (proto3 JSON from `temporal workflow show --output json` and
 * the Web UI, or the legacy tctl / pre-2024 Web UI form), a bare array of events, or a
 * `GetWorkflowExecutionHistoryResponse` (`{"history": {"events": [...]}}`).
 */
import { HistoryError, warning, type HistoryWarning } from './errors.ts';
import { HistoryEventType, preservedJson, type HistoryEvent } from './events.ts';
import { readMessage } from './normalize.ts';
import { jsonSyntaxErrorOffset } from '../json-scan.ts';

export type JsonShape = 'history' | 'events-array' | 'history-response';
/** `canonical`: `EVENT_TYPE_*` enum names; `legacy`: PascalCase names without prefix. */
export type JsonDialect = 'canonical' | 'legacy';

export interface JsonHistory {
  events: HistoryEvent[];
  shape: JsonShape;
  dialect: JsonDialect;
}

/**
 * `text` parsed, or a HistoryError at the first fault. The place comes from our own scanner, not
 * from the error's wording, which differs between V8, SpiderMonkey and JavaScriptCore (and V8
 * names no position for most faults).
 */
export function parseJsonText(text: string, source?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (thrown) {
    const detail = thrown instanceof Error ? thrown.message : String(thrown);
    const offset = jsonSyntaxErrorOffset(text);
    const location = offset === undefined ? undefined : lineAndColumn(text, offset);
    throw new HistoryError('not-json', `not valid JSON: ${detail}`, { source, ...location });
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function eventsArrayOf(json: unknown, source?: string): { items: unknown[]; shape: JsonShape } {
  if (Array.isArray(json)) return { items: json, shape: 'events-array' };
  if (json !== null && typeof json === 'object') {
    const record = json as Record<string, unknown>;
    if (Array.isArray(record['events'])) return { items: record['events'], shape: 'history' };
    const history = record['history'];
    if (
      history !== null &&
      typeof history === 'object' &&
      Array.isArray((history as Record<string, unknown>)['events'])
    ) {
      return {
        items: (history as Record<string, unknown[]>)['events']!,
        shape: 'history-response',
      };
    }
    if ('events' in record) {
      throw new HistoryError('not-history', '"events" must be an array of history events', {
        source,
        fieldPath: 'events',
      });
    }
  }
  throw new HistoryError(
    'not-history',
    'not a Temporal history: expected {"events": [...]}, a JSON array of events, or {"history": {"events": [...]}}',
    { source },
  );
}

/** The event id as written, when it is usable for locating errors (number or digit string). */
function declaredEventId(item: unknown): number | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const id =
    (item as Record<string, unknown>)['eventId'] ?? (item as Record<string, unknown>)['event_id'];
  const n = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

export function readJsonHistory(
  json: unknown,
  warnings: HistoryWarning[],
  source?: string,
): JsonHistory {
  const { items, shape } = eventsArrayOf(json, source);
  if (shape === 'history-response') {
    const record = json as Record<string, unknown>;
    const token = record['nextPageToken'] ?? record['next_page_token'];
    if (typeof token === 'string' && token !== '') {
      // One GetWorkflowExecutionHistory page (saved from the API, not from `temporal workflow
      // show`, which follows every page): it loads, but as if the run stopped where it ends.
      warnings.push(
        warning(
          'first-page-only',
          `this is one page of the history (nextPageToken is set): the events after event ${items.length} are not in the file, so the run looks unfinished; save the whole history with \`temporal workflow show --output json\``,
          { source, fieldPath: 'nextPageToken' },
        ),
      );
    }
  }
  const path =
    shape === 'history' ? 'events' : shape === 'history-response' ? 'history.events' : '';
  const events: HistoryEvent[] = new Array(items.length);
  let dialect: JsonDialect | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const eventId = declaredEventId(item);
    const location = eventId !== undefined ? { source, eventId } : { source, eventIndex: i };
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new HistoryError('not-history', `${path}[${i}] is not an event object`, {
        ...location,
        eventIndex: i,
      });
    }
    dialect ??= dialectOf(item as Record<string, unknown>);
    const event = readMessage(HistoryEventType, item, '', {
      location,
      warnings,
    }) as unknown as HistoryEvent;
    const spelled =
      (item as Record<string, unknown>)['eventType'] ??
      (item as Record<string, unknown>)['event_type'];
    if (event.eventType === 0 && spelled != null && !preservedJson.get(event)?.['eventType']) {
      // Written out as the zero value (EVENT_TYPE_UNSPECIFIED, Unspecified, 0), not as a name
      // this schema does not know (those are kept, and flagged by validate.ts): not a type.
      throw new HistoryError(
        'missing-event-type',
        `eventType is ${JSON.stringify(spelled)}, which is no event type`,
        { ...location, fieldPath: 'eventType' },
      );
    }
    events[i] = event;
  }
  return { events, shape, dialect: dialect ?? 'canonical' };
}

function dialectOf(event: Record<string, unknown>): JsonDialect | undefined {
  const type = event['eventType'] ?? event['event_type'];
  if (typeof type !== 'string') return undefined;
  return type.startsWith('EVENT_TYPE_') ? 'canonical' : 'legacy';
}
