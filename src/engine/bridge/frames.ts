/**
 * Reading and writing bridge frames, the same on both ends: size limit first, then JSON, then the
 * protocol schema. A frame that fails any check becomes an `error` frame's content naming what was
 * wrong and where; nothing is thrown at the caller.
 */
import { toBase64 } from '../proto/base64.ts';
import type { ErrorCode } from './protocol.ts';
import type * as v from 'valibot';
import { parse, SchemaProblem } from '../schema.ts';

/**
 * Largest frame either end accepts by default. A frame carries one activation or completion (each
 * payload is at most 2 MB under Temporal's default blob limit, and a gRPC message at most 4 MB)
 * or one page of a history, in base64.
 */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

export interface FrameError {
  code: ErrorCode;
  message: string;
  /** The id and type the bad frame carried, when they could be read. */
  id?: number;
  type?: string;
}

export type Decoded<F> = { ok: true; frame: F } | { ok: false; error: FrameError };

/** Bytes of a text as UTF-8, without encoding it when the answer is clear from its length. */
function utf8Length(text: string, limit: number): number {
  if (text.length * 3 <= limit) return text.length;
  return new TextEncoder().encode(text).byteLength;
}

export function decodeFrame<F>(
  schema: v.GenericSchema<unknown, F>,
  data: string | Uint8Array,
  maxBytes: number,
): Decoded<F> {
  const size = typeof data === 'string' ? utf8Length(data, maxBytes) : data.byteLength;
  if (size > maxBytes) {
    return {
      ok: false,
      error: {
        code: 'frame-too-large',
        message: `the frame has ${size} bytes; the limit is ${maxBytes}`,
      },
    };
  }
  let text: string;
  try {
    text = typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return {
      ok: false,
      error: { code: 'malformed-frame', message: 'the frame is not UTF-8 text' },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (thrown) {
    return {
      ok: false,
      error: {
        code: 'malformed-frame',
        message: `the frame is not JSON: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      },
    };
  }
  try {
    return { ok: true, frame: parse(schema, json) };
  } catch (thrown) {
    const { id, type } = (json ?? {}) as { id?: unknown; type?: unknown };
    // Anything else thrown while checking (a RangeError on some pathological value) still fails
    // only this frame, never the receiver.
    return {
      ok: false,
      error: {
        code: thrown instanceof SchemaProblem ? 'malformed-frame' : 'internal-error',
        message:
          thrown instanceof SchemaProblem
            ? `frame${thrown.path && !thrown.path.startsWith('[') ? '.' : ''}${thrown.path}: ${thrown.problem}`
            : `the frame could not be checked: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
        ...(typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? { id } : {}),
        ...(typeof type === 'string' ? { type } : {}),
      },
    };
  }
}

/**
 * JSON text of a frame; binary fields become base64, as the schemas read them. The original value
 * is looked at (not the one `toJSON` made), so Node Buffers are binary too.
 */
export function encodeFrame(frame: object): string {
  return JSON.stringify(frame, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    return original instanceof Uint8Array ? toBase64(original) : value;
  });
}
