/**
 * The one reader of duration strings, everywhere one is written: the guest SDK's timers and
 * options, scenario times, the CLI's flags. Its grammar is what Temporal's TypeScript SDK accepts
 * (`@temporalio/common`'s msToNumber, which reads strings with the `ms` package): a number, then
 * optional spaces, then an optional unit; no unit means milliseconds, a year is 365.25 days, case
 * does not matter, nothing may surround it, and a text over 100 characters is refused.
 */

const UNITS: ReadonlyArray<[names: readonly string[], ms: number]> = [
  [['milliseconds', 'millisecond', 'msecs', 'msec', 'ms'], 1],
  [['seconds', 'second', 'secs', 'sec', 's'], 1000],
  [['minutes', 'minute', 'mins', 'min', 'm'], 60_000],
  [['hours', 'hour', 'hrs', 'hr', 'h'], 3_600_000],
  [['days', 'day', 'd'], 86_400_000],
  [['weeks', 'week', 'w'], 604_800_000],
  [['years', 'year', 'yrs', 'yr', 'y'], 31_557_600_000],
];
const UNIT_MS = new Map(UNITS.flatMap(([names, ms]) => names.map((n) => [n, ms] as const)));
const DURATION = /^(-?\d*\.?\d+) *([a-z]*)$/i;

/** Milliseconds in `text` as the TS SDK reads it (possibly negative or fractional), or undefined. */
export function parseMs(text: string): number | undefined {
  if (text.length > 100) return undefined;
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const unit = UNIT_MS.get((match[2] || 'ms').toLowerCase());
  return unit === undefined ? undefined : Number(match[1]) * unit;
}
