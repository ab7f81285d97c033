/**
 * Durations as Temporal TypeScript users write them: milliseconds as a number, or a string such as
 * `'30 seconds'`, `'5m'`, `'1.5h'` or `'2 days'`, read as @temporalio/common reads them
 * (src/engine/duration.ts).
 */
import Long from 'long';
import { parseMs } from '../src/engine/duration.ts';
import { toNumber, type coresdk } from './runtime/proto.ts';

export type Duration = number | string;

type IDuration = NonNullable<coresdk.workflow_commands.IStartTimer['startToFireTimeout']>;

/** Milliseconds in `duration`; throws a TypeError naming the bad value. */
export function toMs(duration: Duration): number {
  const ms = typeof duration === 'number' ? duration : parseMs(duration);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0)
    throw new TypeError(
      typeof duration === 'number'
        ? `Invalid duration ${duration}: expected a non-negative number of ms`
        : `Invalid duration "${duration}": expected e.g. 500, "10s", "5 minutes", "1.5h" or "2 days"`,
    );
  return Math.round(ms);
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
