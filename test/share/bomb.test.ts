/**
 * Decompression bombs: decompression stops at the limit. The bomb here never ends: real zlib
 * output (Node's deflate of 1 MiB of zeros, sync-flushed so that each further MiB is the same
 * 1,036 bytes) repeated forever by the source. A reader that inflated all of it, or buffered its
 * output, would never return; one that stops at the limit returns `too-large` at once.
 */
import { constants, createDeflate } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { BoundedInflater } from '../../src/engine/share/compression.ts';
import { ShareFailure } from '../../src/engine/share/errors.ts';
import { LINK_MAX_DECOMPRESSED } from '../../src/engine/share/limits.ts';
import { openBundle } from '../../src/engine/share/index.ts';
import { craftBundle, craftPayload } from './craft.ts';

/** The zlib stream's first MiB (with its header), and the bytes of every further MiB. */
async function bombParts(): Promise<{ head: Uint8Array; unit: Uint8Array }> {
  const deflate = createDeflate();
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const parts: Buffer[] = [];
  for (let i = 0; i < 3; i++) {
    deflate.write(Buffer.alloc(2 ** 20));
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    parts.push(Buffer.concat(out.splice(0)));
  }
  deflate.destroy();
  if (!parts[1]!.equals(parts[2]!)) throw new Error('zlib did not repeat itself');
  return { head: new Uint8Array(parts[0]!), unit: new Uint8Array(parts[1]!) };
}

/** An endless compressed stream: 1 MiB of zeros per `unit` pulled, for ever. */
function endless({ head, unit }: { head: Uint8Array; unit: Uint8Array }) {
  let cancelled!: (mebibytes: number) => void;
  const stats = {
    mebibytes: 0,
    /** Resolves with how much had been pulled when the reader cancelled the stream. */
    cancelled: new Promise<number>((resolve) => (cancelled = resolve)),
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        controller.enqueue((stats.mebibytes++ === 0 ? head : unit).slice());
      },
      cancel() {
        cancelled(stats.mebibytes);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof ShareFailure) return thrown.error;
    throw thrown;
  }
  throw new Error('expected a failure');
}

describe('a decompression bomb', () => {
  let parts: { head: Uint8Array; unit: Uint8Array };
  beforeAll(async () => {
    parts = await bombParts();
  });

  it('is what it claims: each further MiB of zeros costs about a KiB', () => {
    expect(parts.unit.length).toBeLessThan(1100);
  });

  it('stops at the limit, having handed out exactly the limit', async () => {
    const { stream, stats } = endless(parts);
    const inflater = new BoundedInflater(stream, 'deflate', LINK_MAX_DECOMPRESSED, 'the test');
    let handedOut = 0;
    const error = await failureOf(
      (async () => {
        for (;;) handedOut += (await inflater.read(64 * 1024)).length;
      })(),
    );
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/^the test decompresses to more than 8 MiB/);
    expect(handedOut).toBe(LINK_MAX_DECOMPRESSED);
    // The source was cancelled at the limit (a cancelled stream is never pulled again).
    expect(await stats.cancelled).toBe(stats.mebibytes);
  });

  it('stops the same way when everything is asked for at once', async () => {
    const { stream } = endless(parts);
    const inflater = new BoundedInflater(stream, 'deflate', LINK_MAX_DECOMPRESSED, 'the test');
    expect((await failureOf(inflater.readToEnd())).code).toBe('too-large');
  });

  it('in a bundle, is refused by its declared size before anything is inflated', async () => {
    // A history part that says it is 300 MiB; the bundle limit is 256 MiB.
    const payload = craftPayload({
      state: { history: { kind: 'inline' }, mode: 'echo', cursor: { step: 0 } },
      extra: [[2, 300 * 2 ** 20, new Uint8Array(0)]],
    });
    const result = await openBundle(new Blob([craftBundle(payload) as BlobPart]));
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'too-large',
        message:
          'the bundle decompresses to more than 256 MiB, the most Workflow Playground opens (a decompression bomb, or not made by Workflow Playground)',
      },
    });
  });
});
