/**
 * Search attributes in the TypeScript SDK's untyped form (`SearchAttributes`: each name to an
 * array of strings, numbers, booleans or Dates), as child workflow and continue-as-new options
 * carry them and `workflowInfo().searchAttributes` shows them. Each value is a json/plain payload
 * of the array, as the TypeScript SDK's search attribute converter writes it. The typed form
 * (`typedSearchAttributes`, `defineSearchAttributeKey`) and `upsertSearchAttributes` are not
 * implemented.
 */
import { fromPayload, toPayload } from '../src/engine/proto/payload.ts';
import type { IPayload, temporal } from './runtime/proto.ts';

export type SearchAttributeValue = string[] | number[] | boolean[] | Date[];
export type SearchAttributes = Record<
  string,
  SearchAttributeValue | Readonly<SearchAttributeValue> | undefined
>;

const SCALAR_TYPES = ['string', 'number', 'boolean'];

function encodeValue(name: string, values: unknown): IPayload {
  const where = `search attribute "${name}"`;
  if (!Array.isArray(values)) throw new TypeError(`The value of ${where} must be an array`);
  const first: unknown = values[0];
  const kind = first instanceof Date ? 'Date' : typeof first;
  for (const [i, value] of values.entries()) {
    const valid =
      kind === 'Date'
        ? value instanceof Date
        : SCALAR_TYPES.includes(kind) && typeof value === kind;
    if (!valid)
      throw new TypeError(
        `The values of ${where} must all be strings, numbers, booleans or Dates, of one kind; value ${i} is ${String(value)}`,
      );
  }
  // JSON writes Dates as ISO strings, as the server reads Datetime attributes.
  return toPayload(values);
}

export function encodeSearchAttributes(
  attributes: SearchAttributes | undefined,
): temporal.api.common.v1.ISearchAttributes | undefined {
  if (!attributes) return undefined;
  const indexedFields: Record<string, IPayload> = {};
  for (const [name, values] of Object.entries(attributes)) {
    if (values !== undefined) indexedFields[name] = encodeValue(name, values);
  }
  return { indexedFields };
}

const text = (bytes: Uint8Array | null | undefined) =>
  bytes ? new TextDecoder().decode(bytes) : undefined;

/** Search attributes as the server sends them: every value an array; Datetime values Dates. */
export function decodeSearchAttributes(
  attributes: temporal.api.common.v1.ISearchAttributes | null | undefined,
): SearchAttributes {
  const decoded: SearchAttributes = {};
  for (const [name, payload] of Object.entries(attributes?.indexedFields ?? {})) {
    const value = fromPayload(payload);
    const values: unknown[] = Array.isArray(value) ? value : [value];
    decoded[name] = (
      text(payload.metadata?.type) === 'Datetime' ? values.map((v) => new Date(String(v))) : values
    ) as SearchAttributeValue;
  }
  return decoded;
}
