/**
 * Durations as Temporal TypeScript users write them: milliseconds as a number, or a string such as
 * `'30 seconds'`, `'5m'`, `'1.5h'` or `'2 days'` (the `ms` package's format).
 */
import Long from 'long';
import { toNumber, type coresdk } from './runtime/proto.ts';

export type Duration = number | string;

type IDuration = NonNullable<coresdk.workflow_commands.IStartTimer['startToFireTimeout']>;

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_557_600_000,
};

/** Spelled-out unit names, mapped to their one-letter form. */
const UNIT_ALIASES: Record<string, string> = {
  millisecond: 'ms',
  milliseconds: 'ms',
  msec: 'ms',
  msecs: 'ms',
  second: 's',
  seconds: 's',
  sec: 's',
  secs: 's',
  minute: 'm',
  minutes: 'm',
  min: 'm',
  mins: 'm',
  hour: 'h',
  hours: 'h',
  hr: 'h',
  hrs: 'h',
  day: 'd',
  days: 'd',
  week: 'w',
  weeks: 'w',
  year: 'y',
  years: 'y',
  yr: 'y',
  yrs: 'y',
};

/** Milliseconds in `duration`; throws a TypeError naming the bad value. */
export function toMs(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0)
      throw new TypeError(`Invalid duration ${duration}: expected a non-negative number of ms`);
    return duration;
  }
  const match = /^\s*(\d*\.?\d+)\s*([a-z]*)\s*$/i.exec(duration);
  const unit = match?.[2]?.toLowerCase() || 'ms';
  const factor = UNIT_MS[UNIT_ALIASES[unit] ?? unit];
  if (!match || factor === undefined)
    throw new TypeError(
      `Invalid duration "${duration}": expected e.g. 500, "10s", "5 minutes", "1.5h" or "2 days"`,
    );
  return Math.round(Number(match[1]) * factor);
}

export function msToDuration(ms: number): IDuration {
  return { seconds: Long.fromNumber(Math.floor(ms / 1000)), nanos: Math.round((ms % 1000) * 1e6) };
}

export function optionalDuration(duration: Duration | undefined): IDuration | undefined {
  return duration === undefined ? undefined : msToDuration(toMs(duration));
}

export function durationToMs(duration: IDuration | null | undefined): number | undefined {
  if (!duration) return undefined;
  return toNumber(duration.seconds) * 1000 + Math.round((duration.nanos ?? 0) / 1e6);
}
