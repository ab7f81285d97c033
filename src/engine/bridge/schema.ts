/**
 * A small schema language for the bridge protocol: each schema both checks an untrusted JSON value
 * and gives its TypeScript type (`Infer<S>`), so the types the two ends compile against and the
 * checks they run on every frame come from one definition. Errors name the field path
 * (`frame.args.run.runId: expected a string, got 42`).
 */
import protobuf from 'protobufjs/light.js';
import { standardBase64Fault } from '../proto/base64.ts';

export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

export interface Schema<T> {
  /** Returns the value as T, or throws SchemaError naming `path`. */
  check(value: unknown, path: string): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/** Short description of an unexpected value for an error message. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const fail = (path: string, problem: string): never => {
  throw new SchemaError(path, problem);
};

export function string(limits: { min?: number; max?: number } = {}): Schema<string> {
  const { min = 0, max = 1024 } = limits;
  return {
    check(value, path) {
      if (typeof value !== 'string') return fail(path, `expected a string, got ${describe(value)}`);
      if (value.length < min) return fail(path, `must not be empty`);
      if (value.length > max) return fail(path, `longer than ${max} characters`);
      return value;
    },
  };
}

export function integer(limits: { min?: number; max?: number } = {}): Schema<number> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = limits;
  return {
    check(value, path) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        return fail(path, `expected an integer, got ${describe(value)}`);
      if (value < min || value > max) return fail(path, `must be between ${min} and ${max}`);
      return value;
    },
  };
}

export function boolean(): Schema<boolean> {
  return {
    check: (value, path) =>
      typeof value === 'boolean'
        ? value
        : fail(path, `expected true or false, got ${describe(value)}`),
  };
}

export function literal<const V extends string | number | boolean>(expected: V): Schema<V> {
  return {
    check: (value, path) =>
      value === expected
        ? expected
        : fail(path, `expected ${JSON.stringify(expected)}, got ${describe(value)}`),
  };
}

export function oneOf<const V extends string>(values: readonly V[]): Schema<V> {
  return {
    check: (value, path) =>
      values.includes(value as V)
        ? (value as V)
        : fail(
            path,
            `expected one of ${values.map((v) => `"${v}"`).join(', ')}, got ${describe(value)}`,
          ),
  };
}

/** Binary data carried as standard base64 text; checked and decoded here. */
export function bytes(limits: { max?: number } = {}): Schema<Uint8Array> {
  const { max = Number.MAX_SAFE_INTEGER } = limits;
  return {
    check(value, path) {
      if (typeof value !== 'string')
        return fail(path, `expected base64 bytes, got ${describe(value)}`);
      const fault = standardBase64Fault(value);
      if (fault >= 0)
        return fail(
          path,
          fault === value.length
            ? `is not valid base64 (its length, ${value.length}, is not a multiple of 4)`
            : `is not valid base64 (character ${fault + 1} of ${value.length})`,
        );
      const length = protobuf.util.base64.length(value);
      if (length > max) return fail(path, `holds ${length} bytes, more than ${max}`);
      const out = new Uint8Array(length);
      try {
        protobuf.util.base64.decode(value, out, 0);
      } catch {
        return fail(path, 'is not valid base64');
      }
      return out;
    },
  };
}

/** Any JSON object, passed through unchecked beyond its kind (views of protobufs, traces). */
export function jsonObject(): Schema<Record<string, unknown>> {
  return {
    check: (value, path) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : fail(path, `expected an object, got ${describe(value)}`),
  };
}

export function array<T>(item: Schema<T>, limits: { max?: number } = {}): Schema<T[]> {
  const { max = 100_000 } = limits;
  return {
    check(value, path) {
      if (!Array.isArray(value)) return fail(path, `expected an array, got ${describe(value)}`);
      if (value.length > max) return fail(path, `has ${value.length} items, more than ${max}`);
      return value.map((v, i) => item.check(v, `${path}[${i}]`));
    },
  };
}

/** Marks an object field that may be left out (it is never `null`). */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return {
    optional: true,
    check: (value, path) => (value === undefined ? undefined : inner.check(value, path)),
  };
}

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends OptionalSchema<unknown> ? never : K;
}[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] };

export type ObjectOf<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** An object with exactly these fields: a field the protocol does not define is an error. */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return {
    check(value, path) {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return fail(path, `expected an object, got ${describe(value)}`);
      const input = value as Record<string, unknown>;
      for (const key of Object.keys(input)) {
        if (!Object.hasOwn(shape, key)) fail(`${path}.${key}`, 'is not a field of this message');
      }
      const out: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(shape)) {
        const checked = schema.check(input[key], `${path}.${key}`);
        if (checked !== undefined) out[key] = checked;
      }
      return out as ObjectOf<S>;
    },
  };
}

/**
 * One of several object schemas, chosen by the value of `key` (a string, or true/false), so an
 * error is reported against the variant the value claims to be.
 */
export function variants<const K extends string, V extends Record<string, Schema<unknown>>>(
  key: K,
  options: V,
): Schema<Infer<V[keyof V]>> {
  const names = Object.keys(options);
  return {
    check(value, path) {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return fail(path, `expected an object, got ${describe(value)}`);
      const tag = (value as Record<string, unknown>)[key];
      const name = typeof tag === 'string' || typeof tag === 'boolean' ? String(tag) : undefined;
      const option = name !== undefined && Object.hasOwn(options, name) ? options[name] : undefined;
      if (!option)
        return fail(
          `${path}.${key}`,
          `expected one of ${names.map((n) => `"${n}"`).join(', ')}, got ${describe(tag)}`,
        );
      return option.check(value, path) as Infer<V[keyof V]>;
    },
  };
}
