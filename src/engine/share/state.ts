/**
 * The shared state, format version 1: which history and component, and what the sender was
 * looking at (replay mode, cursor, breakpoints, event filter, selection, scenario). The JSON form
 * is what travels; `readShareState` checks every field of untrusted JSON against the valibot
 * schema below (the types are inferred from it) and gets back a fresh object of the known fields
 * only (nothing from the input is evaluated or spread into our objects).
 */
import * as v from 'valibot';
import { EVENT_CATEGORIES } from '../inspect/categories.ts';
import { compileFilterRegex, type EventFilter } from '../inspect/event-search.ts';
import type { Breakpoint } from '../session/breakpoint.ts';
import { parse, SchemaProblem, strictObject, variant, type AnySchema } from '../schema.ts';
import { scenarioSchema } from '../sim/scenario.ts';
import { fail } from './errors.ts';
import { LIST_MAX_ITEMS, TEXT_MAX_CHARS, URL_MAX_CHARS } from './limits.ts';

/** The event list's filter; omitted fields take the unfiltered defaults. */
export type SharedFilter = EventFilter;

export const UNFILTERED: SharedFilter = {
  categories: [],
  types: [],
  text: '',
  regex: false,
  caseSensitive: false,
  attributes: false,
};

// ── The schema: every field of untrusted JSON, in the format's own words ─────────────────────

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

const got =
  (what: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    `${what} (got ${show(issue.input)})`;

/** An object with exactly these fields. */
const fields = <const E extends v.ObjectEntries>(entries: E) =>
  strictObject(entries, {
    notObject: (input) => `must be an object (got ${show(input)})`,
    unknownKey: () => 'is not a field of this format (made by a newer Workflow Playground?)',
  });

/** One of several objects, told apart by their `kind`. */
const kinds = <const O extends v.VariantOptions<'kind'>>(options: O) =>
  variant('kind', options, {
    notObject: (input) => `must be an object (got ${show(input)})`,
    noVariant: (choices, input) =>
      `must be ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)} (got ${show(input)})`,
  });

const wholeNumber = (min: number) => {
  const message = got(`must be a whole number ≥ ${min}`);
  return v.pipe(v.number(message), v.safeInteger(message), v.minValue(min, message));
};

const flag = v.boolean(got('must be true or false'));

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

const text = (max = TEXT_MAX_CHARS) =>
  v.pipe(
    v.string(got('must be a string')),
    v.maxLength(max, `is longer than ${max} characters`),
    v.check((s) => !unsafeChar(s), 'contains control or text-direction characters'),
  );

const list = <S extends v.GenericSchema>(item: S) =>
  v.pipe(
    v.array(item, got('must be a list')),
    v.maxLength(LIST_MAX_ITEMS, `has more than ${LIST_MAX_ITEMS} entries`),
  );

const pattern = (re: RegExp, what: string) => v.pipe(text(), v.regex(re, got(`must be ${what}`)));

const sha256 = pattern(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lowercase hex');
const exampleId = pattern(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'an example id like "hello"');
/** `WorkflowTaskStarted`, or a name the history spelled for a type the schema lacks. */
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_()]{0,99}$/;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * https, or http to this machine (a local static server). Browsers treat exactly these as
 * trustworthy origins, and an https page could not fetch plain http anyway.
 */
const artefactUrl = v.pipe(
  text(URL_MAX_CHARS),
  v.rawTransform(({ dataset: { value }, addIssue, NEVER }) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      addIssue({ message: `is not an absolute URL (got ${show(value)})` });
      return NEVER;
    }
    const loopback = LOOPBACK.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      addIssue({ message: `must be an https URL, or http on localhost (got ${show(value)})` });
      return NEVER;
    }
    if (url.username || url.password) {
      addIssue({ message: 'must not carry a user name or password' });
      return NEVER;
    }
    return url.href;
  }),
);

/** Where the receiver gets the workflow code. */
const componentRefSchema = kinds([
  /** An example bundled with the app (`examples/<id>`). */
  fields({ kind: v.literal('example'), id: exampleId }),
  /** Fetched by the receiver's browser; `sha256` pins the exact bytes the sender had. */
  fields({ kind: v.literal('url'), url: artefactUrl, sha256: v.optional(sha256) }),
  /** A file the receiver must also have (or that a bundle carries), named by content. */
  fields({
    kind: v.literal('sha256'),
    sha256,
    label: v.optional(text()),
    size: v.optional(wholeNumber(0)),
  }),
]);
export type ComponentRef = v.InferOutput<typeof componentRefSchema>;

const historyRefSchema = kinds([
  /** The history travels with the state (in the link or the bundle). */
  fields({ kind: v.literal('inline'), label: v.optional(text()) }),
  fields({ kind: v.literal('url'), url: artefactUrl, sha256: v.optional(sha256) }),
]);
export type HistoryRef = v.InferOutput<typeof historyRefSchema>;

const breakpointSchema = kinds([
  fields({ kind: v.literal('event'), eventId: wholeNumber(1) }),
  fields({ kind: v.literal('event-type'), eventType: pattern(TYPE_NAME, 'an event type name') }),
  fields({
    kind: v.literal('command-type'),
    commandType: pattern(TYPE_NAME, 'a command type name'),
  }),
  fields({ kind: v.literal('workflow-task'), wftStartedEventId: wholeNumber(1) }),
]);

/** The session's and the event list's own types, which these schemas must read exactly. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _breakpointsMatch: Same<v.InferOutput<typeof breakpointSchema>, Breakpoint> = true;

const filterSchema = fields({
  categories: v.optional(
    list(v.picklist(EVENT_CATEGORIES, got(`must be one of ${EVENT_CATEGORIES.join(', ')}`))),
    () => [],
  ),
  types: v.optional(list(pattern(TYPE_NAME, 'an event type name')), () => []),
  text: v.optional(text(), ''),
  regex: v.optional(flag, false),
  caseSensitive: v.optional(flag, false),
  attributes: v.optional(flag, false),
});

const _filterMatches: Same<v.InferOutput<typeof filterSchema>, EventFilter> = true;

/** What was selected for inspection (the UI's Selection). */
export const selectionSchema = kinds([
  fields({ kind: v.literal('event'), eventId: wholeNumber(1) }),
  fields({ kind: v.literal('task'), task: wholeNumber(0) }),
  fields({ kind: v.literal('step'), step: wholeNumber(0) }),
  fields({ kind: v.literal('call'), step: wholeNumber(0), seq: wholeNumber(0) }),
  fields({ kind: v.literal('command'), step: wholeNumber(0), position: wholeNumber(0) }),
]);
export type SharedSelection = v.InferOutput<typeof selectionSchema>;

const modeSchema = v.picklist(['component', 'echo'], got('must be "component" or "echo"'));
export type ReplayMode = v.InferOutput<typeof modeSchema>;

/**
 * Shared state's fields, also what a session saved in the page is made of (app/state/persist.ts),
 * without the cross-field checks `readShareState` adds.
 */
export const shareStateFields = {
  history: v.optional(historyRefSchema),
  component: v.optional(componentRefSchema),
  mode: modeSchema,
  /** Current activation (index; -1 before the first) and, optionally, the guest call within it. */
  cursor: fields({ step: wholeNumber(-1), call: v.optional(wholeNumber(0)) }),
  breakpoints: v.optional(list(breakpointSchema), () => []),
  filter: v.optional(filterSchema),
  selection: v.optional(selectionSchema),
  /** The simulated run's scenario, when the session came from one. */
  scenario: v.optional(scenarioSchema),
  /** Replay option the history cannot tell (InitializeWorkflow.workflow_id), when it was set. */
  workflowId: v.optional(text()),
  /**
   * The component's workflow function that replays the history, when the user chose one that is
   * not the history's own type (a renamed or ported workflow).
   */
  workflowFunction: v.optional(text()),
};
const shareStateSchema = fields(shareStateFields);
export type ShareState = v.InferOutput<typeof shareStateSchema>;

// ── Reading untrusted JSON ───────────────────────────────────────────────────────────────────

/** `value` checked by `schema`, or a FieldProblem at `path` plus the path inside the value. */
function checkAt<S extends AnySchema>(schema: S, value: unknown, path: string): v.InferOutput<S> {
  try {
    return parse(schema, value);
  } catch (thrown) {
    if (!(thrown instanceof SchemaProblem)) throw thrown;
    const inner = thrown.path;
    const at = !path
      ? inner
      : !inner
        ? path
        : inner.startsWith('[')
          ? path + inner
          : `${path}.${inner}`;
    throw new FieldProblem(at, thrown.problem);
  }
}

export const integer = (value: unknown, path: string, min: number): number =>
  checkAt(wholeNumber(min), value, path);

export const checkArtefactUrl = (value: unknown, path: string): string =>
  checkAt(artefactUrl, value, path);

export const componentRef = (value: unknown, path: string): ComponentRef =>
  checkAt(componentRefSchema, value, path);

/** Checks parsed JSON field by field and returns a state built only from what was checked. */
export function readShareState(value: unknown): ShareState {
  return checkFields('state field', () => readState(value));
}

function readState(value: unknown): ShareState {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('damaged', `the session state is not a JSON object (got ${show(value)})`);
  const state = checkAt(shareStateSchema, value, '');
  if (state.filter?.regex) {
    // Compiling checks the syntax only; nothing runs until the receiver filters.
    try {
      compileFilterRegex(state.filter.text, state.filter.caseSensitive);
    } catch (thrown) {
      throw new FieldProblem(
        'filter.text',
        `is not a valid regular expression (${(thrown as Error).message})`,
      );
    }
  }
  if (!state.history && !state.scenario)
    throw new FieldProblem(
      'history',
      'is missing: a shared session needs a history or a scenario to run',
    );
  if (state.mode === 'component' && !state.component)
    throw new FieldProblem('component', 'is missing: the replay mode is "component"');
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
