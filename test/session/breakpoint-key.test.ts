/**
 * Breakpoints are compared by breakpointKey, not by their JSON: one restored from storage or a
 * link may list its fields in another order than one the page just made.
 */
import { describe, expect, it } from 'vitest';
import { Workbench } from '../../src/engine/workbench/workbench.ts';
import { breakpointKey, type Breakpoint } from '../../src/engine/session/breakpoint.ts';

/** The same breakpoint with its fields in the other order, as JSON.parse of a stored one gives. */
const reordered = (b: Breakpoint): Breakpoint =>
  Object.fromEntries(Object.entries(b).reverse()) as Breakpoint;

const ALL: Breakpoint[] = [
  { kind: 'event', eventId: 5 },
  { kind: 'workflow-task', wftStartedEventId: 5 },
  { kind: 'event-type', eventType: 'TimerFired' },
  { kind: 'command-type', commandType: 'TimerFired' },
];

describe('breakpointKey', () => {
  it('is the same whatever the order of the fields, and differs between breakpoints', () => {
    for (const b of ALL) {
      expect(JSON.stringify(reordered(b))).not.toBe(JSON.stringify(b));
      expect(breakpointKey(reordered(b))).toBe(breakpointKey(b));
    }
    expect(new Set(ALL.map(breakpointKey)).size).toBe(ALL.length);
  });

  it('toggling a breakpoint restored with its fields reordered removes it', () => {
    const bench = new Workbench();
    bench.setBreakpoints(ALL.map(reordered));
    expect(bench.toggleBreakpoint({ kind: 'event', eventId: 5 })).toEqual(
      ALL.slice(1).map(reordered),
    );
  });
});
