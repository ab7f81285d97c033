/**
 * `wasi:io` resources for a workflow instance: every pollable is ready at once (workflow time does
 * not pass inside an activation, so nothing is ever worth waiting for), standard input is closed,
 * and output streams hand complete lines to a sink. jco checks resources with `instanceof`, so the
 * guest only ever holds instances of these classes.
 */

/** `wasi:io/error.error`. */
export class IoError {
  constructor(private readonly message: string) {}
  toDebugString(): string {
    return this.message;
  }
}

/** `wasi:io/poll.pollable`: always ready. */
export class Pollable {
  ready(): boolean {
    return true;
  }
  block(): void {}
}

/** `wasi:io/poll.poll`: every pollable is ready, so all indexes come back. */
export function pollAll(pollables: readonly Pollable[]): Uint32Array {
  return Uint32Array.from(pollables, (_, i) => i);
}

const CLOSED = { tag: 'closed' } as const;

/** `wasi:io/streams.input-stream`: at end of stream (a workflow has no input but activations). */
export class InputStream {
  constructor(private readonly onRead: () => void) {}
  read(_len: bigint): Uint8Array {
    this.onRead();
    throw CLOSED;
  }
  blockingRead(len: bigint): Uint8Array {
    return this.read(len);
  }
  skip(_len: bigint): bigint {
    this.onRead();
    throw CLOSED;
  }
  blockingSkip(len: bigint): bigint {
    return this.skip(len);
  }
  subscribe(): Pollable {
    return new Pollable();
  }
}

/** Largest write the stream accepts at once (what check-write grants). */
const WRITE_PERMIT = 1n << 20n;

/**
 * `wasi:io/streams.output-stream` that decodes UTF-8 and passes each complete line to `sink`;
 * `flush()` passes on a trailing partial line (the host calls it when a guest call returns, so
 * text is attributed to the call that wrote it).
 */
export class OutputStream {
  private readonly decoder = new TextDecoder();
  private pending = '';

  constructor(private readonly sink: (line: string) => void) {}

  private take(bytes: Uint8Array): void {
    this.pending += this.decoder.decode(bytes, { stream: true });
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.sink(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  /** Passes on any text not yet ended by a newline. */
  flushPending(): void {
    this.pending += this.decoder.decode();
    if (this.pending) this.sink(this.pending);
    this.pending = '';
  }

  checkWrite(): bigint {
    return WRITE_PERMIT;
  }
  write(contents: Uint8Array): void {
    this.take(contents);
  }
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.take(contents);
  }
  flush(): void {}
  blockingFlush(): void {}
  subscribe(): Pollable {
    return new Pollable();
  }
  writeZeroes(len: bigint): void {
    this.take(new Uint8Array(Number(len)));
  }
  blockingWriteZeroesAndFlush(len: bigint): void {
    this.writeZeroes(len);
  }
  splice(_src: InputStream, _len: bigint): bigint {
    throw CLOSED;
  }
  blockingSplice(_src: InputStream, _len: bigint): bigint {
    throw CLOSED;
  }
}
