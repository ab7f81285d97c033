/**
 * Where a history error points in the JSON text the user pasted: the loader names the event (by
 * id or position) and the field path inside it (`timerStartedEventAttributes.startToFireTimeout`),
 * or a line and column for syntax errors; this finds the matching span of text for an editor
 * marker. The engine's JSON scanner walks the text (no parse tree, so a 20 MB paste costs a pass).
 */
import { items, JsonScanner, members, type JsonMember } from '../../engine/json-scan.ts';

export interface TextSpan {
  start: number;
  end: number;
}

export interface JsonLocation {
  line?: number;
  column?: number;
  eventId?: number;
  eventIndex?: number;
  fieldPath?: string;
}

/** The member called `name` (or its snake_case spelling, which proto JSON also accepts). */
function member(s: JsonScanner, at: number, name: string): JsonMember | undefined {
  const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  for (const m of members(s, at)) if (m.key === name || m.key === snake) return m;
  return undefined;
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/** `a.b[0]["k"]` → ['a', 'b', 0, 'k']. */
function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return out;
}

function eventsArray(s: JsonScanner): number | undefined {
  const root = rootOf(s);
  if (s.text[root] === '[') return root;
  const events = member(s, root, 'events');
  if (events) return events.start;
  const history = member(s, root, 'history');
  return history ? member(s, history.start, 'events')?.start : undefined;
}

function rootOf(s: JsonScanner): number {
  s.pos = 0;
  s.skipSpace();
  return s.pos;
}

function declaredId(s: JsonScanner, start: number): number | undefined {
  const id = member(s, start, 'eventId');
  if (!id) return undefined;
  const raw = s.text.slice(id.start, s.valueEnd(id.start) ?? id.start).replace(/"/g, '');
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function locateInJson(text: string, location: JsonLocation): TextSpan | undefined {
  if (location.line !== undefined) {
    const start = offsetOf(text, location.line, location.column ?? 1);
    return { start, end: Math.min(text.length, start + 1) };
  }
  if (location.eventIndex === undefined && location.eventId === undefined) return undefined;
  const s = new JsonScanner(text);
  const array = eventsArray(s);
  if (array === undefined) return undefined;
  let event: number | undefined;
  let n = 0;
  for (const start of items(s, array)) {
    if (
      location.eventIndex !== undefined
        ? n === location.eventIndex
        : declaredId(s, start) === location.eventId
    ) {
      event = start;
      break;
    }
    n++;
  }
  if (event === undefined) return undefined;
  return narrow(s, event, { start: event, end: text.indexOf('\n', event) }, location.fieldPath);
}

/** The span of the value at `fieldPath` (`a.b[0].c`) from the document's root, as far as it exists. */
export function locatePath(text: string, fieldPath: string): TextSpan {
  const s = new JsonScanner(text);
  const root = rootOf(s);
  return narrow(s, root, { start: root, end: Math.min(text.length, root + 1) }, fieldPath);
}

/** Narrows `span` (the value starting at `at`) down along the field path as far as the text follows it. */
function narrow(s: JsonScanner, at: number, span: TextSpan, fieldPath = ''): TextSpan {
  // The deepest value reached, and its key; its end is scanned for once, not at every step.
  let reached: { keyStart?: number; start: number } | undefined;
  for (const segment of pathSegments(fieldPath)) {
    if (typeof segment === 'number') {
      let k = 0;
      let found: number | undefined;
      for (const start of items(s, at)) {
        if (k++ === segment) {
          found = start;
          break;
        }
      }
      if (found === undefined) break;
      reached = { start: found };
    } else {
      const m = member(s, at, segment);
      if (!m) break;
      reached = m;
    }
    at = reached.start;
  }
  if (reached) {
    const { keyStart, start } = reached;
    const end = s.valueEnd(start) ?? start;
    // A long value is marked by its key, or by its first 200 characters.
    if (keyStart === undefined) span = { start, end: Math.min(end, start + 200) };
    else span = { start: keyStart, end: end - start > 200 ? start : end };
  }
  if (span.end <= span.start) span.end = Math.min(s.text.length, span.start + 1);
  return span;
}
