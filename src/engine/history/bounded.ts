/**
 * Reading untrusted byte streams (downloads, gzip) up to a limit: the reader stops, and the
 * producer is cancelled, as soon as the total would pass it. A gzip bomb or an endless download
 * costs the limit, never its full size.
 */

/**
 * Most bytes a history may take, downloaded or after each gzip layer. Temporal caps a history at
 * 50 MB of protobuf; its JSON form runs 2–4 times that.
 */
export const HISTORY_MAX_BYTES = 256 * 2 ** 20;

/** Most bytes a component may take when downloaded (the guest SDK's are 13–17 MB). */
export const COMPONENT_MAX_BYTES = 256 * 2 ** 20;

/**
 * Compressed input goes to the decompressor in slices this small: some implementations inflate a
 * whole chunk before checking for back-pressure, and 4 KiB of a bomb inflates to at most ~4 MiB.
 */
const INPUT_SLICE = 4096;

/** `n` bytes in words ("256 MiB"). */
export function formatLimit(n: number): string {
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(n % 2 ** 20 === 0 ? 0 : 1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(n % 2 ** 10 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}

/** All of `stream`, or undefined (the stream cancelled) once it passes `limit` bytes. */
export async function readBounded(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** A response's body, or undefined (the download stopped) once it passes `limit` bytes. */
export async function readBodyBounded(
  response: Response,
  limit: number,
): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return declared > limit ? undefined : new Uint8Array(0);
  }
  return readBounded(response.body, limit);
}

/** The gzip data inflated, or undefined once it passes `limit` bytes. Throws on invalid data. */
export function gunzipBounded(bytes: Uint8Array, limit: number): Promise<Uint8Array | undefined> {
  let offset = 0;
  const input = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(offset, offset + INPUT_SLICE));
        offset += INPUT_SLICE;
      },
    },
    { highWaterMark: 0 },
  );
  return readBounded(
    input.pipeThrough(
      new DecompressionStream('gzip') as ReadableWritablePair<Uint8Array, Uint8Array>,
    ),
    limit,
  );
}
