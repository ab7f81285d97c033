/**
 * The bridge protocol's checks, run by both ends on every frame: what passes, and the message (with
 * the field path) for what does not. Expectations are written from the protocol's definition.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../src/engine/bridge/frames.ts';
import { bridgeFrame, pageFrame } from '../../src/engine/bridge/protocol.ts';

const run = {
  runId: 'r1',
  workflowId: 'w1',
  workflowType: 'greet',
  namespace: 'default',
  taskQueue: 'tq',
};

const bridgeReads = (frame: unknown, max = 1 << 20) =>
  decodeFrame(pageFrame, JSON.stringify(frame), max);
const pageReads = (frame: unknown) => decodeFrame(bridgeFrame, JSON.stringify(frame), 1 << 20);

describe('frames from the page', () => {
  it('reads hello, requests and answers, turning base64 into bytes', () => {
    expect(bridgeReads({ type: 'hello', protocol: 2, client: 'app' })).toEqual({
      ok: true,
      frame: { type: 'hello', protocol: 2, client: 'app' },
    });
    expect(
      bridgeReads({ type: 'request', id: 3, call: 'fetch-history', args: { workflowId: 'w' } }),
    ).toEqual({
      ok: true,
      frame: { type: 'request', id: 3, call: 'fetch-history', args: { workflowId: 'w' } },
    });
    // Version 2: the page may name the server to fetch from.
    const named = {
      type: 'request',
      id: 4,
      call: 'fetch-history',
      args: { workflowId: 'w', runId: 'r', server: { address: 'h:7233', namespace: 'ns' } },
    };
    expect(bridgeReads(named)).toEqual({ ok: true, frame: named });
    const answer = bridgeReads({
      type: 'response',
      id: 1,
      call: 'activate',
      ok: true,
      result: { completion: 'AQID' },
    });
    expect(answer.ok && answer.frame).toEqual({
      type: 'response',
      id: 1,
      call: 'activate',
      ok: true,
      result: { completion: new Uint8Array([1, 2, 3]) },
    });
  });

  it.each([
    [{ type: 'hello', protocol: 2 }, 'frame.client: expected a string, got nothing'],
    [{ type: 'request', id: 0, call: 'replay', args: {} }, 'frame.id: must be between 1 and'],
    [
      { type: 'request', id: 1.5, call: 'replay', args: {} },
      'frame.id: expected an integer, got number 1.5',
    ],
    [
      { type: 'request', id: 1, call: 'delete-everything', args: {} },
      'frame.call: expected one of "fetch-history", "replay"',
    ],
    [
      {
        type: 'request',
        id: 1,
        call: 'fetch-history',
        args: { workflowId: 'w', server: { address: 'h:7233' } },
      },
      'frame.args.server.namespace: expected a string, got nothing',
    ],
    [
      { type: 'request', id: 1, call: 'replay', args: { now: true } },
      'frame.args.now: is not a field of this message',
    ],
    [
      {
        type: 'response',
        id: 1,
        call: 'activate',
        ok: true,
        result: { completion: 'not base64!' },
      },
      'frame.result.completion: is not valid base64 (its length, 11, is not a multiple of 4)',
    ],
    [
      {
        type: 'response',
        id: 1,
        call: 'activate',
        ok: true,
        result: { completion: 'AAAAA=A=' },
      },
      'frame.result.completion: is not valid base64 (character 6 of 8)',
    ],
    [
      { type: 'response', id: 1, call: 'activate', ok: 'yes' },
      'frame.ok: expected one of "true", "false", got the string "yes"',
    ],
    [
      { type: 'response', id: 1, call: 'activate', ok: false, error: { code: 'x' } },
      'frame.error.message: expected a string',
    ],
    [[1, 2], 'frame: expected an object, got an array'],
    [null, 'frame: expected an object, got null'],
  ])('refuses %j: %s', (frame, message) => {
    const read = bridgeReads(frame);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.code).toBe('malformed-frame');
      expect(read.error.message).toContain(message);
    }
  });

  it('names the request id and type of a bad request, so it can be answered', () => {
    expect(bridgeReads({ type: 'request', id: 9, call: 'replay', args: [] })).toEqual({
      ok: false,
      error: {
        code: 'malformed-frame',
        message: 'frame.args: expected an object, got an array',
        id: 9,
        type: 'request',
      },
    });
  });

  it('measures the limit in UTF-8 bytes, not characters', () => {
    const text = JSON.stringify({
      type: 'response',
      id: 1,
      call: 'activate',
      ok: false,
      error: { code: 'x', message: '€'.repeat(1500) },
    });
    // 1,500 characters of 3 bytes each, plus the frame around them.
    expect(text.length).toBeLessThan(4096);
    expect(decodeFrame(pageFrame, text, 4096)).toEqual({
      ok: false,
      error: {
        code: 'frame-too-large',
        message: `the frame has ${Buffer.byteLength(text)} bytes; the limit is 4096`,
      },
    });
    expect(decodeFrame(pageFrame, Buffer.from(text), 4096).ok).toBe(false);
    expect(decodeFrame(pageFrame, Buffer.from(text), 8192).ok).toBe(true);
  });

  it('refuses bytes that are not UTF-8, and text that is not JSON', () => {
    expect(decodeFrame(pageFrame, new Uint8Array([0x7b, 0xff, 0x7d]), 100)).toEqual({
      ok: false,
      error: { code: 'malformed-frame', message: 'the frame is not UTF-8 text' },
    });
    const read = decodeFrame(pageFrame, '{"type":', 100);
    expect(!read.ok && read.error.message).toMatch(/^the frame is not JSON: /);
  });
});

describe('frames from the bridge', () => {
  it('reads an activate request and events, and refuses a bad run', () => {
    const request = {
      type: 'request',
      id: 1,
      call: 'activate',
      args: { run, index: 0, activation: 'CgE=' },
    };
    expect(pageReads(request).ok).toBe(true);
    expect(
      pageReads({
        type: 'event',
        event: 'run-ended',
        body: { run, reason: 'LANG_REQUESTED', message: '', verdict: { kind: 'ok' } },
      }).ok,
    ).toBe(true);
    const bad = pageReads({ ...request, args: { ...request.args, run: { ...run, runId: 7 } } });
    expect(!bad.ok && bad.error.message).toBe(
      'frame.args.run.runId: expected a string, got number 7',
    );
    const unknown = pageReads({ type: 'event', event: 'confetti', body: {} });
    expect(!unknown.ok && unknown.error.message).toMatch(
      /^frame\.event: expected one of "activation", /,
    );
  });
});

describe('writing frames', () => {
  it('writes bytes as base64, Node Buffers included (not as their toJSON form)', () => {
    const text = encodeFrame({
      completion: new Uint8Array([1, 2, 3]),
      buffer: Buffer.from([255]),
      nested: [{ bytes: new Uint8Array(0) }],
    });
    expect(JSON.parse(text)).toEqual({
      completion: 'AQID',
      buffer: '/w==',
      nested: [{ bytes: '' }],
    });
  });
});
