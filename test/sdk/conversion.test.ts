/**
 * Payload conversion as Temporal's default data converter defines it (encodings and metadata from
 * the Temporal SDKs' converter docs), and the `ms`-style durations @temporalio/workflow accepts.
 * The TypeScript SDK's own converter and duration parser (@temporalio/common, installed with
 * @temporalio/core-bridge) are the oracle where they apply.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { describe, expect, it } from 'vitest';
import { root } from '../../src/engine/proto/index.ts';
import { fromPayload, toPayload } from '../../src/engine/proto/payload.ts';
import { toMs } from '../../sdk/duration.ts';

const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? undefined);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('payload conversion', () => {
  it('uses binary/null, binary/plain and json/plain like the default converter', () => {
    expect(text(toPayload(undefined).metadata!.encoding)).toBe('binary/null');
    const bytes = toPayload(new Uint8Array([1, 2]));
    expect(text(bytes.metadata!.encoding)).toBe('binary/plain');
    expect(bytes.data).toEqual(new Uint8Array([1, 2]));
    const json = toPayload({ a: [1, 'x', null] });
    expect(text(json.metadata!.encoding)).toBe('json/plain');
    expect(text(json.data)).toBe('{"a":[1,"x",null]}');
    for (const value of [undefined, null, 0, 'ü', [true], { nested: { deep: 1 } }]) {
      expect(fromPayload(toPayload(value))).toEqual(value);
    }
  });

  // Values whose encoding the TypeScript SDK's default converter decides (undefined, bytes, JSON).
  const ORACLE_VALUES: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['an empty string', ''],
    ['ASCII', 'hello'],
    ['unicode (accents, CJK, an astral emoji, a lone surrogate)', 'ü 日本語 😀 \ud800'],
    ['quotes, backslashes and control characters', '"\\\n\t\u0000'],
    ['zero', 0],
    ['negative zero', -0],
    ['a float', -1.5],
    ['a large number', 1e21],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER],
    ['NaN', Number.NaN],
    ['true', true],
    ['an array with undefined elements', [undefined, 'x', undefined]],
    ['a nested object', { order: { id: 42, lines: [{ sku: 'a', qty: 2 }] }, tags: [] }],
    ['an object with undefined fields', { kept: 1, dropped: undefined }],
    ['a Date', new Date(Date.UTC(2026, 0, 1))],
    ['bytes', new Uint8Array([0, 1, 254, 255])],
    ['empty bytes', new Uint8Array([])],
  ];

  const comparable = (payload: {
    metadata?: Record<string, Uint8Array> | null;
    data?: Uint8Array | null;
  }) => ({
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, text(v)]),
    ),
    data: Array.from(payload.data ?? []),
  });

  it.each(ORACLE_VALUES)('encodes %s byte for byte as @temporalio/common does', (_, value) => {
    const theirs = defaultPayloadConverter.toPayload(value);
    expect(comparable(toPayload(value))).toEqual(comparable(theirs));
    // And decodes what the TypeScript SDK wrote to what it decodes it to.
    expect(fromPayload(theirs)).toEqual(defaultPayloadConverter.fromPayload(theirs));
  });

  it('decodes json/protobuf payloads (as other SDKs write them) to their JSON form', () => {
    const payload = {
      metadata: {
        encoding: utf8('json/protobuf'),
        messageType: utf8('temporal.api.common.v1.WorkflowExecution'),
      },
      data: utf8('{"workflowId":"wf-1","runId":"r-1"}'),
    };
    expect(fromPayload(payload)).toEqual({ workflowId: 'wf-1', runId: 'r-1' });
  });

  it('encodes protobufjs messages as json/protobuf with their message type', () => {
    const type = root.lookupType('temporal.api.common.v1.WorkflowExecution');
    const payload = toPayload(type.create({ workflowId: 'wf-1', runId: 'r-1' }));
    expect(text(payload.metadata!.encoding)).toBe('json/protobuf');
    expect(text(payload.metadata!.messageType)).toBe('temporal.api.common.v1.WorkflowExecution');
    expect(JSON.parse(text(payload.data))).toEqual({ workflowId: 'wf-1', runId: 'r-1' });
  });

  it('says what it cannot decode', () => {
    expect(() =>
      fromPayload({
        metadata: { encoding: utf8('binary/protobuf'), messageType: utf8('acme.Order') },
        data: new Uint8Array([8, 1]),
      }),
    ).toThrow('Cannot decode a binary/protobuf payload (messageType "acme.Order")');
    expect(() => fromPayload({ metadata: { encoding: utf8('binary/encrypted') } })).toThrow(
      'Unknown payload encoding "binary/encrypted"',
    );
  });
});

describe('durations', () => {
  it.each([
    [1500, 1500],
    ['250', 250],
    ['10s', 10_000],
    ['1.5h', 5_400_000],
    ['5 minutes', 300_000],
    ['2 days', 172_800_000],
    ['1 week', 604_800_000],
    ['30 secs', 30_000],
    ['100ms', 100],
  ])('%j is %d ms, as @temporalio/common reads it', (duration, ms) => {
    expect(toMs(duration)).toBe(ms);
    expect(toMs(duration)).toBe(msToNumber(duration));
  });

  it.each(['', 'soon', '5 fortnights', '-1s', -5, Number.NaN])('rejects %j', (duration) => {
    expect(() => toMs(duration)).toThrow(TypeError);
  });
});
