/**
 * Where a history error points in the JSON text the user pasted: the loader names the event (by
 * id or position) and the field path inside it (`timerStartedEventAttributes.startToFireTimeout`),
 * or a line and column for syntax errors; this finds the matching span of text for an editor
 * marker. A small scanner over the text (no parse tree, so a 20 MB paste costs one pass).
 */

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

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

class Scanner {
  constructor(private readonly text: string) {}

  ws(i: number): number {
    while (i < this.text.length && isSpace(this.text.charCodeAt(i))) i++;
    return i;
  }

  /** End (exclusive) of the string starting at the quote at `i`. */
  stringEnd(i: number): number {
    for (let j = i + 1; j < this.text.length; j++) {
      const c = this.text.charCodeAt(j);
      if (c === 92) j++;
      else if (c === 34) return j + 1;
    }
    return this.text.length;
  }

  /** End (exclusive) of the value starting at `i`. */
  valueEnd(i: number): number {
    const c = this.text[i];
    if (c === '"') return this.stringEnd(i);
    if (c === '{' || c === '[') {
      let depth = 0;
      for (let j = i; j < this.text.length; j++) {
        const d = this.text[j];
        if (d === '"') j = this.stringEnd(j) - 1;
        else if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') {
          depth--;
          if (depth === 0) return j + 1;
        }
      }
      return this.text.length;
    }
    let j = i;
    while (j < this.text.length && !/[\s,\]}]/.test(this.text[j]!)) j++;
    return j;
  }

  *members(i: number): Generator<{ key: string; keyStart: number; start: number; end: number }> {
    if (this.text[i] !== '{') return;
    let j = this.ws(i + 1);
    while (j < this.text.length && this.text[j] === '"') {
      const keyEnd = this.stringEnd(j);
      let key: string;
      try {
        key = JSON.parse(this.text.slice(j, keyEnd)) as string;
      } catch {
        return;
      }
      let v = this.ws(keyEnd);
      if (this.text[v] !== ':') return;
      v = this.ws(v + 1);
      const end = this.valueEnd(v);
      yield { key, keyStart: j, start: v, end };
      j = this.ws(end);
      if (this.text[j] !== ',') return;
      j = this.ws(j + 1);
    }
  }

  *items(i: number): Generator<{ start: number; end: number }> {
    if (this.text[i] !== '[') return;
    let j = this.ws(i + 1);
    while (j < this.text.length && this.text[j] !== ']') {
      const end = this.valueEnd(j);
      yield { start: j, end };
      j = this.ws(end);
      if (this.text[j] !== ',') return;
      j = this.ws(j + 1);
    }
  }

  member(i: number, name: string) {
    const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    for (const m of this.members(i)) if (m.key === name || m.key === snake) return m;
    return undefined;
  }
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

function eventsArray(s: Scanner, text: string): number | undefined {
  const root = s.ws(0);
  if (text[root] === '[') return root;
  const events = s.member(root, 'events');
  if (events) return events.start;
  const history = s.member(root, 'history');
  return history ? s.member(history.start, 'events')?.start : undefined;
}

function declaredId(s: Scanner, text: string, start: number): number | undefined {
  const id = s.member(start, 'eventId');
  if (!id) return undefined;
  const raw = text.slice(id.start, id.end).replace(/"/g, '');
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function locateInJson(text: string, location: JsonLocation): TextSpan | undefined {
  if (location.line !== undefined) {
    const start = offsetOf(text, location.line, location.column ?? 1);
    return { start, end: Math.min(text.length, start + 1) };
  }
  if (location.eventIndex === undefined && location.eventId === undefined) return undefined;
  const s = new Scanner(text);
  const array = eventsArray(s, text);
  if (array === undefined) return undefined;
  let event: { start: number; end: number } | undefined;
  let n = 0;
  for (const item of s.items(array)) {
    if (
      location.eventIndex !== undefined
        ? n === location.eventIndex
        : declaredId(s, text, item.start) === location.eventId
    ) {
      event = item;
      break;
    }
    n++;
  }
  if (!event) return undefined;
  return narrow(
    s,
    text,
    event.start,
    { start: event.start, end: text.indexOf('\n', event.start) },
    location.fieldPath,
  );
}

/** The span of the value at `fieldPath` (`a.b[0].c`) from the document's root, as far as it exists. */
export function locatePath(text: string, fieldPath: string): TextSpan {
  const s = new Scanner(text);
  const root = s.ws(0);
  return narrow(s, text, root, { start: root, end: Math.min(text.length, root + 1) }, fieldPath);
}

/** Narrows `span` (the value starting at `at`) down along the field path as far as the text follows it. */
function narrow(s: Scanner, text: string, at: number, span: TextSpan, fieldPath = ''): TextSpan {
  for (const segment of pathSegments(fieldPath)) {
    if (typeof segment === 'number') {
      let k = 0;
      let found: { start: number; end: number } | undefined;
      for (const item of s.items(at)) if (k++ === segment) found = item;
      if (!found) break;
      span = { start: found.start, end: Math.min(found.end, found.start + 200) };
      at = found.start;
    } else {
      const m = s.member(at, segment);
      if (!m) break;
      span = { start: m.keyStart, end: m.end - m.start > 200 ? m.start : m.end };
      at = m.start;
    }
  }
  if (span.end <= span.start) span.end = Math.min(text.length, span.start + 1);
  return span;
}
