/**
 * Inputs whose first byte is 0x0a, both a newline and the tag of History's first field: binary
 * histories whose first event is 91 or 123 bytes long start like "\n[" or "\n{", and text files
 * may start with a blank line. Each must be read as what it is.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HistoryError, eventIdOf, loadHistory } from '../../src/engine/history/index.ts';
import { sample } from './samples.ts';

interface ProtoEvent {
  workflowExecutionStartedEventAttributes: {
    workflowType: { name: string };
    originalExecutionRunId: string;
    firstExecutionRunId: string;
  };
}
interface HistoryCodec {
  decode(bytes: Uint8Array): { events: ProtoEvent[] };
  encode(message: unknown): { finish(): Uint8Array };
}

/** @temporalio/proto's own codec: an encoder independent of the engine's schema root. */
const require = createRequire(import.meta.url);
const proto = require('@temporalio/proto') as {
  temporal: {
    api: { history: { v1: { History: HistoryCodec; HistoryEvent: HistoryCodec } } };
  };
};
const { History, HistoryEvent } = proto.temporal.api.history.v1;

/**
 * The timer sample with its first event resized to `length` bytes: run ids cleared (168 bytes
 * is too long), then the workflow type name padded.
 */
function historyWithFirstEventOf(length: number): Uint8Array {
  const history = History.decode(sample('sdk-core/timer_workflow_history.bin').bytes);
  const attributes = history.events[0]!.workflowExecutionStartedEventAttributes;
  attributes.originalExecutionRunId = '';
  attributes.firstExecutionRunId = '';
  for (let pad = 1; pad < 200; pad++) {
    attributes.workflowType.name = 'w'.repeat(pad);
    if (HistoryEvent.encode(history.events[0]).finish().length === length) {
      const bytes = History.encode(history).finish();
      // Field 1 (events), length-delimited, then the one-byte length.
      expect([bytes[0], bytes[1]]).toEqual([0x0a, length]);
      return bytes;
    }
  }
  throw new Error(`cannot pad the first event to ${length} bytes`);
}

function errorOf(input: Uint8Array): HistoryError {
  try {
    loadHistory(input, { name: 'h' });
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(HistoryError);
    return thrown as HistoryError;
  }
  throw new Error('expected the input to be rejected');
}

describe('telling binary from text when the first byte is a newline', () => {
  it.each([
    [91, '\n['],
    [123, '\n{'],
    [124, '\n|'],
  ])('a binary history whose first event is %i bytes ("%s") loads', (length) => {
    const loaded = loadHistory(historyWithFirstEventOf(length));
    expect(loaded.format).toEqual({ kind: 'binary', gzip: false });
    expect(loaded.events.map(eventIdOf)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(loaded.summary.status).toBe('completed');
  });

  it('a truncated binary history starting "\\n{" gets the protobuf error, not a JSON one', () => {
    const bytes = historyWithFirstEventOf(123);
    const error = errorOf(bytes.subarray(0, 60));
    expect(error.code).toBe('bad-protobuf');
    expect(error.byteOffset).toBe(0);
  });

  it('JSON after a blank line loads; broken JSON after one gets the JSON error', () => {
    const json = new TextDecoder().decode(
      sample('sdk-typescript/signal_workflow_1_13_1.json').bytes,
    );
    const loaded = loadHistory(new TextEncoder().encode(`\n\n${json}`));
    expect(loaded.format.kind).toBe('json');
    const broken = errorOf(new TextEncoder().encode('\n{"events": [\n  {"eventId": "1",}'));
    expect(broken).toMatchObject({ code: 'not-json', line: 3 });
  });

  it('a text file that starts with a blank line is not a history, not a broken protobuf', () => {
    const yaml = new TextEncoder().encode('\nevents:\n  - eventId: 1\n    eventType: Started\n');
    expect(errorOf(yaml).code).toBe('not-history');
  });
});
