/**
 * The shared state, format version 1: which history and component, and what the sender was
 * looking at (replay mode, cursor, breakpoints, event filter, selection, scenario). The JSON form
 * is what travels; `readShareState` checks every field of untrusted JSON and builds a fresh object
 * from the known fields only (nothing from the input is evaluated or spread into our objects).
 */
import { EVENT_CATEGORIES, type EventCategory } from '../inspect/categories.ts';
import { compileFilterRegex, type EventFilter } from '../inspect/event-search.ts';
import type { Breakpoint } from '../session/session.ts';
import { ScenarioError, validateScenario, type Scenario } from '../sim/scenario.ts';
import { fail } from './errors.ts';
import { LIST_MAX_ITEMS, TEXT_MAX_CHARS, URL_MAX_CHARS } from './limits.ts';

/** Where the receiver gets the workflow code. */
export type ComponentRef =
  /** An example bundled with the app (`examples/<id>`). */
  | { kind: 'example'; id: string }
  /** Fetched by the receiver's browser; `sha256` pins the exact bytes the sender had. */
  | { kind: 'url'; url: string; sha256?: string }
  /** A file the receiver must also have (or that a bundle carries), named by content. */
  | { kind: 'sha256'; sha256: string; label?: string; size?: number };

export type HistoryRef =
  /** The history travels with the state (in the link or the bundle). */
  { kind: 'inline'; label?: string } | { kind: 'url'; url: string; sha256?: string };

export type ReplayMode = 'component' | 'echo';

/** The event list's filter; omitted fields take the unfiltered defaults. */
export type SharedFilter = EventFilter;

/** What was selected for inspection (the UI's Selection). */
export type SharedSelection =
  | { kind: 'event'; eventId: number }
  | { kind: 'task'; task: number }
  | { kind: 'step'; step: number }
  | { kind: 'call'; step: number; seq: number }
  | { kind: 'command'; step: number; position: number };

export interface ShareState {
  history?: HistoryRef;
  component?: ComponentRef;
  mode: ReplayMode;
  /** Current activation (index; -1 before the first) and, optionally, the guest call within it. */
  cursor: { step: number; call?: number };
  breakpoints: Breakpoint[];
  filter?: SharedFilter;
  selection?: SharedSelection;
  /** The simulated run's scenario, when the session came from one. */
  scenario?: Scenario;
  /** Replay option the history cannot tell (InitializeWorkflow.workflow_id), when it was set. */
  workflowId?: string;
  /**
   * The component's workflow function that replays the history, when the user chose one that is
   * not the history's own type (a renamed or ported workflow).
   */
  workflowFunction?: string;
}

export const UNFILTERED: SharedFilter = {
  categories: [],
  types: [],
  text: '',
  regex: false,
  caseSensitive: false,
  attributes: false,
};

// ── Reading untrusted JSON ───────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;

/** A field that fails its check; the entry point says whose field it is (state or link). */
export class FieldProblem extends Error {
  override readonly name = 'FieldProblem';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

const badField = (path: string, problem: string): never => {
  throw new FieldProblem(path, problem);
};

/** Runs `check`, reporting a field problem as a `bad-field` error about `noun` ("state field"). */
export function checkFields<T>(noun: string, check: () => T): T {
  try {
    return check();
  } catch (thrown) {
    if (!(thrown instanceof FieldProblem)) throw thrown;
    return fail('bad-field', `${noun} ${thrown.path} ${thrown.problem}`, { field: thrown.path });
  }
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** An object whose keys are all in `known` (any keys when `known` is not given yet). */
function object(value: unknown, path: string, known?: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    badField(path, `must be an object (got ${show(value)})`);
  const json = value as Json;
  if (known) {
    for (const key of Object.keys(json)) {
      if (!known.includes(key))
        badField(
          path ? `${path}.${key}` : key,
          'is not a field of this format (made by a newer Workflow Playground?)',
        );
    }
  }
  return json;
}

export function integer(value: unknown, path: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    badField(path, `must be a whole number ≥ ${min} (got ${show(value)})`);
  return value as number;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') badField(path, `must be true or false (got ${show(value)})`);
  return value as boolean;
}

/** Control and bidirectional-override characters would let a label pose as another file name. */
const isUnsafe = (c: number) =>
  c < 0x20 ||
  (c >= 0x7f && c <= 0x9f) ||
  (c >= 0x202a && c <= 0x202e) ||
  (c >= 0x2066 && c <= 0x2069);

function unsafeChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isUnsafe(s.charCodeAt(i))) return true;
  return false;
}

/** A file name made fit to be a label in a shared state (the reader refuses what this drops). */
export function toLabel(name: string): string {
  let out = '';
  for (let i = 0; i < name.length && out.length < 200; i++)
    if (!isUnsafe(name.charCodeAt(i))) out += name[i];
  return out;
}

function text(value: unknown, path: string, max = TEXT_MAX_CHARS): string {
  if (typeof value !== 'string') badField(path, `must be a string (got ${show(value)})`);
  const s = value as string;
  if (s.length > max) badField(path, `is longer than ${max} characters`);
  if (unsafeChar(s)) badField(path, 'contains control or text-direction characters');
  return s;
}

function list<T>(value: unknown, path: string, item: (v: unknown, p: string) => T): T[] {
  if (!Array.isArray(value)) badField(path, `must be a list (got ${show(value)})`);
  const items = value as unknown[];
  if (items.length > LIST_MAX_ITEMS) badField(path, `has more than ${LIST_MAX_ITEMS} entries`);
  return items.map((v, i) => item(v, `${path}[${i}]`));
}

function pattern(value: unknown, path: string, re: RegExp, what: string): string {
  const s = text(value, path);
  if (!re.test(s)) badField(path, `must be ${what} (got ${show(s)})`);
  return s;
}

const SHA256 = /^[0-9a-f]{64}$/;
const sha256 = (v: unknown, path: string) =>
  pattern(v, path, SHA256, 'a SHA-256 digest in lowercase hex');
const EXAMPLE_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** `WorkflowTaskStarted`, or a name the history spelled for a type the schema lacks. */
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_()]{0,99}$/;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * https, or http to this machine (a local static server). Browsers treat exactly these as
 * trustworthy origins, and an https page could not fetch plain http anyway.
 */
export function checkArtefactUrl(value: unknown, path: string): string {
  const s = text(value, path, URL_MAX_CHARS);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return badField(path, `is not an absolute URL (got ${show(s)})`);
  }
  const loopback = LOOPBACK.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    badField(path, `must be an https URL, or http on localhost (got ${show(s)})`);
  if (url.username || url.password) badField(path, 'must not carry a user name or password');
  return url.href;
}

export function componentRef(value: unknown, path: string): ComponentRef {
  const kind = object(value, path)['kind'];
  const json = value as Json;
  switch (kind) {
    case 'example':
      object(json, path, ['kind', 'id']);
      return {
        kind,
        id: pattern(json['id'], `${path}.id`, EXAMPLE_ID, 'an example id like "hello"'),
      };
    case 'url':
      object(json, path, ['kind', 'url', 'sha256']);
      return {
        kind,
        url: checkArtefactUrl(json['url'], `${path}.url`),
        ...(json['sha256'] !== undefined && { sha256: sha256(json['sha256'], `${path}.sha256`) }),
      };
    case 'sha256':
      object(json, path, ['kind', 'sha256', 'label', 'size']);
      return {
        kind,
        sha256: sha256(json['sha256'], `${path}.sha256`),
        ...(json['label'] !== undefined && { label: text(json['label'], `${path}.label`) }),
        ...(json['size'] !== undefined && { size: integer(json['size'], `${path}.size`, 0) }),
      };
    default:
      return badField(`${path}.kind`, `must be "example", "url" or "sha256" (got ${show(kind)})`);
  }
}

function historyRef(value: unknown, path: string): HistoryRef {
  const kind = object(value, path)['kind'];
  const json = value as Json;
  switch (kind) {
    case 'inline':
      object(json, path, ['kind', 'label']);
      return {
        kind,
        ...(json['label'] !== undefined && { label: text(json['label'], `${path}.label`) }),
      };
    case 'url':
      object(json, path, ['kind', 'url', 'sha256']);
      return {
        kind,
        url: checkArtefactUrl(json['url'], `${path}.url`),
        ...(json['sha256'] !== undefined && { sha256: sha256(json['sha256'], `${path}.sha256`) }),
      };
    default:
      return badField(`${path}.kind`, `must be "inline" or "url" (got ${show(kind)})`);
  }
}

function breakpoint(value: unknown, path: string): Breakpoint {
  const kind = object(value, path)['kind'];
  const json = value as Json;
  switch (kind) {
    case 'event':
      object(json, path, ['kind', 'eventId']);
      return { kind, eventId: integer(json['eventId'], `${path}.eventId`, 1) };
    case 'event-type':
      object(json, path, ['kind', 'eventType']);
      return {
        kind,
        eventType: pattern(json['eventType'], `${path}.eventType`, TYPE_NAME, 'an event type name'),
      };
    case 'command-type':
      object(json, path, ['kind', 'commandType']);
      return {
        kind,
        commandType: pattern(
          json['commandType'],
          `${path}.commandType`,
          TYPE_NAME,
          'a command type name',
        ),
      };
    case 'workflow-task':
      object(json, path, ['kind', 'wftStartedEventId']);
      return {
        kind,
        wftStartedEventId: integer(json['wftStartedEventId'], `${path}.wftStartedEventId`, 1),
      };
    default:
      return badField(
        `${path}.kind`,
        `must be "event", "event-type", "command-type" or "workflow-task" (got ${show(kind)})`,
      );
  }
}

function filter(value: unknown, path: string): SharedFilter {
  const json = object(value, path, Object.keys(UNFILTERED));
  const flag = (key: keyof SharedFilter) =>
    json[key] === undefined ? false : boolean(json[key], `${path}.${key}`);
  const out: SharedFilter = {
    categories:
      json['categories'] === undefined
        ? []
        : list(json['categories'], `${path}.categories`, (v, p) => {
            if (!EVENT_CATEGORIES.includes(v as EventCategory))
              badField(p, `must be one of ${EVENT_CATEGORIES.join(', ')} (got ${show(v)})`);
            return v as EventCategory;
          }),
    types:
      json['types'] === undefined
        ? []
        : list(json['types'], `${path}.types`, (v, p) =>
            pattern(v, p, TYPE_NAME, 'an event type name'),
          ),
    text: json['text'] === undefined ? '' : text(json['text'], `${path}.text`),
    regex: flag('regex'),
    caseSensitive: flag('caseSensitive'),
    attributes: flag('attributes'),
  };
  if (out.regex) {
    // Compiling checks the syntax only; nothing runs until the receiver filters.
    try {
      compileFilterRegex(out.text, out.caseSensitive);
    } catch (thrown) {
      badField(`${path}.text`, `is not a valid regular expression (${(thrown as Error).message})`);
    }
  }
  return out;
}

function selection(value: unknown, path: string): SharedSelection {
  const kind = object(value, path)['kind'];
  const json = value as Json;
  const at = (key: string, min: number) => integer(json[key], `${path}.${key}`, min);
  switch (kind) {
    case 'event':
      object(json, path, ['kind', 'eventId']);
      return { kind, eventId: at('eventId', 1) };
    case 'task':
      object(json, path, ['kind', 'task']);
      return { kind, task: at('task', 0) };
    case 'step':
      object(json, path, ['kind', 'step']);
      return { kind, step: at('step', 0) };
    case 'call':
      object(json, path, ['kind', 'step', 'seq']);
      return { kind, step: at('step', 0), seq: at('seq', 0) };
    case 'command':
      object(json, path, ['kind', 'step', 'position']);
      return { kind, step: at('step', 0), position: at('position', 0) };
    default:
      return badField(
        `${path}.kind`,
        `must be "event", "task", "step", "call" or "command" (got ${show(kind)})`,
      );
  }
}

function scenario(value: unknown, path: string): Scenario {
  try {
    return validateScenario(value);
  } catch (thrown) {
    if (!(thrown instanceof ScenarioError)) throw thrown;
    const field = thrown.path ? `${path}.${thrown.path}` : path;
    return badField(field, thrown.message.replace(/^scenario(\.\S+)?: /, ''));
  }
}

const STATE_FIELDS = [
  'history',
  'component',
  'mode',
  'cursor',
  'breakpoints',
  'filter',
  'selection',
  'scenario',
  'workflowId',
  'workflowFunction',
] as const;

/** Checks parsed JSON field by field and returns a state built only from what was checked. */
export function readShareState(value: unknown): ShareState {
  return checkFields('state field', () => readState(value));
}

function readState(value: unknown): ShareState {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('damaged', `the session state is not a JSON object (got ${show(value)})`);
  const json = object(value, '', STATE_FIELDS);
  const mode = json['mode'];
  if (mode !== 'component' && mode !== 'echo')
    badField('mode', `must be "component" or "echo" (got ${show(mode)})`);
  const cursor = object(json['cursor'], 'cursor', ['step', 'call']);
  const state: ShareState = {
    ...(json['history'] !== undefined && { history: historyRef(json['history'], 'history') }),
    ...(json['component'] !== undefined && {
      component: componentRef(json['component'], 'component'),
    }),
    mode: mode as ReplayMode,
    cursor: {
      step: integer(cursor['step'], 'cursor.step', -1),
      ...(cursor['call'] !== undefined && { call: integer(cursor['call'], 'cursor.call', 0) }),
    },
    breakpoints:
      json['breakpoints'] === undefined ? [] : list(json['breakpoints'], 'breakpoints', breakpoint),
    ...(json['filter'] !== undefined && { filter: filter(json['filter'], 'filter') }),
    ...(json['selection'] !== undefined && {
      selection: selection(json['selection'], 'selection'),
    }),
    ...(json['scenario'] !== undefined && { scenario: scenario(json['scenario'], 'scenario') }),
    ...(json['workflowId'] !== undefined && { workflowId: text(json['workflowId'], 'workflowId') }),
    ...(json['workflowFunction'] !== undefined && {
      workflowFunction: text(json['workflowFunction'], 'workflowFunction'),
    }),
  };
  if (!state.history && !state.scenario)
    badField('history', 'is missing: a shared session needs a history or a scenario to run');
  if (state.mode === 'component' && !state.component)
    badField('component', 'is missing: the replay mode is "component"');
  return state;
}

/** The compact JSON that travels: defaults are left out (the reader puts them back). */
export function writeShareState(state: ShareState): string {
  const filterDiff =
    state.filter &&
    Object.fromEntries(
      Object.entries(state.filter).filter(([key, value]) => {
        const unset = UNFILTERED[key as keyof SharedFilter];
        return Array.isArray(value) ? value.length > 0 : value !== unset;
      }),
    );
  return JSON.stringify({
    ...state,
    breakpoints: state.breakpoints.length > 0 ? state.breakpoints : undefined,
    filter: filterDiff && Object.keys(filterDiff).length > 0 ? filterDiff : undefined,
  });
}
