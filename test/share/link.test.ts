/**
 * Share links: every sample history survives the trip unchanged, the state comes back field for
 * field, and every way a link goes wrong (damaged, cut off, too long, a decompression bomb,
 * foreign, hand-edited) ends in an error that says what, never in a crash.
 */
import { describe, expect, it } from 'vitest';
import {
  exportHistoryJson,
  loadHistory,
  type LoadedHistory,
} from '../../src/engine/history/index.ts';
import { HistoryEventType, type HistoryEvent } from '../../src/engine/history/events.ts';
import {
  LINK_MAX_CHARS,
  createShareLink,
  createUrlLink,
  openShareFragment,
  type ShareState,
} from '../../src/engine/share/index.ts';
import { HistoryBuilder } from '../history-builder.ts';
import { sample, samples } from '../history/samples.ts';
import { craftFragment, craftPayload } from './craft.ts';

const APP = 'http://127.0.0.1:5173/';
const plain = (e: HistoryEvent) =>
  HistoryEventType.toObject(e as never, { enums: String, longs: String, bytes: String });
const warningKeys = (h: LoadedHistory) => h.warnings.map((w) => [w.code, w.eventId, w.fieldPath]);

const timer = () => loadHistory(sample('sdk-core/timer_workflow_history.bin').bytes);

/** Every field of the state set, so that a field lost on the way shows. */
const everything: ShareState = {
  history: { kind: 'inline', label: 'timer_workflow_history.bin' },
  component: {
    kind: 'sha256',
    sha256: 'a'.repeat(64),
    label: 'hello.wasm',
    size: 16_730_147,
  },
  mode: 'component',
  cursor: { step: 1, call: 3 },
  breakpoints: [
    { kind: 'event', eventId: 5 },
    { kind: 'event-type', eventType: 'TimerFired' },
    { kind: 'command-type', commandType: 'StartTimer' },
    { kind: 'workflow-task', wftStartedEventId: 3 },
  ],
  filter: {
    categories: ['timer', 'workflow-task'],
    types: ['TimerStarted'],
    text: '^Timer(Started|Fired)$',
    regex: true,
    caseSensitive: true,
    attributes: true,
  },
  selection: { kind: 'call', step: 1, seq: 2 },
  scenario: { workflowType: 'timerWorkflow', input: [1], activities: { a: { result: 2 } } },
  workflowId: 'wf-7',
  workflowFunction: 'timerWorkflowV2',
};

async function linkOf(state: ShareState, history?: LoadedHistory) {
  const result = await createShareLink({ state, ...(history && { history }) }, APP);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function open(fragment: string) {
  const result = await openShareFragment(fragment);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function openError(fragment: string) {
  const result = await openShareFragment(fragment);
  if (result.ok) throw new Error('the link opened, but it should not have');
  return result.error;
}

describe('a link round trip', () => {
  for (const s of samples()) {
    it(`carries ${s.name} unchanged`, async () => {
      const original = loadHistory(s.bytes, { name: s.name });
      const link = await linkOf(
        {
          history: { kind: 'inline', label: s.name },
          mode: 'echo',
          cursor: { step: 0 },
          breakpoints: [],
        },
        original,
      );
      expect(link.url.length).toBeLessThanOrEqual(LINK_MAX_CHARS);
      expect(link.url.startsWith(`${APP}#share=v1.`)).toBe(true);
      const opened = (await open(new URL(link.url).hash))!;
      const back = opened.history!.loaded;
      expect(back.events.map(plain)).toEqual(original.events.map(plain));
      expect(warningKeys(back)).toEqual(warningKeys(original));
      expect(back.workflowTasks.map((t) => t.lastEventId)).toEqual(
        original.workflowTasks.map((t) => t.lastEventId),
      );
      expect(back.unappliedEvents.map(plain)).toEqual(original.unappliedEvents.map(plain));
      expect(back.summary).toEqual(original.summary);
      expect(opened.history!.label).toBe(s.name);
    });
  }

  it('keeps unknown JSON fields by choosing the JSON form when binary would drop them', async () => {
    // This legacy sample has a field the schema lacks (activityTaskScheduledEventAttributes.namespace).
    const original = loadHistory(sample('sdk-typescript/cancel_fake_progress_history.json').bytes);
    expect(original.warnings.map((w) => w.code)).toContain('unknown-field');
    const link = await linkOf(
      { history: { kind: 'inline' }, mode: 'echo', cursor: { step: 0 }, breakpoints: [] },
      original,
    );
    expect(link.historyForm).toBe('json');
    const back = (await open(new URL(link.url).hash))!.history!.loaded;
    expect(warningKeys(back)).toEqual(warningKeys(original));
    expect(JSON.parse(exportHistoryJson(back.events).text)).toEqual(
      JSON.parse(exportHistoryJson(original.events).text),
    );
  });

  it('brings back every field of the state', async () => {
    const link = await linkOf(everything, timer());
    expect((await open(new URL(link.url).hash))!.state).toEqual(everything);
  });

  it('restores the unfiltered defaults it leaves out, and a state with no history but a scenario', async () => {
    const state: ShareState = {
      component: { kind: 'example', id: 'hello' },
      mode: 'component',
      cursor: { step: -1 },
      breakpoints: [],
      filter: {
        categories: [],
        types: [],
        text: 'timer',
        regex: false,
        caseSensitive: false,
        attributes: false,
      },
      scenario: { workflowType: 'greet', input: ['Temporal'] },
    };
    expect((await open(new URL((await linkOf(state)).url).hash))!.state).toEqual(state);
  });

  it('puts everything in the fragment, keeping the app URL path and query', async () => {
    const result = await createShareLink(
      { state: { ...everything }, history: timer() },
      'https://tools.example/playground/?theme=dark#old',
    );
    if (!result.ok) throw new Error(result.error.message);
    const url = new URL(result.value.url);
    expect(`${url.origin}${url.pathname}${url.search}`).toBe(
      'https://tools.example/playground/?theme=dark',
    );
    expect(url.hash.startsWith('#share=v1.')).toBe(true);
  });

  it('tolerates the punctuation prose puts after a link', async () => {
    const { url } = await linkOf(everything, timer());
    for (const tail of ['.', ').', '"', '>'])
      expect((await open(new URL(url).hash + tail))!.state).toEqual(everything);
  });

  it('says a session is too large for a link, and what to do instead', async () => {
    const b = new HistoryBuilder().started('loop', []).workflowTask();
    for (let i = 0; i < 3000; i++) {
      const started = b.timerStarted(String(i));
      b.timerFired(String(i), started).workflowTask();
    }
    const result = await createShareLink(
      {
        state: { history: { kind: 'inline' }, mode: 'echo', cursor: { step: 0 }, breakpoints: [] },
        history: loadHistory(exportHistoryJson(b.events).text),
      },
      APP,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('too-large');
    expect(result.error.message).toMatch(
      /needs a link of [\d,]+ characters; links hold at most 30,000/,
    );
    expect(result.error.message).toContain('Share a bundle file instead');
  });
});

describe('a link that cannot be opened', () => {
  const validLink = async () => new URL((await linkOf(everything, timer())).url).hash;

  it('is not a share at all when the fragment is an ordinary anchor or empty', async () => {
    for (const fragment of ['', '#', '#section-2', '#/events/12', '#shared=1', '#foo=bar&x=1'])
      expect(await open(fragment)).toBeUndefined();
  });

  it('damaged: a changed character fails the checksum or the decompressor', async () => {
    const fragment = await validLink();
    const start = fragment.lastIndexOf('.') + 1;
    for (const offset of [
      0,
      10,
      Math.floor((fragment.length - start) / 2),
      fragment.length - start - 3,
    ]) {
      const i = start + offset;
      const changed =
        fragment.slice(0, i) + (fragment[i] === 'A' ? 'B' : 'A') + fragment.slice(i + 1);
      const error = await openError(changed);
      expect(error.code, `character ${offset}`).toBe('damaged');
      expect(error.message).toMatch(/^the link is damaged/);
    }
  });

  it('damaged: a character that is not base64url, named by position', async () => {
    const fragment = await validLink();
    const start = fragment.lastIndexOf('.') + 1;
    const error = await openError(`${fragment.slice(0, start + 4)}*${fragment.slice(start + 5)}`);
    expect(error).toMatchObject({ code: 'damaged' });
    expect(error.message).toBe('the link is damaged: character 5 ("*") is not base64url');
  });

  it('truncated: cut anywhere, it says it was cut off and how much is there', async () => {
    const fragment = await validLink();
    const start = fragment.lastIndexOf('.') + 1;
    const dataLength = fragment.length - start;
    for (const keep of [0, 1, 100, Math.floor(dataLength / 2), dataLength - 1]) {
      const error = await openError(fragment.slice(0, start + keep));
      expect(error.code, `keeping ${keep}`).toBe('truncated');
      expect(error.message).toContain(
        `holds ${keep.toLocaleString('en')} of its ${dataLength.toLocaleString('en')} characters`,
      );
    }
    for (const cut of ['#share=', '#share=v', '#share=v1.', '#share=v1.44'])
      expect((await openError(cut)).code, cut).toBe('truncated');
  });

  it('oversized: longer than any link Workflow Playground writes', async () => {
    const error = await openError(`#share=v1.40000.${'A'.repeat(LINK_MAX_CHARS)}`);
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(
      /^the link is 30,0\d\d characters long; Workflow Playground writes at most 30,000/,
    );
  });

  it('bomb-like: a small link that would decompress to 20 MiB stops at the 8 MiB limit', async () => {
    const state = { history: { kind: 'inline' }, mode: 'echo', cursor: { step: 0 } };
    const bomb = craftPayload({ state, extra: [[2, 20 * 2 ** 20, new Uint8Array(20 * 2 ** 20)]] });
    const fragment = craftFragment(bomb);
    expect(fragment.length).toBeLessThan(LINK_MAX_CHARS);
    const error = await openError(fragment);
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/^the link decompresses to more than 8 MiB/);
  });

  it('bomb-like: sections whose sum passes the limit, and megabytes of zeros with no header', async () => {
    const state = { history: { kind: 'inline' }, mode: 'echo', cursor: { step: 0 } };
    const sevenMiB = new Uint8Array(7 * 2 ** 20);
    const twoParts = craftPayload({ state, history: sevenMiB, component: sevenMiB });
    expect((await openError(craftFragment(twoParts))).code).toBe('too-large');
    const zeros = await openError(craftFragment(new Uint8Array(16 * 2 ** 20)));
    expect(zeros.code).toBe('not-a-share');
  });

  it('foreign: share= values and payloads that are not ours', async () => {
    expect((await openError('#share=hello')).code).toBe('not-a-share');
    expect((await openError('#share=v0.4.AAAAAA')).code).toBe('not-a-share');
    const notOurs = craftFragment(new TextEncoder().encode('{"some":"other app"}'));
    expect(await openError(notOurs)).toEqual({
      code: 'not-a-share',
      message: 'the link is not a Workflow Playground share',
    });
    const raw = Buffer.from('not zlib at all').toString('base64url');
    expect((await openError(`#share=v1.15.${raw}`)).code).toBe('damaged');
  });

  it('from a newer version: says so, for the link prefix and for the payload format', async () => {
    const prefix = await openError('#share=v2.10.AAAAAAAAAAAAAA');
    expect(prefix.code).toBe('newer-version');
    expect(prefix.message).toContain('newer Workflow Playground (format v2; this one reads v1)');
    const payload = await openError(craftFragment(craftPayload({ state: {}, version: 2 })));
    expect(payload.code).toBe('newer-version');
  });

  it('mixed or repeated parameters', async () => {
    const fragment = await validLink();
    expect((await openError(`${fragment}&step=3`)).message).toBe(
      'the link has step= beside share=; a share link has nothing else',
    );
    expect((await openError(`${fragment}&${fragment.slice(1)}`)).message).toBe(
      'the link has the parameter share twice',
    );
  });
});

describe('a hand-edited state', () => {
  const history = () => exportHistoryJson(timer().events).text;
  const base = {
    history: { kind: 'inline' },
    mode: 'echo',
    cursor: { step: 0 },
  } as Record<string, unknown>;

  async function fieldError(state: Record<string, unknown>) {
    const payload = craftPayload({ state, history: new TextEncoder().encode(history()) });
    const error = await openError(craftFragment(payload));
    expect(error.code).toBe('bad-field');
    return { field: error.field, message: error.message };
  }

  it.each<[string, string, Record<string, unknown>, RegExp]>([
    ['mode', 'mode', { mode: 'debug' }, /must be "component" or "echo" \(got "debug"\)/],
    ['cursor', 'cursor.step', { cursor: { step: 1.5 } }, /whole number ≥ -1 \(got 1.5\)/],
    ['cursor', 'cursor.step', { cursor: { step: -2 } }, /whole number ≥ -1/],
    ['cursor', 'cursor.step', { cursor: { step: '3' } }, /whole number ≥ -1 \(got "3"\)/],
    [
      'breakpoints',
      'breakpoints[0].kind',
      { breakpoints: [{ kind: 'line', line: 3 }] },
      /"event", "event-type"/,
    ],
    [
      'breakpoints',
      'breakpoints[0].eventId',
      { breakpoints: [{ kind: 'event', eventId: 0 }] },
      /≥ 1/,
    ],
    [
      'breakpoints',
      'breakpoints[0].eventType',
      { breakpoints: [{ kind: 'event-type', eventType: '<img src=x>' }] },
      /an event type name/,
    ],
    ['breakpoints', 'breakpoints', { breakpoints: 'all' }, /must be a list/],
    [
      'breakpoints',
      'breakpoints',
      { breakpoints: Array(1001).fill({ kind: 'event', eventId: 1 }) },
      /more than 1000 entries/,
    ],
    [
      'filter',
      'filter.categories[0]',
      { filter: { categories: ['timers'] } },
      /must be one of workflow, workflow-task/,
    ],
    [
      'filter',
      'filter.text',
      { filter: { regex: true, text: '(unclosed' } },
      /not a valid regular expression/,
    ],
    ['filter', 'filter.caseSensitive', { filter: { caseSensitive: 'yes' } }, /true or false/],
    [
      'filter',
      'filter.text',
      { filter: { text: 'x'.repeat(1001) } },
      /longer than 1000 characters/,
    ],
    [
      'selection',
      'selection.eventId',
      { selection: { kind: 'event' } },
      /whole number ≥ 1 \(got undefined\)/,
    ],
    [
      'selection',
      'selection.extra',
      { selection: { kind: 'event', eventId: 2, extra: 1 } },
      /not a field of this format/,
    ],
    ['component', 'component', { mode: 'component' }, /is missing: the replay mode is "component"/],
    [
      'component',
      'component.url',
      { component: { kind: 'url', url: 'javascript:alert(1)' } },
      /https URL, or http on localhost/,
    ],
    [
      'component',
      'component.url',
      { component: { kind: 'url', url: 'http://example.com/c.wasm' } },
      /https URL, or http on localhost/,
    ],
    [
      'component',
      'component.url',
      { component: { kind: 'url', url: 'https://u:p@example.com/c.wasm' } },
      /user name or password/,
    ],
    [
      'component',
      'component.sha256',
      { component: { kind: 'sha256', sha256: 'ABC' } },
      /SHA-256 digest/,
    ],
    [
      'component',
      'component.id',
      { component: { kind: 'example', id: '../../etc/passwd' } },
      /example id/,
    ],
    [
      'component',
      'component.label',
      { component: { kind: 'sha256', sha256: 'a'.repeat(64), label: 'gpj.\u202eexe' } },
      /text-direction/,
    ],
    [
      'scenario',
      'scenario.activities.a.duration',
      { scenario: { workflowType: 'w', activities: { a: { duration: 'soon' } } } },
      /is not a duration/,
    ],
    ['workflowId', 'workflowId', { workflowId: 7 }, /must be a string/],
    ['workflowFunction', 'workflowFunction', { workflowFunction: [] }, /must be a string/],
    ['unknown', 'theme', { theme: 'dark' }, /not a field of this format \(made by a newer/],
    [
      '__proto__',
      '__proto__',
      JSON.parse('{"__proto__": {"polluted": true}}'),
      /not a field of this format/,
    ],
  ])('%s: %s', async (_name, field, change, message) => {
    const result = await fieldError({ ...base, ...change });
    expect(result.field).toBe(field);
    expect(result.message).toMatch(message);
    expect(result.message.startsWith(`state field ${field} `)).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('event ids must exist in the history it carries', async () => {
    expect(await fieldError({ ...base, breakpoints: [{ kind: 'event', eventId: 11 }] })).toEqual({
      field: 'breakpoints[0].eventId',
      message: 'state field breakpoints[0].eventId is event 11, but the history has 10 events',
    });
    // Event 5 of the timer history is TimerStarted (sdk-core/timer_workflow_history.bin).
    expect(
      await fieldError({ ...base, breakpoints: [{ kind: 'workflow-task', wftStartedEventId: 5 }] }),
    ).toEqual({
      field: 'breakpoints[0].wftStartedEventId',
      message:
        'state field breakpoints[0].wftStartedEventId is event 5, a TimerStarted, not a WorkflowTaskStarted',
    });
    expect((await fieldError({ ...base, selection: { kind: 'event', eventId: 99 } })).field).toBe(
      'selection.eventId',
    );
    // The timer history has 3 replay sequences as sdk-core groups them (task indices 0-2).
    expect(await fieldError({ ...base, selection: { kind: 'task', task: 3 } })).toEqual({
      field: 'selection.task',
      message:
        'state field selection.task is workflow task 3, but the history has 3 (counted from 0)',
    });
  });

  it('a cursor past any activation the history can make is refused, not half applied', async () => {
    expect(await fieldError({ ...base, cursor: { step: Number.MAX_SAFE_INTEGER } })).toEqual({
      field: 'cursor.step',
      message: `state field cursor.step is activation 9007199254740992, but the history's 10 events make fewer activations`,
    });
  });

  it('a history that does not load says where', async () => {
    const broken = history().replace(/"eventId": ?"3"/, '"eventId": "three"');
    const payload = craftPayload({ state: base, history: new TextEncoder().encode(broken) });
    const error = await openError(craftFragment(payload));
    expect(error.code).toBe('bad-history');
    expect(error.message).toMatch(
      /^the history in the link does not load: shared history, event #3, field eventId: /,
    );
    expect(error.history).toMatchObject({ eventIndex: 2, fieldPath: 'eventId' });
  });

  it('a state that is not JSON, or a history the state does not mention', async () => {
    const notJson = craftPayload({ state: '{"mode": "echo",', history: new Uint8Array([1]) });
    expect((await openError(craftFragment(notJson))).message).toMatch(
      /^the link is damaged: its session state is not JSON/,
    );
    const unmentioned = craftPayload({
      state: { ...base, history: { kind: 'url', url: 'https://x.example/h.json' } },
      history: new TextEncoder().encode(history()),
    });
    expect((await openError(craftFragment(unmentioned))).message).toBe(
      'the link is damaged: it carries a history its state does not mention',
    );
    const missing = craftPayload({ state: base });
    expect((await openError(craftFragment(missing))).message).toBe(
      'the link is damaged: its state says the history is inside, but it is not',
    );
  });
});

describe('the readable form #history=…&component=…', () => {
  it('opens a history and a component by URL, at a step, with an event selected', async () => {
    const opened = await open(
      '#history=https://artefacts.example/runs/42.json&component=https%3A%2F%2Fartefacts.example%2Fhello.wasm&step=3&event=12',
    );
    expect(opened).toEqual({
      state: {
        history: { kind: 'url', url: 'https://artefacts.example/runs/42.json' },
        component: { kind: 'url', url: 'https://artefacts.example/hello.wasm' },
        mode: 'component',
        cursor: { step: 3 },
        breakpoints: [],
        selection: { kind: 'event', eventId: 12 },
      },
    });
  });

  it('names examples and files by hash, and replays with the history alone (echo)', async () => {
    expect(
      (await open('#history=http://127.0.0.1:8000/h.json&component=example:hello'))!.state
        .component,
    ).toEqual({ kind: 'example', id: 'hello' });
    expect(
      (await open(`#history=http://localhost:8000/h.json&component=sha256:${'b'.repeat(64)}`))!
        .state.component,
    ).toEqual({ kind: 'sha256', sha256: 'b'.repeat(64) });
    expect((await open('#history=https://h.example/h.json'))!.state).toMatchObject({
      mode: 'echo',
      cursor: { step: -1 },
    });
  });

  it.each([
    [
      '#component=example:hello',
      'history',
      'link parameter history is missing (the URL of a history)',
    ],
    [
      '#history=file:///etc/passwd',
      'history',
      'link parameter history must be an https URL, or http on localhost (got "file:///etc/passwd")',
    ],
    [
      '#history=http://192.168.1.2/h.json',
      'history',
      'link parameter history must be an https URL, or http on localhost (got "http://192.168.1.2/h.json")',
    ],
    [
      '#history=https://h.example/h.json&component=example:../x',
      'component',
      'link parameter component must be an example id like "hello" (got "../x")',
    ],
    [
      '#history=https://h.example/h.json&step=two',
      'step',
      'link parameter step must be a whole number ≥ -1 (got "two")',
    ],
    [
      '#history=https://h.example/h.json&event=0',
      'event',
      'link parameter event must be a whole number ≥ 1 (got 0)',
    ],
    [
      '#history=https://h.example/h.json&theme=dark',
      'theme',
      'the link has an unknown parameter theme; it may have history, component, step, event',
    ],
  ])('%s', async (fragment, field, message) => {
    expect(await openError(fragment)).toEqual({ code: 'bad-field', message, field });
  });

  it('createUrlLink writes what openShareFragment reads', async () => {
    const link = createUrlLink('http://127.0.0.1:5173/', {
      history: 'https://artefacts.example/runs/42.json?token=a&b=c',
      component: { kind: 'example', id: 'hello' },
      step: 2,
      event: 7,
    });
    expect((await open(new URL(link).hash))!.state).toEqual({
      history: { kind: 'url', url: 'https://artefacts.example/runs/42.json?token=a&b=c' },
      component: { kind: 'example', id: 'hello' },
      mode: 'component',
      cursor: { step: 2 },
      breakpoints: [],
      selection: { kind: 'event', eventId: 7 },
    });
  });
});
