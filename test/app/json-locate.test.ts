import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateInJson } from '../../src/app/sources/json-locate.ts';
import { HistoryError, loadHistory } from '../../src/engine/history/index.ts';
import { historiesDir } from '../paths.ts';

const legacy = readFileSync(
  join(historiesDir('sdk-typescript'), 'cancel_fake_progress_history.json'),
  'utf8',
);
const textAt = (text: string, span: { start: number; end: number } | undefined) =>
  span && text.slice(span.start, span.end);

/** The location the loader reports for this text. */
function errorOf(text: string) {
  try {
    loadHistory(text);
  } catch (thrown) {
    if (thrown instanceof HistoryError) return thrown;
  }
  throw new Error('expected a HistoryError');
}

describe('finding a history error in the pasted text', () => {
  it('lands on the field the loader names, in the event it names', () => {
    const json = JSON.parse(legacy) as { events: Array<Record<string, unknown>> };
    json.events[4]!['eventId'] = '7';
    const text = JSON.stringify(json, null, 2);
    const error = errorOf(text);
    expect(error.code).toBe('non-contiguous-ids');
    expect(textAt(text, locateInJson(text, error))).toBe('"eventId": "7"');
  });

  it('follows nested field paths and array indexes', () => {
    const span = locateInJson(legacy, {
      eventId: 5,
      fieldPath: 'activityTaskScheduledEventAttributes.activityType.name',
    });
    expect(textAt(legacy, span)).toBe('"name": "fakeProgress"');
    const events = `[${JSON.stringify({ eventId: 1, a: { list: [10, 20, 30] } })}]`;
    expect(textAt(events, locateInJson(events, { eventIndex: 0, fieldPath: 'a.list[2]' }))).toBe(
      '30',
    );
  });

  it('finds events in every document shape the loader reads', () => {
    const event = { eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' };
    for (const doc of [{ events: [event] }, [event], { history: { events: [event] } }]) {
      const text = JSON.stringify(doc);
      expect(textAt(text, locateInJson(text, { eventId: 1, fieldPath: 'eventType' }))).toBe(
        '"eventType":"EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"',
      );
    }
  });

  it('uses line and column for syntax errors', () => {
    const text = '{\n  "events": [\n    {"eventId": 1,,}\n  ]\n}';
    const error = errorOf(text);
    expect(error.code).toBe('not-json');
    const span = locateInJson(text, error)!;
    expect(text.slice(0, span.start).split('\n').length).toBe(3);
    expect(text[span.start]).toBe(',');
  });

  it('reads keys and strings by JSON rules: escapes, and brackets inside strings', () => {
    // A key spelt with an escape is the same key; quotes and brackets in strings close nothing.
    const text =
      '{"events": [{"event\\u0049d": 1, "note": "]}\\"[{", "a\\"b": {"c": 2}}, {"eventId": 2}]}';
    expect(JSON.parse(text)).toBeTruthy();
    expect(textAt(text, locateInJson(text, { eventId: 1, fieldPath: '["a\\"b"].c' }))).toBe(
      '"c": 2',
    );
    expect(textAt(text, locateInJson(text, { eventId: 2, fieldPath: 'eventId' }))).toBe(
      '"eventId": 2',
    );
  });

  it('walks past deeply nested values without overflowing the stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = `{"events": [{"eventId": 1, "deep": ${deep}}, {"eventId": 2, "x": 3}]}`;
    expect(textAt(text, locateInJson(text, { eventId: 2, fieldPath: 'x' }))).toBe('"x": 3');
  });

  it('gives up quietly when the text does not hold the event', () => {
    expect(locateInJson('{"events": []}', { eventId: 3 })).toBeUndefined();
    expect(locateInJson('not json', { eventIndex: 0 })).toBeUndefined();
  });
});
