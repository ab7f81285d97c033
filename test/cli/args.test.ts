/** The CLI's duration flags: seconds as a plain number, else the TS SDK's duration grammar. */
import { describe, expect, it } from 'vitest';
import { durationFlag, UsageError } from '../../src/node/cli/args.ts';

describe('durationFlag', () => {
  it.each([
    ['5', 5000],
    ['0.25', 250],
    ['500ms', 500],
    ['2m', 120_000],
    ['1.5 minutes', 90_000],
    ['1h', 3_600_000],
  ])('%j is %d ms', (text, ms) => {
    expect(durationFlag(text, 'x', 1)).toBe(ms);
  });

  it.each(['soon', ' 5s', '-1s', '5 fortnights', '', '0', '0ms'])(
    '%j is refused where more than 0 is needed',
    (text) => {
      expect(() => durationFlag(text, 'call-limit', 1)).toThrow(UsageError);
    },
  );

  it('zero is a duration where it is allowed', () => {
    expect(durationFlag('0s', 'shutdown-grace')).toBe(0);
  });
});
