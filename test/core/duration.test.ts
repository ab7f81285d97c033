/**
 * The one duration reader (src/engine/duration.ts) against the TS SDK's own: @temporalio/common's
 * msToNumber (the `ms` package) on the same texts, including the ones our former dialects read
 * differently (surrounding spaces, years, bare numbers, upper case, "1e3").
 */
import { msToNumber } from '@temporalio/common/lib/time';
import { describe, expect, it } from 'vitest';
import { parseMs } from '../../src/engine/duration.ts';

const theirs = (text: string): number | undefined => {
  try {
    return msToNumber(text as never);
  } catch {
    return undefined;
  }
};

const TEXTS = [
  '250',
  '10s',
  '10 s',
  '10   seconds',
  '1.5h',
  '.5h',
  '5M',
  '5 Minutes',
  '2 days',
  '1 week',
  '30 secs',
  '100ms',
  '3 msecs',
  '1y',
  '2 yrs',
  '1.25w',
  '-1s',
  '-.5m',
  '0',
  '0s',
  '',
  ' 5m',
  '5m ',
  '5 m s',
  'soon',
  '5 fortnights',
  '1e3',
  '1.2.3s',
  '5mm',
  '+5s',
  '1_000',
  `${'1'.repeat(99)}s`,
  `${'1'.repeat(100)}s`,
];

describe('durations read as @temporalio/common reads them', () => {
  it.each(TEXTS)('%j', (text) => {
    expect(parseMs(text)).toBe(theirs(text));
  });

  it('the texts cover accepted and refused ones', () => {
    const accepted = TEXTS.filter((t) => theirs(t) !== undefined);
    expect(accepted.length).toBeGreaterThan(15);
    expect(TEXTS.length - accepted.length).toBeGreaterThan(8);
  });
});
