/**
 * Compression through the platform's `CompressionStream`/`DecompressionStream` (browsers and
 * Node ≥ 18; no library), and a reader that takes decompressed bytes only as they are asked for
 * and stops at a limit: a decompression bomb costs at most the limit plus what one small input
 * slice inflates to, never its full size.
 */
import { fail } from './errors.ts';

/**
 * Links and bundles use deflate with zlib framing (RFC 1950): two header bytes and an Adler-32 of
 * the content, which turns a damaged link into a clear error instead of garbage. Raw deflate is 6
 * bytes shorter but checks nothing; gzip checks as much for 12 bytes more.
 */
export const SHARE_FORMAT: CompressionFormat = 'deflate';

/**
 * Compressed input is handed to the decompressor in slices this small. Some implementations
 * inflate a whole input chunk before checking for back-pressure, and one 64 KiB chunk of a bomb
 * inflates to 64 MiB; a 4 KiB slice inflates to at most about 4 MiB.
 */
const INPUT_SLICE = 4096;

export async function compress(bytes: Uint8Array, format: CompressionFormat): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export type CompressedInput = Uint8Array | Blob | ReadableStream<Uint8Array>;

function sliced(input: CompressedInput): ReadableStream<Uint8Array> {
  if (input instanceof Uint8Array) {
    let offset = 0;
    return new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (offset >= input.length) return controller.close();
          controller.enqueue(input.subarray(offset, offset + INPUT_SLICE));
          offset += INPUT_SLICE;
        },
      },
      { highWaterMark: 0 },
    );
  }
  const stream = input instanceof Blob ? input.stream() : input;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        for (let i = 0; i < chunk.length; i += INPUT_SLICE)
          controller.enqueue(chunk.subarray(i, i + INPUT_SLICE));
      },
    }),
  );
}

/**
 * Decompressed bytes, read on demand. `read(n)` returns exactly n bytes, or fails: with
 * `too-large` before the total would pass `limit`, with `truncated` when the data ends early, with
 * `damaged` when the decompressor rejects the data (bad header, bad checksum).
 */
export class BoundedInflater {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private pending: Uint8Array = new Uint8Array(0);
  /** Bytes handed out so far. */
  private consumed = 0;

  constructor(
    input: CompressedInput,
    format: CompressionFormat,
    readonly limit: number,
    /** Names the input in messages: "the link", "the bundle". */
    private readonly what: string,
    /**
     * The compressed input is known to be whole (a link states its length): data that ends early
     * was damaged, not cut off.
     */
    private readonly whole = false,
  ) {
    this.reader = sliced(input)
      .pipeThrough(new DecompressionStream(format) as ReadableWritablePair<Uint8Array, Uint8Array>)
      .getReader();
  }

  /** Fails unless `n` more bytes fit under the limit (call before reading a declared length). */
  ensureRoom(n: number): void {
    if (this.consumed + n > this.limit) {
      void this.close();
      fail(
        'too-large',
        `${this.what} decompresses to more than ${formatBytes(this.limit)}, the most Workflow Playground opens (a decompression bomb, or not made by Workflow Playground)`,
      );
    }
  }

  async read(n: number): Promise<Uint8Array> {
    const out = await this.fill(n);
    if (out.length < n) {
      if (this.whole) fail('damaged', `${this.what} is damaged: its data ends too soon`);
      fail(
        'truncated',
        `${this.what} ends early: it was probably cut off while being copied or downloaded`,
      );
    }
    return out;
  }

  /** Like `read`, but returns what there is when the data ends first. */
  readUpTo(n: number): Promise<Uint8Array> {
    return this.fill(n);
  }

  private async fill(n: number): Promise<Uint8Array> {
    this.ensureRoom(n);
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.pending.length === 0) {
        const chunk = await this.next();
        if (!chunk) break;
        this.pending = chunk;
      }
      const take = Math.min(n - filled, this.pending.length);
      out.set(this.pending.subarray(0, take), filled);
      this.pending = this.pending.subarray(take);
      filled += take;
    }
    this.consumed += filled;
    return out.subarray(0, filled);
  }

  /** Whether the data ends here; reading on checks the compressed stream's own checksum. */
  async atEnd(): Promise<boolean> {
    if (this.pending.length > 0) return false;
    const chunk = await this.next();
    if (!chunk) return true;
    this.pending = chunk;
    return false;
  }

  /** Everything that is left, up to the limit. */
  async readToEnd(): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    while (!(await this.atEnd())) {
      const chunk = this.pending;
      this.ensureRoom(chunk.length);
      this.consumed += chunk.length;
      this.pending = new Uint8Array(0);
      chunks.push(chunk);
    }
    return concatBytes(chunks);
  }

  /** Stops decompressing (the rest of the input is never read). */
  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }

  private async next(): Promise<Uint8Array | undefined> {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await this.reader.read();
    } catch (thrown) {
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      // Decompressors say "unexpected end of file" (zlib) or similar for input that stops early.
      if (!this.whole && /end of (file|stream|input)|incomplete|truncated/i.test(reason)) {
        fail('truncated', `${this.what} ends early (${reason}): it was probably cut off`);
      }
      return fail('damaged', `${this.what} is damaged: its compressed data is invalid (${reason})`);
    }
    if (result.done) return undefined;
    // An empty chunk is legal in a stream and must not count as progress toward the limit.
    if (result.value.length === 0) return this.next();
    return result.value;
  }
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(n % 2 ** 20 === 0 ? 0 : 1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(n % 2 ** 10 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
