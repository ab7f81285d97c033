import { describe, expect, it } from 'vitest';
import { root } from '../../src/engine/proto/index.ts';
import {
  durationText,
  inspectPayload,
  timestampText,
} from '../../src/engine/proto/payload-view.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const payload = (encoding: string, data: Uint8Array, extra: Record<string, string> = {}) => ({
  metadata: Object.fromEntries(
    Object.entries({ encoding, ...extra }).map(([k, v]) => [k, utf8(v)]),
  ),
  data,
});

describe('payloads as the inspector shows them', () => {
  it("decodes the default converter's encodings and keeps the raw bytes", () => {
    const json = inspectPayload(payload('json/plain', utf8('{"a":[1,2]}'))).$payload;
    expect(json).toMatchObject({
      encoding: 'json/plain',
      size: 11,
      data: Buffer.from('{"a":[1,2]}').toString('base64'),
      decoded: { as: 'json', value: { a: [1, 2] } },
    });
    expect(inspectPayload(payload('binary/null', new Uint8Array())).$payload.decoded).toEqual({
      as: 'null',
      value: null,
    });
    const raw = inspectPayload(payload('binary/plain', new Uint8Array([0, 255]))).$payload;
    expect(raw.decoded).toBeUndefined();
    expect(raw.data).toBe('AP8=');
  });

  it('decodes protobuf payloads of message types the schema knows', () => {
    const type = root.lookupType('temporal.api.common.v1.WorkflowExecution');
    const bytes = type.encode(type.fromObject({ workflowId: 'wf-1', runId: 'run-1' })).finish();
    const view = inspectPayload(
      payload('binary/protobuf', bytes, {
        messageType: 'temporal.api.common.v1.WorkflowExecution',
      }),
    ).$payload;
    expect(view.decoded).toEqual({
      as: 'protobuf',
      value: { workflowId: 'wf-1', runId: 'run-1' },
      messageType: 'temporal.api.common.v1.WorkflowExecution',
    });
    const proto3Json = inspectPayload(
      payload('json/protobuf', utf8('{"workflowId":"wf-1"}'), { messageType: 'x.Y' }),
    ).$payload;
    expect(proto3Json.decoded).toEqual({
      as: 'json',
      value: { workflowId: 'wf-1' },
      messageType: 'x.Y',
    });
    const unknown = inspectPayload(
      payload('binary/protobuf', bytes, { messageType: 'acme.Thing' }),
    ).$payload;
    expect(unknown.decoded).toBeUndefined();
    expect(unknown.note).toMatch(/acme\.Thing, not in this schema/);
  });

  it('leaves encodings it does not know to a codec server, and says so', () => {
    const view = inspectPayload(payload('binary/encrypted', new Uint8Array([1, 2, 3]))).$payload;
    expect(view.decoded).toBeUndefined();
    expect(view.note).toMatch(/codec server/);
    expect(inspectPayload(payload('json/plain', utf8('{oops'))).$payload.note).toMatch(/not JSON/);
  });
});

describe('well-known types as proto3 JSON writes them', () => {
  it('writes timestamps as RFC 3339 and durations in seconds', () => {
    expect(timestampText({ seconds: '1761156850', nanos: 831553000 })).toBe(
      '2025-10-22T18:14:10.831553Z',
    );
    expect(timestampText({ seconds: '0' })).toBe('1970-01-01T00:00:00Z');
    expect(durationText({ seconds: '10' })).toBe('10s');
    expect(durationText({ seconds: '1', nanos: 500000000 })).toBe('1.5s');
  });
});
