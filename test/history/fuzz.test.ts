/**
 * Mutation fuzzing: thousands of corrupted, truncated and type-confused inputs derived from the
 * sample histories (seeded, so failures reproduce). Every input must either load, with a model
 * that holds together, or be rejected with a HistoryError located as its code promises (event
 * and field path, byte offset, line and column); nothing else may escape, and no input may take
 * seconds.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seeded-random.ts';
import {
  HistoryError,
  describeLocation,
  eventIdOf,
  exportHistoryJson,
  loadHistory,
  loadHistoryAsync,
  type LoadedHistory,
} from '../../src/engine/history/index.ts';
import { samples } from './samples.ts';

const SEED = 0x7e3a1c;
const BYTE_MUTANTS = 3000;
const JSON_MUTANTS = 3000;
const GZIP_MUTANTS = 300;

type Rand = ReturnType<typeof seededRandom>;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, items: readonly T[]): T => items[int(r, items.length)]!;

function mutateBytes(r: Rand, input: Uint8Array): Uint8Array {
  let bytes = Uint8Array.from(input);
  for (let round = 1 + int(r, 3); round > 0 && bytes.length > 0; round--) {
    const at = int(r, bytes.length);
    switch (int(r, 7)) {
      case 0:
        bytes[at] = bytes[at]! ^ (1 << int(r, 8));
        break;
      case 1:
        bytes[at] = int(r, 256);
        break;
      case 2:
        bytes = bytes.subarray(0, at);
        break;
      case 3:
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + int(r, 64))]);
        break;
      case 4: {
        const len = 1 + int(r, 64);
        bytes = Uint8Array.from([
          ...bytes.subarray(0, at),
          ...bytes.subarray(at, at + len),
          ...bytes.subarray(at),
        ]);
        break;
      }
      case 5:
        bytes = Uint8Array.from([
          ...bytes.subarray(0, at),
          ...Array.from({ length: 1 + int(r, 8) }, () => int(r, 256)),
          ...bytes.subarray(at),
        ]);
        break;
      default:
        // Varint-looking garbage: long continuation runs stress length decoding.
        bytes.fill(0xff, at, at + 1 + int(r, 12));
    }
  }
  return bytes;
}

/** Stand-ins replaced by deeply nested JSON text after stringifying (too deep to clone). */
const DEEP: Record<string, string> = {
  '\u0000deep-array': `${'['.repeat(100_000)}1${']'.repeat(100_000)}`,
  '\u0000deep-cause': `${'{"cause":'.repeat(5_000)}{}${'}'.repeat(5_000)}`,
};

const CONFUSED: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 64,
  -(2 ** 63),
  1e308,
  '',
  'x',
  'NaN',
  '-Infinity',
  '1e3',
  '2024-13-45T99:99:99Z',
  '99999999999999999999999',
  'EVENT_TYPE_TIMER_FIRED',
  'WorkflowTaskStarted',
  'TASK_QUEUE_KIND_STICKY',
  '10s',
  '-5.5s',
  'AAAA',
  '====',
  [],
  [null],
  [1, 'a', {}],
  {},
  { '': 1 },
  { __proto__: null, constructor: 1 },
  ...Object.keys(DEEP),
  'é'.repeat(10_000),
];

type JsonValue = unknown;

/** Every (container, key) pair in a JSON tree, to pick a spot to damage. */
function slots(root: JsonValue): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: JsonValue) => {
    if (Array.isArray(node)) node.forEach((v, i) => (out.push([node, i]), walk(v)));
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        out.push([node as Record<string, unknown>, k]);
        walk(v);
      }
    }
  };
  walk(root);
  return out;
}

function mutateJson(r: Rand, original: { events: Record<string, unknown>[] }): string {
  const json = structuredClone(original);
  for (let round = 1 + int(r, 3); round > 0; round--) {
    // Earlier rounds may have broken the structure; event-level mutations need some events.
    const list: unknown = json.events;
    const events = (Array.isArray(list) ? list : []).filter(
      (e): e is Record<string, unknown> => e !== null && typeof e === 'object' && !Array.isArray(e),
    );
    const kind = int(r, 9);
    if (kind >= 4 && events.length === 0) continue;
    switch (kind) {
      case 0:
      case 1:
      case 2: {
        const all = slots(json);
        if (all.length === 0) break;
        const [container, key] = pick(r, all);
        (container as Record<string, unknown>)[key] = structuredClone(pick(r, CONFUSED));
        break;
      }
      case 3: {
        const all = slots(json).filter(([c]) => !Array.isArray(c));
        if (all.length === 0) break;
        const [container, key] = pick(r, all);
        delete (container as Record<string, unknown>)[key];
        break;
      }
      case 4:
        if (events.length > 1) events.splice(int(r, events.length), 1);
        break;
      case 5:
        if (events.length > 0)
          events.splice(int(r, events.length), 0, structuredClone(pick(r, events)));
        break;
      case 6: {
        // Swap two events' attributes: well-formed values in the wrong place.
        const a = pick(r, events);
        const b = pick(r, events);
        const ka = Object.keys(a).find((k) => k.endsWith('Attributes'));
        const kb = Object.keys(b).find((k) => k.endsWith('Attributes'));
        if (ka && kb && a !== b) [a[kb], b[ka]] = [a[ka], b[kb]];
        break;
      }
      case 7:
        pick(r, events)['eventType'] = pick(r, [
          'EVENT_TYPE_WORKFLOW_TASK_STARTED',
          'WorkflowTaskCompleted',
          'TimerFired',
          7,
          999,
          'EVENT_TYPE_NEW_THING',
          'workflowtaskfailed',
        ]);
        break;
      default:
        pick(r, events)['eventId'] = pick(r, [0, -3, '7', 1e6, 2 ** 53 + 1, 'seven']);
    }
  }
  let text = JSON.stringify(json);
  for (const [marker, replacement] of Object.entries(DEEP)) {
    text = text.replaceAll(JSON.stringify(marker), replacement);
  }
  return text;
}

/** What any accepted history must satisfy, whatever was done to it. */
function checkModel(h: LoadedHistory): void {
  const replayed = [...h.workflowTasks.flatMap((t) => t.events), ...h.unappliedEvents];
  expect(replayed).toEqual(h.events);
  h.events.forEach((e, i) => expect(eventIdOf(e)).toBe(i + 1));
  for (const t of h.workflowTasks) {
    expect(t.firstEventId).toBe(eventIdOf(t.events[0]!));
    expect(t.lastEventId).toBe(eventIdOf(t.events.at(-1)!));
  }
  // Whatever loaded can be exported and loaded again to the same events.
  const again = loadHistory(exportHistoryJson(h.events).text);
  expect(again.events.length).toBe(h.events.length);
}

/**
 * Hang detection, not a speed assertion: the slowest input loads in well under 100 ms of CPU.
 * Counted in this process's CPU time, not wall time, so other work on the machine does not move
 * it; a super-linear path or a loop that never ends still goes far past it.
 */
const MAX_CPU_MS_PER_INPUT = 2000;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const SOURCE = 'fuzz-input';

/** Where each kind of error must point (see errors.ts), whatever the input; why not, if not. */
function locationProblem(error: HistoryError): string | undefined {
  const inEvent = error.eventId !== undefined || error.eventIndex !== undefined;
  switch (error.code) {
    case 'bad-field':
    case 'first-event-not-started':
    case 'missing-attributes':
    case 'attributes-mismatch':
    case 'missing-event-type':
      if (!inEvent || error.fieldPath === undefined) return 'no event and field path';
      break;
    case 'non-contiguous-ids':
      if (error.eventIndex === undefined || error.fieldPath !== 'eventId') return 'no event index';
      break;
    case 'bad-protobuf':
      if (error.byteOffset === undefined) return 'no byte offset';
      break;
    case 'not-json':
      // A syntax error has its line and column; bad UTF-8 its byte offset.
      if (
        (error.line === undefined || error.column === undefined) &&
        error.byteOffset === undefined
      )
        return 'no line and column, nor byte offset';
      break;
    default:
    // Document-level errors (empty, not a history, no events, gzip): the source is the place.
  }
  if (error.source !== SOURCE) return 'no source';
  // The message starts with the location, as the CLI and the app print it.
  if (!error.message.startsWith(describeLocation(error))) return 'location missing from message';
  if (error.problem.length === 0) return 'no problem stated';
  return undefined;
}

function attempt(
  input: Uint8Array | string,
  describeInput: () => string,
  outcome: Map<string, number>,
): void {
  let loaded: LoadedHistory | undefined;
  let error: HistoryError | undefined;
  const started = cpuMs();
  try {
    loaded = loadHistory(input, { name: SOURCE });
  } catch (thrown) {
    if (!(thrown instanceof HistoryError)) {
      throw new Error(`${describeInput()}: escaped as ${String(thrown)}`, { cause: thrown });
    }
    error = thrown;
  }
  const ms = cpuMs() - started;
  if (ms > MAX_CPU_MS_PER_INPUT)
    throw new Error(`${describeInput()}: took ${ms.toFixed(0)} ms of CPU`);
  const key = error?.code ?? 'loaded';
  outcome.set(key, (outcome.get(key) ?? 0) + 1);
  if (!error) return checkModel(loaded!);
  const problem = locationProblem(error);
  if (problem) throw new Error(`${describeInput()}: ${problem}: ${error.message}`);
}

describe('mutation fuzzing', () => {
  const sources = samples();
  const jsonSources = sources
    .filter((s) => s.name.endsWith('.json'))
    .map((s) => ({ name: s.name, json: JSON.parse(new TextDecoder().decode(s.bytes)) }));

  it(`survives ${BYTE_MUTANTS} byte-level mutations of binary and JSON histories`, () => {
    const r = seededRandom(SEED);
    const outcome = new Map<string, number>();
    for (let i = 0; i < BYTE_MUTANTS; i++) {
      const source = pick(r, sources);
      const input = mutateBytes(r, source.bytes);
      attempt(input, () => `byte mutant #${i} of ${source.name} (seed ${SEED})`, outcome);
    }
    console.log('byte mutants:', Object.fromEntries(outcome));
    // The mutants must exercise both outcomes, or this test proves little.
    expect(outcome.get('loaded')).toBeGreaterThan(50);
    expect(outcome.get('bad-protobuf')).toBeGreaterThan(50);
  });

  it(`survives ${JSON_MUTANTS} structural, type-confused JSON mutations`, () => {
    const r = seededRandom(SEED + 1);
    const outcome = new Map<string, number>();
    for (let i = 0; i < JSON_MUTANTS; i++) {
      const source = pick(r, jsonSources);
      const text = mutateJson(r, source.json);
      attempt(text, () => `JSON mutant #${i} of ${source.name} (seed ${SEED + 1})`, outcome);
    }
    console.log('JSON mutants:', Object.fromEntries(outcome));
    expect(outcome.get('loaded')).toBeGreaterThan(50);
    expect(outcome.get('bad-field')).toBeGreaterThan(50);
  });

  it(`survives ${GZIP_MUTANTS} damaged gzip streams`, async () => {
    const r = seededRandom(SEED + 2);
    for (let i = 0; i < GZIP_MUTANTS; i++) {
      const source = pick(r, sources);
      const input = mutateBytes(r, gzipSync(source.bytes));
      const what = `gzip mutant #${i} of ${source.name} (seed ${SEED + 2})`;
      const started = cpuMs();
      try {
        await loadHistoryAsync(input, { name: SOURCE });
      } catch (thrown) {
        if (!(thrown instanceof HistoryError))
          throw new Error(`${what}: ${String(thrown)}`, { cause: thrown });
        const problem = locationProblem(thrown);
        if (problem) throw new Error(`${what}: ${problem}: ${thrown.message}`, { cause: thrown });
      }
      const ms = cpuMs() - started;
      if (ms > MAX_CPU_MS_PER_INPUT) throw new Error(`${what}: took ${ms.toFixed(0)} ms of CPU`);
    }
  });
});
