import { describe, expect, it } from 'vitest';
import { clock } from '../../src/app/common/format.ts';

describe('the event list clock', () => {
  const start = Date.parse('2026-01-01T23:59:58.500Z');

  it('shows the UTC time of day with milliseconds on the first day', () => {
    expect(clock(start, start)).toBe('23:59:58.500');
    expect(clock(Date.parse('2026-01-01T23:59:59.999Z'), start)).toBe('23:59:59.999');
  });

  it('counts UTC days after the first event instead of repeating the same time of day', () => {
    // A 24-hour timer started at 00:00 fires at 00:00 the next day: not the same moment.
    const midnight = Date.parse('2026-03-01T00:00:00.000Z');
    expect(clock(midnight + 86_400_000, midnight)).toBe('+1d 00:00:00');
    expect(clock(Date.parse('2026-01-02T00:00:00.100Z'), start)).toBe('+1d 00:00:00');
    expect(clock(Date.parse('2026-01-31T12:30:00Z'), start)).toBe('+30d 12:30:00');
  });

  it('has a dash for an event without a time', () => {
    expect(clock(Number.NaN, start)).toBe('—');
  });
});
