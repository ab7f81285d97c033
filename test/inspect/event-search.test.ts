import { describe, expect, it } from 'vitest';
import { buildEventIndex } from '../../src/engine/inspect/event-index.ts';
import { FilterError, NO_FILTER, filterEvents } from '../../src/engine/inspect/event-search.ts';
import { smorgasbord, smorgasbordRaw, typeName } from './smorgasbord.ts';

const history = smorgasbord();
const raw = smorgasbordRaw();
const index = buildEventIndex(history.events, history.workflowTasks);
const ids = (positions: Int32Array) => Array.from(positions, (p) => p + 1);
const idsWhere = (test: (type: string) => boolean) =>
  raw.filter((e) => test(typeName(e.eventType))).map((e) => Number(e.eventId));

describe('filtering events', () => {
  it('keeps everything with no filter', () => {
    expect(ids(filterEvents(index, NO_FILTER))).toEqual(raw.map((e) => Number(e.eventId)));
  });

  it('filters by category and by type', () => {
    expect(ids(filterEvents(index, { ...NO_FILTER, categories: ['timer'] }))).toEqual(
      idsWhere((t) => t.startsWith('Timer')),
    );
    expect(ids(filterEvents(index, { ...NO_FILTER, types: ['ActivityTaskCompleted'] }))).toEqual(
      idsWhere((t) => t === 'ActivityTaskCompleted'),
    );
  });

  it('searches text, case-insensitively unless asked', () => {
    const lower = filterEvents(index, { ...NO_FILTER, text: 'timerfired' });
    expect(ids(lower)).toEqual(idsWhere((t) => t === 'TimerFired'));
    expect(
      filterEvents(index, { ...NO_FILTER, text: 'timerfired', caseSensitive: true }),
    ).toHaveLength(0);
  });

  it('searches with regular expressions over id, type and summary', () => {
    const found = filterEvents(index, {
      ...NO_FILTER,
      regex: true,
      text: '^\\d+ Activity\\w+(Started|Completed)',
    });
    expect(ids(found)).toEqual(
      idsWhere((t) => t === 'ActivityTaskStarted' || t === 'ActivityTaskCompleted'),
    );
    // Summaries are searched too: the activity type name appears only in its scheduled event.
    expect(
      ids(filterEvents(index, { ...NO_FILTER, regex: true, text: 'fake[Pp]rogress' })),
    ).toEqual([6]);
  });

  it('says what is wrong with a broken regular expression', () => {
    expect(() => filterEvents(index, { ...NO_FILTER, regex: true, text: 'Timer(' })).toThrow(
      FilterError,
    );
    expect(() => filterEvents(index, { ...NO_FILTER, regex: true, text: 'Timer(' })).toThrow(
      /Invalid regular expression/,
    );
  });

  it('runs a pattern that backtracks exponentially in linear time', () => {
    // `(a+)+$` over 30 a's and a "!" never returns in JavaScript's engine (it froze the worker).
    const line = `${'a'.repeat(30)}!`;
    const stub: typeof index = {
      ...index,
      count: 1,
      ids: Int32Array.of(1),
      typeOf: Uint16Array.of(0),
      categoryOf: Uint8Array.of(0),
      summary: [line],
    };
    expect(filterEvents(stub, { ...NO_FILTER, regex: true, text: '(a+)+$' })).toHaveLength(0);
    expect(filterEvents(stub, { ...NO_FILTER, regex: true, text: '(a+)+!$' })).toHaveLength(1);
  });

  it('names what RE2 syntax lacks', () => {
    expect(() => filterEvents(index, { ...NO_FILTER, regex: true, text: '(a)\\1' })).toThrow(
      'Invalid regular expression: /(a)\\1/: invalid escape sequence: `\\1` (RE2 syntax: no back-references or look-around)',
    );
  });

  it('searches attributes when asked', () => {
    const text = history.events.map((e) => JSON.stringify(e.toJSON()));
    // "test-otel-inbound" is the task queue: in the attributes of every event that names one.
    const inAttributes = filterEvents(
      index,
      { ...NO_FILTER, text: 'test-otel-inbound', attributes: true },
      (i) => text[i]!,
    );
    const expected = raw.filter((e) => JSON.stringify(e).includes('test-otel-inbound'));
    expect(ids(inAttributes)).toEqual(expected.map((e) => Number(e.eventId)));
  });
});
