/**
 * Warnings as people read them: one line per kind of oddity, not per occurrence. A legacy export
 * carries `namespace` on every ActivityTaskScheduled, which is thousands of identical warnings;
 * they become one line with a count and the first few places.
 */
import { describeLocation, type HistoryWarning, type HistoryWarningCode } from './errors.ts';

export interface WarningGroup {
  code: HistoryWarningCode;
  /** The first occurrence's field path (array indices may differ between occurrences). */
  fieldPath?: string;
  problem: string;
  count: number;
  /** The warnings of the group, in input order. */
  warnings: HistoryWarning[];
  /** One line: the warning itself when alone, else the problem, the count and the first places. */
  message: string;
}

/** Places (events, offsets) named in a group's message; the rest are counted. */
const PLACES_SHOWN = 5;

/** Groups identical (code, field path up to array indices, problem) warnings, in first-seen order. */
export function groupWarnings(warnings: readonly HistoryWarning[]): WarningGroup[] {
  const groups = new Map<string, HistoryWarning[]>();
  for (const w of warnings) {
    const key = `${w.code}\u0000${(w.fieldPath ?? '').replace(/\[\d+\]/g, '[]')}\u0000${w.problem}`;
    const group = groups.get(key);
    if (group) group.push(w);
    else groups.set(key, [w]);
  }
  return [...groups.values()].map((members) => {
    const first = members[0]!;
    return {
      code: first.code,
      ...(first.fieldPath !== undefined && { fieldPath: first.fieldPath }),
      problem: first.problem,
      count: members.length,
      warnings: members,
      message: members.length === 1 ? first.message : summary(members),
    };
  });
}

function summary(members: HistoryWarning[]): string {
  const first = members[0]!;
  const where = describeLocation({
    ...(first.source !== undefined && { source: first.source }),
    ...(first.fieldPath !== undefined && { fieldPath: first.fieldPath }),
  });
  const places = [...new Set(members.map(place))];
  const more = places.length - PLACES_SHOWN;
  return `${where}${first.problem} (${members.length} times: ${places.slice(0, PLACES_SHOWN).join(', ')}${more > 0 ? `, and ${more} more` : ''})`;
}

function place(w: HistoryWarning): string {
  if (w.eventId !== undefined) return `event ${w.eventId}`;
  if (w.eventIndex !== undefined) return `event #${w.eventIndex + 1}`;
  if (w.byteOffset !== undefined) return `byte ${w.byteOffset}`;
  if (w.line !== undefined) return `line ${w.line}`;
  return '?';
}
