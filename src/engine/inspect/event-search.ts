/**
 * Filtering a history's events: by category, by type, and by text or regular expression over the
 * id, type and one-line summary (and, on request, the full attributes with payloads decoded).
 */
import { RE2JS } from 're2js';
import { EVENT_CATEGORIES, type EventCategory } from './categories.ts';
import type { EventIndex } from './event-index.ts';

export interface EventFilter {
  /** Categories to keep; empty keeps all. */
  categories: EventCategory[];
  /** Event type names to keep; empty keeps all. */
  types: string[];
  text: string;
  regex: boolean;
  caseSensitive: boolean;
  /** Also search the attributes (slower: every event's JSON is built once, then cached). */
  attributes: boolean;
}

export const NO_FILTER: EventFilter = {
  categories: [],
  types: [],
  text: '',
  regex: false,
  caseSensitive: false,
  attributes: false,
};

export class FilterError extends Error {
  override readonly name = 'FilterError';
}

/**
 * A filter's regular expression, compiled for RE2JS: matching takes time linear in the text, so a
 * pattern such as `(a+)+$` from a shared link cannot stall the engine (JavaScript's backtracking
 * engine never returns on it). RE2 syntax: no back-references or look-around.
 */
export function compileFilterRegex(
  text: string,
  caseSensitive: boolean,
): (text: string) => boolean {
  let re: RE2JS;
  try {
    re = RE2JS.compile(text, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (thrown) {
    const why = (thrown as Error).message.replace(/^error parsing regexp: /, '');
    throw new FilterError(
      `Invalid regular expression: /${text}/: ${why} (RE2 syntax: no back-references or look-around)`,
    );
  }
  return (line) => re.test(line);
}

function matcher(filter: EventFilter): ((text: string) => boolean) | undefined {
  if (!filter.text) return undefined;
  if (filter.regex) return compileFilterRegex(filter.text, filter.caseSensitive);
  if (filter.caseSensitive) return (text) => text.includes(filter.text);
  const needle = filter.text.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}

/** Positions (0-based) of the events that pass the filter, in history order. */
export function filterEvents(
  index: EventIndex,
  filter: EventFilter,
  attributesText?: (position: number) => string,
): Int32Array {
  const categories = new Set(filter.categories.map((c) => EVENT_CATEGORIES.indexOf(c)));
  const types = new Set(filter.types.map((t) => index.types.indexOf(t)));
  const test = matcher(filter);
  const out = new Int32Array(index.count);
  let n = 0;
  for (let i = 0; i < index.count; i++) {
    if (categories.size > 0 && !categories.has(index.categoryOf[i]!)) continue;
    if (types.size > 0 && !types.has(index.typeOf[i]!)) continue;
    if (test) {
      const line = `${index.ids[i]} ${index.types[index.typeOf[i]!]} ${index.summary[i]}`;
      if (!test(line) && !(filter.attributes && attributesText && test(attributesText(i))))
        continue;
    }
    out[n++] = i;
  }
  return out.slice(0, n);
}
