/**
 * The history JSON Schema (derived from the proto schema) checked against real histories in both
 * JSON dialects, with a small validator for the keywords it uses (the editor runs a full one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyJsonSchema } from '../../src/engine/proto/json-schema.ts';
import { historiesDir } from '../paths.ts';

type Schema = Record<string, unknown>;

function check(schema: Schema, value: unknown, top: Schema, path: string, out: string[]): void {
  const ref = schema['$ref'] as string | undefined;
  if (ref) {
    const name = ref.replace('#/definitions/', '');
    return check((top['definitions'] as Record<string, Schema>)[name]!, value, top, path, out);
  }
  const anyOf = schema['anyOf'] as Schema[] | undefined;
  if (anyOf) {
    const passes = anyOf.some((branch) => {
      const errors: string[] = [];
      check(branch, value, top, path, errors);
      return errors.length === 0;
    });
    if (!passes)
      out.push(
        `${path}: matches none of the alternatives (${JSON.stringify(value)?.slice(0, 60)})`,
      );
    return;
  }
  const enumValues = schema['enum'] as unknown[] | undefined;
  if (enumValues && !enumValues.includes(value))
    out.push(`${path}: ${JSON.stringify(value)} not allowed`);
  const type = schema['type'] as string | undefined;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (type === 'integer' ? !Number.isInteger(value) : type && type !== actual) {
    out.push(`${path}: expected ${type}, got ${actual}`);
    return;
  }
  const pattern = schema['pattern'] as string | undefined;
  if (pattern && typeof value === 'string' && !new RegExp(pattern).test(value))
    out.push(`${path}: "${value}" does not match ${pattern}`);
  if (actual === 'object') {
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    const additional = schema['additionalProperties'] as Schema | undefined;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const sub = properties[key] ?? (typeof additional === 'object' ? additional : undefined);
      if (sub) check(sub, v, top, `${path}.${key}`, out);
    }
    for (const key of (schema['required'] as string[] | undefined) ?? [])
      if (!(key in (value as object))) out.push(`${path}: missing ${key}`);
  }
  if (actual === 'array' && schema['items'])
    (value as unknown[]).forEach((v, i) =>
      check(schema['items'] as Schema, v, top, `${path}[${i}]`, out),
    );
}

const schema = historyJsonSchema();
const errorsOf = (json: unknown) => {
  const out: string[] = [];
  check(schema, json, schema, '$', out);
  return out;
};
/** Errors against the `{"events": [...]}` form alone, so that they name the field. */
const historyErrorsOf = (json: unknown) => {
  const out: string[] = [];
  check((schema['anyOf'] as Schema[])[0]!, json, schema, '$', out);
  return out;
};

describe('the history JSON Schema', () => {
  const dir = historiesDir('sdk-typescript');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it.each(files)('accepts %s', (file) => {
    expect(errorsOf(JSON.parse(readFileSync(join(dir, file), 'utf8')))).toEqual([]);
  });

  it('rejects what the loader would reject, at the field', () => {
    const history = JSON.parse(
      readFileSync(join(dir, 'cancel_fake_progress_history.json'), 'utf8'),
    ) as {
      events: Array<Record<string, unknown>>;
    };
    history.events[2]!['eventType'] = 'NotAnEventType';
    history.events[3]!['eventTime'] = 5;
    history.events[4]!['eventId'] = 'five';
    expect(errorsOf(history)).not.toEqual([]);
    expect(historyErrorsOf(history)).toEqual([
      expect.stringMatching(/^\$\.events\[2\]\.eventType: /),
      '$.events[3].eventTime: expected string, got number',
      expect.stringMatching(/^\$\.events\[4\]\.eventId: /),
    ]);
  });

  it('knows both spellings of enum values, and names recursive messages once', () => {
    const definitions = schema['definitions'] as Record<string, Schema>;
    const event = definitions['temporal.api.history.v1.HistoryEvent']!;
    const eventType = (event['properties'] as Record<string, Schema>)['eventType']!;
    const names = (eventType['anyOf'] as Schema[])[0]!['enum'] as string[];
    expect(names).toContain('EVENT_TYPE_TIMER_STARTED');
    expect(names).toContain('TimerStarted');
    const failure = definitions['temporal.api.failure.v1.Failure']!;
    expect((failure['properties'] as Record<string, Schema>)['cause']).toEqual({
      $ref: '#/definitions/temporal.api.failure.v1.Failure',
    });
  });
});
