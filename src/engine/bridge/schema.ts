/**
 * The bridge protocol's field kinds, as valibot schemas that speak the protocol's words
 * (`frame.args.run.runId: expected a string, got number 42`). Types come from the schemas
 * (`v.InferOutput`), so what the two ends compile against and what they check on every frame is
 * one definition.
 */
import protobuf from 'protobufjs/light.js';
import * as v from 'valibot';
import { standardBase64Fault } from '../proto/base64.ts';
import { describe, strictObject, variant } from '../schema.ts';

const got = (what: string) => (issue: v.BaseIssue<unknown>) =>
  `expected ${what}, got ${describe(issue.input)}`;

export function string(limits: { min?: number; max?: number } = {}) {
  const { min = 0, max = 1024 } = limits;
  return v.pipe(
    v.string(got('a string')),
    v.minLength(min, 'must not be empty'),
    v.maxLength(max, `longer than ${max} characters`),
  );
}

export function integer(limits: { min?: number; max?: number } = {}) {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = limits;
  const range = `must be between ${min} and ${max}`;
  return v.pipe(
    v.number(got('an integer')),
    v.safeInteger(got('an integer')),
    v.minValue(min, range),
    v.maxValue(max, range),
  );
}

export const boolean = () => v.boolean(got('true or false'));

export const literal = <const V extends string | number | boolean>(expected: V) =>
  v.literal(expected, got(JSON.stringify(expected)));

export const oneOf = <const V extends string>(values: readonly V[]) =>
  v.picklist(values, got(`one of ${values.map((value) => `"${value}"`).join(', ')}`));

/** Binary data carried as standard base64 text; checked and decoded here. */
export function bytes(limits: { max?: number } = {}) {
  const { max = Number.MAX_SAFE_INTEGER } = limits;
  return v.pipe(
    v.string(got('base64 bytes')),
    v.rawTransform(({ dataset: { value }, addIssue, NEVER }): Uint8Array => {
      const fault = standardBase64Fault(value);
      if (fault >= 0) {
        addIssue({
          message:
            fault === value.length
              ? `is not valid base64 (its length, ${value.length}, is not a multiple of 4)`
              : `is not valid base64 (character ${fault + 1} of ${value.length})`,
        });
        return NEVER;
      }
      const length = protobuf.util.base64.length(value);
      if (length > max) {
        addIssue({ message: `holds ${length} bytes, more than ${max}` });
        return NEVER;
      }
      const out = new Uint8Array(length);
      try {
        protobuf.util.base64.decode(value, out, 0);
      } catch {
        addIssue({ message: 'is not valid base64' });
        return NEVER;
      }
      return out;
    }),
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Any JSON object, passed through unchecked beyond its kind (views of protobufs, traces). */
export const jsonObject = () => v.custom<Record<string, unknown>>(isObject, got('an object'));

export const array = <S extends v.GenericSchema>(item: S, limits: { max?: number } = {}) => {
  const { max = 100_000 } = limits;
  return v.pipe(
    v.array(item, got('an array')),
    v.maxLength(max, (issue) => `has ${issue.received} items, more than ${max}`),
  );
};

const notObject = (input: unknown) => `expected an object, got ${describe(input)}`;

/** An object with exactly these fields: a field the protocol does not define is an error. */
export const object = <const E extends v.ObjectEntries>(entries: E) =>
  strictObject(entries, { notObject, unknownKey: () => 'is not a field of this message' });

/**
 * One of several object schemas, chosen by the value of `key` (a string, or true/false), so an
 * error is reported against the variant the value claims to be.
 */
export const variants = <const K extends string, const O extends v.VariantOptions<K>>(
  key: K,
  options: O,
) =>
  variant(key, options, {
    notObject,
    noVariant: (choices, input) => `expected one of ${choices.join(', ')}, got ${describe(input)}`,
  });
