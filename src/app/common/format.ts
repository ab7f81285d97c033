/** Small formatting helpers shared by panels. */
export const ms = (n: number) =>
  n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(n < 10 ? 1 : 0)} ms`;

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

const DAY_MS = 86_400_000;

/**
 * `12:00:01.234` in UTC: histories come from servers in any time zone. An event on a later UTC
 * day than `startMs` gets the day count instead of the milliseconds (`+1d 12:00:01`), so a timer
 * that fired a day later does not read as the same moment.
 */
export function clock(timeMs: number, startMs?: number): string {
  if (!Number.isFinite(timeMs)) return '—';
  const time = new Date(timeMs).toISOString();
  const days =
    startMs !== undefined && Number.isFinite(startMs)
      ? Math.floor(timeMs / DAY_MS) - Math.floor(startMs / DAY_MS)
      : 0;
  return days > 0 ? `+${days}d ${time.slice(11, 19)}` : time.slice(11, 23);
}

export function isoTime(timeMs: number): string {
  return Number.isFinite(timeMs) ? new Date(timeMs).toISOString() : 'no time';
}

/** `+1m 2.5s` since the start of the run. */
export function sinceStart(timeMs: number, startMs: number): string {
  if (!Number.isFinite(timeMs) || !Number.isFinite(startMs)) return '';
  let s = (timeMs - startMs) / 1000;
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  parts.push(`${Number(s.toFixed(3))}s`);
  return `+${parts.join(' ')}`;
}

/** A message written as a clause ("the link is cut off…") made to stand alone as a sentence. */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
