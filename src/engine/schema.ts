/**
 * Checking untrusted JSON with valibot schemas, reported our way: the first problem found, with
 * the path of the field it is in (`signals[2].at`) and a message the schema's author wrote in the
 * words of its format. The schemas themselves (bridge frames, shared state, scenarios, the saved
 * session) are valibot's, so their TypeScript types are inferred from them (`v.InferOutput`).
 */
import * as v from 'valibot';

export type AnySchema = v.GenericSchema<unknown, unknown>;
type Issue = v.BaseIssue<unknown>;
type Entries = v.ObjectEntries;

/** A value that does not fit its schema: where (`''` for the value itself) and what is wrong. */
export class SchemaProblem extends Error {
  override readonly name = 'SchemaProblem';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }
}

/** Short description of an unexpected value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** `a.b[2].c` from path keys (a leading index has no dot before it either way). */
export function joinPath(keys: readonly unknown[]): string {
  let out = '';
  for (const key of keys)
    out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

type Found = { keys: unknown[]; issue: Issue };

/**
 * The issue worth reporting: for a union none of whose branches fit, the branch's issue that got
 * furthest into the value (an outcome object with a misspelt field, not "expected an array").
 */
function deepest(issue: Issue, prefix: unknown[]): Found {
  const keys = [...prefix, ...(issue.path ?? []).map((item) => item.key)];
  if (issue.type !== 'union' || !issue.issues?.length) return { keys, issue };
  let best: Found | undefined;
  for (const inner of issue.issues) {
    const found = deepest(inner, keys);
    if (!best || found.keys.length > best.keys.length) best = found;
  }
  return best!;
}

/** The value as the schema's output, or a `SchemaProblem` naming the first field that is wrong. */
export function parse<S extends AnySchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output as v.InferOutput<S>;
  const { keys, issue } = deepest(result.issues[0], []);
  throw new SchemaProblem(joinPath(keys), issue.message);
}

/** The first problem `schema` finds with `value`, as its message (undefined when it fits). */
function problemWith(schema: AnySchema, value: unknown): string | undefined {
  const result = v.safeParse(schema, value, { abortEarly: true });
  return result.success ? undefined : deepest(result.issues[0], []).issue.message;
}

export interface ObjectWords {
  /** The value is not an object at all. */
  notObject: (input: unknown) => string;
  /** A field the format does not define (`known`: the ones it does). */
  unknownKey: (key: string, known: string[]) => string;
}

/**
 * An object with exactly these fields. A missing field is reported as its own schema reports
 * nothing (so "expected a string, got nothing", or whatever that schema says of `undefined`).
 */
export function strictObject<const E extends Entries>(entries: E, words: ObjectWords) {
  const schema = v.strictObject(entries, (issue) => {
    const key = issue.path?.at(-1)?.key;
    if (typeof key !== 'string') return words.notObject(issue.input);
    if (issue.expected === 'never') return words.unknownKey(key, Object.keys(entries));
    return problemWith(entries[key]!, undefined) ?? 'is required';
  });
  return refuseArrays(schema, words.notObject);
}

export interface VariantWords {
  notObject: (input: unknown) => string;
  /** The discriminating field has none of the values (`choices`, as JSON) the variants take. */
  noVariant: (choices: string[], input: unknown) => string;
}

/**
 * One of several object schemas, chosen by the value of the field `key`, so that an error is
 * reported against the variant the value claims to be.
 */
export function variant<const K extends string, const O extends v.VariantOptions<K>>(
  key: K,
  options: O,
  words: VariantWords,
) {
  const schema = v.variant(key, options, (issue) => {
    if (!issue.path) return words.notObject(issue.input);
    // `expected` lists the discriminators that would do, as `("a" | "b")` or `(true | false)`.
    const choices = (issue.expected ?? '')
      .replace(/^\(|\)$/g, '')
      .split(' | ')
      .map((e) => (e.startsWith('"') ? e : `"${e}"`));
    return words.noVariant(choices, issue.input);
  });
  return refuseArrays(schema, words.notObject);
}

/**
 * Valibot's object schemas take an array for an object (its indices as keys); JSON formats do
 * not. The schema keeps its kind and entries, so a variant still sees its options' fields.
 */
export function refuseArrays<S extends AnySchema>(
  schema: S,
  notObject: (input: unknown) => string,
): S {
  const refuse = v.custom<never>(
    () => false,
    (issue) => notObject(issue.input),
  );
  const run = schema['~run'].bind(schema);
  const guarded: S['~run'] = (dataset, config) =>
    Array.isArray(dataset.value)
      ? (refuse['~run'](dataset, config) as ReturnType<S['~run']>)
      : run(dataset, config);
  (schema as { '~run': S['~run'] })['~run'] = guarded;
  return schema;
}

/** The known name a misspelt `key` most likely meant (at most two edits away), if any. */
export function nearest(key: string, known: readonly string[]): string | undefined {
  return known.find((name) => editDistance(name, key) <= 2);
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length]!;
}
