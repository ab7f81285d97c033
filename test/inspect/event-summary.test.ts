import Long from 'long';
import { describe, expect, it } from 'vitest';
import { ET } from '../../src/engine/core/events.ts';
import { newHistoryEvent } from '../../src/engine/history/events.ts';
import { summarizeHistoryEvent } from '../../src/engine/inspect/event-summary.ts';

const failed = (failure: Record<string, unknown>) =>
  summarizeHistoryEvent(
    newHistoryEvent({
      eventId: Long.fromNumber(9),
      eventType: ET.WorkflowExecutionFailed,
      workflowExecutionFailedEventAttributes: { failure },
    }),
  );

describe('the summary of a failed run', () => {
  it('says the failure type and message', () => {
    expect(
      failed({ message: 'not booked', applicationFailureInfo: { type: 'TripNotBooked' } }),
    ).toBe('TripNotBooked: not booked');
  });

  it('falls back to the cause, then to the kind of failure, when the failure has no message', () => {
    expect(
      failed({
        message: '',
        applicationFailureInfo: {},
        cause: { message: 'No cars left', applicationFailureInfo: { type: 'Error' } },
      }),
    ).toBe('Error: No cars left');
    expect(failed({ message: '', timeoutFailureInfo: { timeoutType: 1 } })).toBe('timeout');
  });
});
