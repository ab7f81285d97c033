/** Bad input: each error says what is wrong and where (source, event, field path or byte offset). */
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { HistoryError, loadHistory } from '../../src/engine/history/index.ts';
import { sample } from './samples.ts';

type Json = { events: Record<string, unknown>[] };
const base = (): Json =>
  JSON.parse(new TextDecoder().decode(sample('sdk-typescript/signal_workflow_1_13_1.json').bytes));
const renumber = (json: Json) => json.events.forEach((e, i) => (e['eventId'] = String(i + 1)));

function errorOf(input: Uint8Array | string | object): HistoryError {
  const text =
    typeof input === 'object' && !(input instanceof Uint8Array) ? JSON.stringify(input) : input;
  try {
    loadHistory(text as Uint8Array | string, { name: 'h.json' });
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(HistoryError);
    return thrown as HistoryError;
  }
  throw new Error('expected the history to be rejected');
}

describe('history errors', () => {
  it('empty input, text that is not a history, JSON that is not a history', () => {
    expect(errorOf(new Uint8Array()).code).toBe('empty');
    expect(errorOf('hello world').code).toBe('not-history');
    expect(errorOf(new TextEncoder().encode('hello world')).code).toBe('not-history');
    const notHistory = errorOf({ workflows: [] });
    expect(notHistory.code).toBe('not-history');
    expect(notHistory.message).toMatch(/^h\.json: not a Temporal history/);
    expect(errorOf({ events: 'none' })).toMatchObject({ code: 'not-history', fieldPath: 'events' });
    expect(errorOf({ events: [] }).code).toBe('no-events');
    expect(errorOf({ events: [1] })).toMatchObject({ code: 'not-history', eventIndex: 0 });
  });

  it('JSON syntax errors give the line and column', () => {
    const error = errorOf('{\n  "events": [\n    {"eventId": "1",}\n  ]\n}');
    expect(error.code).toBe('not-json');
    expect(error).toMatchObject({ line: 3, column: 21 });
    expect(error.message).toMatch(/^h\.json, line 3, column 21: not valid JSON/);
    expect(errorOf('{"events": [').code).toBe('not-json');
  });

  it('the place of a JSON fault does not depend on the engine’s wording of the error', () => {
    // SpiderMonkey and JavaScriptCore word JSON.parse's errors differently from V8, some with a
    // position of their own: the place comes from our scanner whatever the message says.
    const parse = vi.spyOn(JSON, 'parse').mockImplementationOnce(() => {
      throw new SyntaxError('JSON.parse: unexpected character at line 1 column 1 (position 0)');
    });
    try {
      expect(errorOf('{\n  "events": [\n    {"eventId": "1",}\n  ]\n}')).toMatchObject({
        code: 'not-json',
        line: 3,
        column: 21,
      });
    } finally {
      parse.mockRestore();
    }
  });

  it('the first event must be WorkflowExecutionStarted', () => {
    const json = base();
    json.events.shift();
    renumber(json);
    const error = errorOf(json);
    expect(error).toMatchObject({
      code: 'first-event-not-started',
      eventId: 1,
      fieldPath: 'eventType',
    });
    expect(error.message).toBe(
      'h.json, event 1, field eventType: the first event must be WorkflowExecutionStarted, not WorkflowTaskScheduled',
    );
  });

  it('event ids must run 1, 2, 3…', () => {
    const json = base();
    json.events.splice(4, 1);
    const error = errorOf(json);
    expect(error).toMatchObject({
      code: 'non-contiguous-ids',
      eventIndex: 4,
      fieldPath: 'eventId',
    });
    expect(error.message).toContain('event 4 is followed by event 6');
    // An event without an id (proto3 cannot tell it from id 0) is named by its position.
    const unnumbered = base();
    delete unnumbered.events[7]!['eventId'];
    expect(errorOf(unnumbered)).toMatchObject({
      code: 'non-contiguous-ids',
      eventIndex: 7,
      fieldPath: 'eventId',
      message: 'h.json, event #8, field eventId: the event has no eventId (expected 8)',
    });
    const shifted = base();
    shifted.events.forEach((e, i) => (e['eventId'] = i + 10)); // numbers are accepted as ids
    expect(errorOf(shifted).message).toContain('must start at 1, but the first event has id 10');
  });

  it('an event must carry the attributes of its type', () => {
    const missing = base();
    delete missing.events[4]!['startChildWorkflowExecutionInitiatedEventAttributes'];
    expect(errorOf(missing)).toMatchObject({
      code: 'missing-attributes',
      eventId: 5,
      fieldPath: 'startChildWorkflowExecutionInitiatedEventAttributes',
    });
    const mismatched = base();
    mismatched.events[4]!['eventType'] = 'EVENT_TYPE_TIMER_STARTED';
    expect(errorOf(mismatched)).toMatchObject({ code: 'attributes-mismatch', eventId: 5 });
    const untyped = base();
    delete untyped.events[2]!['eventType'];
    expect(errorOf(untyped)).toMatchObject({ code: 'missing-event-type', eventId: 3 });
    expect(errorOf(untyped).problem).toBe('the event has no eventType');
    // Written out, the zero value is there but is no type: say what was written.
    for (const spelled of ['EVENT_TYPE_UNSPECIFIED', 'Unspecified', 0]) {
      const unspecified = base();
      unspecified.events[2]!['eventType'] = spelled;
      expect(errorOf(unspecified)).toMatchObject({
        code: 'missing-event-type',
        eventId: 3,
        fieldPath: 'eventType',
        problem: `eventType is ${JSON.stringify(spelled)}, which is no event type`,
      });
    }
  });

  it('wrong values name the event and the field path', () => {
    const cases: [(json: Json) => void, number, string, RegExp][] = [
      [(j) => (j.events[2]!['eventTime'] = 'yesterday'), 3, 'eventTime', /RFC 3339/],
      [
        (j) => (j.events[2]!['eventTime'] = '2025-02-30T00:00:00Z'),
        3,
        'eventTime',
        /not a valid date/,
      ],
      [(j) => (j.events[2]!['eventId'] = '3x'), 3, 'eventId', /expected an integer/],
      [
        (j) => (j.events[5]!['taskId'] = '99999999999999999999'),
        6,
        'taskId',
        /out of range for int64/,
      ],
      [
        (j) => (j.events[5]!['workerMayIgnore'] = 'yes'),
        6,
        'workerMayIgnore',
        /expected true or false/,
      ],
      [
        (j) =>
          ((j.events[0]!['workflowExecutionStartedEventAttributes'] as Record<string, unknown>)[
            'workflowTaskTimeout'
          ] = 10),
        1,
        'workflowExecutionStartedEventAttributes.workflowTaskTimeout',
        /duration/,
      ],
      [
        (j) => {
          const attrs = j.events[0]!['workflowExecutionStartedEventAttributes'] as {
            input: { payloads: { data: string }[] };
          };
          attrs.input.payloads[0]!.data = 'not base64!';
        },
        1,
        'workflowExecutionStartedEventAttributes.input.payloads[0].data',
        /base64/,
      ],
      [
        (j) =>
          ((
            j.events[1]!['workflowTaskScheduledEventAttributes'] as { taskQueue: { kind: unknown } }
          ).taskQueue.kind = 1.5),
        2,
        'workflowTaskScheduledEventAttributes.taskQueue.kind',
        /not a valid temporal\.api\.enums\.v1\.TaskQueueKind number/,
      ],
      [
        (j) => (j.events[3]!['workflowTaskCompletedEventAttributes'] = []),
        4,
        'workflowTaskCompletedEventAttributes',
        /expected an object/,
      ],
      [
        (j) => (j.events[3]!['workflowTaskStartedEventAttributes'] = {}),
        4,
        'workflowTaskStartedEventAttributes',
        /only one of attributes/,
      ],
    ];
    for (const [mutate, eventId, fieldPath, problem] of cases) {
      const json = base();
      mutate(json);
      const error = errorOf(json);
      expect(error.code === 'bad-field' || error.code === 'non-contiguous-ids', error.message).toBe(
        true,
      );
      if (error.code === 'bad-field') {
        expect(
          { eventId: error.eventId ?? error.eventIndex! + 1, fieldPath: error.fieldPath },
          error.message,
        ).toEqual({
          eventId,
          fieldPath,
        });
        expect(error.problem).toMatch(problem);
      }
    }
  });

  it('binary errors give the byte offset and the event', () => {
    const bytes = sample('sdk-core/timer_workflow_history.bin').bytes;
    const truncated = errorOf(bytes.subarray(0, bytes.length - 5));
    expect(truncated.code).toBe('bad-protobuf');
    expect(truncated.byteOffset).toBeGreaterThan(0);
    expect(truncated.message).toMatch(
      /^h\.json, event 10, byte \d+: not a valid History protobuf: a \d+-byte field runs past the end/,
    );
    // The id is read from what is left of the truncated event; the position is kept too.
    expect(truncated).toMatchObject({ eventId: 10, eventIndex: 9 });

    // Event 2 follows event 1 (tag 0x0a, varint length, bytes): make the length of its first
    // length-delimited field (eventTime, tag 0x12, after the eventId varint) overrun the event.
    const [length1, after1] = readVarint(bytes, 1);
    const eventStart = after1 + length1;
    expect(bytes[eventStart]).toBe(0x0a);
    const [, second] = readVarint(bytes, eventStart + 1);
    expect(bytes[second]).toBe(0x08); // event_id = 2
    expect(bytes[second + 1]).toBe(2);
    expect(bytes[second + 2]).toBe(0x12); // event_time
    const corrupt = Uint8Array.from(bytes);
    corrupt[second + 3] = 0x7f;
    const error = errorOf(corrupt);
    expect(error).toMatchObject({
      code: 'bad-protobuf',
      eventId: 2,
      byteOffset: second + 2,
      fieldPath: 'eventTime',
    });
  });

  it('a binary event that fails to decode names the field, however deep', () => {
    // Each case marks a string with a placeholder, then overwrites it with bytes that are not
    // UTF-8 (0xff never occurs in UTF-8). The expected paths are the proto3 JSON names of the
    // fields on the way down, written from the schema.
    const cases: [(attributes: ProtoStarted) => void, string][] = [
      [
        (a) => (a.workflowType.name = MARK),
        'workflowExecutionStartedEventAttributes.workflowType.name',
      ],
      [
        (a) =>
          (a.input = {
            payloads: [
              { metadata: { encoding: utf8('json/plain') }, data: utf8('1') },
              { metadata: { [MARK]: utf8('json/plain') }, data: utf8('2') },
            ],
          }),
        'workflowExecutionStartedEventAttributes.input.payloads[1].metadata',
      ],
      [
        (a) => {
          // Past a map of messages, to a later field.
          a.header = {
            fields: { traceparent: { metadata: { encoding: utf8('binary/null') } }, other: {} },
          };
          a.identity = MARK;
        },
        'workflowExecutionStartedEventAttributes.identity',
      ],
      [
        (a) =>
          (a.header = {
            fields: { traceparent: { metadata: { [MARK]: utf8('binary/null') } } },
          }),
        'workflowExecutionStartedEventAttributes.header.fields["traceparent"].metadata',
      ],
    ];
    for (const [edit, fieldPath] of cases) {
      const history = TsHistory.decode(sample('sdk-core/timer_workflow_history.bin').bytes);
      edit(history.events[0]!.workflowExecutionStartedEventAttributes);
      const bytes = TsHistory.encode(history).finish();
      const at = indexOf(bytes, utf8(MARK));
      bytes.fill(0xff, at, at + MARK.length);
      const error = errorOf(bytes);
      expect(error, error.message).toMatchObject({ code: 'bad-protobuf', eventId: 1, fieldPath });
      // The tag of the failing field: two bytes (tag, length) before the string, or the map
      // entry holding the broken key (tag, length, key tag, key length).
      expect([at - 2, at - 4]).toContain(error.byteOffset);
      expect(error.problem).toMatch(
        /^cannot decode this HistoryEvent: (this string|a key of this map) is not valid UTF-8$/,
      );
      expect(error.message).toContain(`event 1, byte ${error.byteOffset}, field ${fieldPath}: `);
    }
  });

  it('one saved page of GetWorkflowExecutionHistory warns that the rest is missing', () => {
    const events = base().events.slice(0, 10);
    const page = loadHistory(JSON.stringify({ history: { events }, nextPageToken: 'CAEQARgB' }), {
      name: 'h.json',
    });
    expect(page.summary.status).toBe('running');
    expect(page.warnings).toEqual([
      expect.objectContaining({
        code: 'first-page-only',
        fieldPath: 'nextPageToken',
        message: expect.stringMatching(
          /^h\.json, field nextPageToken: this is one page .* after event 10 /,
        ),
      }),
    ]);
    // The last page has an empty token: nothing is missing.
    const last = loadHistory(JSON.stringify({ history: { events }, nextPageToken: '' }));
    expect(last.warnings).toEqual([]);
  });

  it('gzip input needs the async loader', () => {
    expect(errorOf(gzipSync(sample('sdk-core/timer_workflow_history.bin').bytes)).code).toBe(
      'gzip-needs-async',
    );
  });
});

const MARK = 'BROKEN-UTF8';
const utf8 = (text: string) => new TextEncoder().encode(text);

function indexOf(bytes: Uint8Array, part: Uint8Array): number {
  const at = Buffer.from(bytes).indexOf(Buffer.from(part));
  if (at < 0) throw new Error('marker not found');
  return at;
}

interface ProtoStarted {
  workflowType: { name: string };
  identity: string;
  input: unknown;
  header: unknown;
}

/** @temporalio/proto's codec: crafts the corrupt inputs independently of the engine's schema. */
const TsHistory = (
  createRequire(import.meta.url)('@temporalio/proto') as {
    temporal: {
      api: {
        history: {
          v1: {
            History: {
              decode(bytes: Uint8Array): {
                events: { workflowExecutionStartedEventAttributes: ProtoStarted }[];
              };
              encode(message: unknown): { finish(): Uint8Array };
            };
          };
        };
      };
    };
  }
).temporal.api.history.v1.History;

function readVarint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  while (bytes[at]! & 0x80) {
    value |= (bytes[at++]! & 0x7f) << shift;
    shift += 7;
  }
  return [value | (bytes[at]! << shift), at + 1];
}
