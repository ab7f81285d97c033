/**
 * The saved last session is read back from IndexedDB as untrusted data: one the page saved
 * itself comes back as it was; one from another version of the page, or damaged, is refused with
 * a message naming the field, and never reaches the restore code.
 */
import { describe, expect, it } from 'vitest';
import { readSavedSession } from '../../src/app/state/persist.ts';

const saved = {
  format: 2,
  mode: 'component',
  cursor: { step: 4 },
  breakpoints: [
    { kind: 'event', eventId: 15 },
    { kind: 'command-type', commandType: 'StartTimer' },
  ],
  filter: {
    categories: ['timer'],
    types: [],
    text: 'charge',
    regex: false,
    caseSensitive: false,
    attributes: true,
  },
  selection: { kind: 'call', step: 3, seq: 1 },
  component: { kind: 'example', id: 'hello' },
  history: { kind: 'recent', id: 'ab'.repeat(32), label: 'run.json' },
  zoom: 1.5,
  scenarioText: '{ "workflowType": "greet", ', // mid-edit: need not parse
};

describe('readSavedSession', () => {
  it('gives back a session the page saved, field for field', () => {
    expect(readSavedSession(saved)).toEqual({ session: saved });
    const run = { ...saved, history: undefined, run: { workflowType: 'greet', args: ['x'] } };
    expect(readSavedSession(run).session?.run).toEqual({ workflowType: 'greet', args: ['x'] });
  });

  it('has nothing to say when nothing was saved', () => {
    expect(readSavedSession(undefined)).toEqual({});
  });

  it('refuses a session saved by an older page (no format, `step` instead of a cursor)', () => {
    const { format: _format, cursor: _cursor, ...rest } = saved;
    expect(readSavedSession({ ...rest, step: 4 })).toEqual({
      problem:
        'The last session was saved by another version of Workflow Playground and was not restored.',
    });
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'garbage', 'it is not an object'],
    ['a list', [saved], 'it is not an object'],
    [
      'a selection out of range',
      { ...saved, selection: { kind: 'event', eventId: 0 } },
      'selection.eventId must be a whole number ≥ 1 (got 0)',
    ],
    [
      'a breakpoint of no kind',
      { ...saved, breakpoints: [saved.breakpoints[0], { kind: 'line', line: 3 }] },
      'breakpoints[1].kind must be "event", "event-type", "command-type" or "workflow-task" (got "line")',
    ],
    ['no cursor', { ...saved, cursor: undefined }, 'cursor must be an object (got undefined)'],
    [
      'a source of no kind',
      { ...saved, component: { kind: 'ftp', id: 'x' } },
      'component.kind is not one of "example", "recent", "url"',
    ],
    [
      'a field it never had',
      { ...saved, theme: 'dark' },
      'theme is not a field of a saved session',
    ],
    ['a zoom that is not a number', { ...saved, zoom: 'big' }, 'zoom is not a number'],
  ])('refuses %s, naming the field', (_what, value, why) => {
    expect(readSavedSession(value)).toEqual({
      problem: `The saved last session is damaged (${why}) and was not restored.`,
    });
  });
});
