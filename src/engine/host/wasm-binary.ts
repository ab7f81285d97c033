/** The few pieces of the core-module binary format the host's module rewrites need. */

export const PAGE_BYTES = 65536;

export class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public offset: number,
  ) {}
  byte(): number {
    const byte = this.bytes[this.offset++];
    if (byte === undefined) throw new Error('the module ends early');
    return byte;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) throw new Error('a number is longer than 32 bits');
    }
  }
  /** Skips a signed LEB128 number of any width. */
  skipLeb(): void {
    while (this.byte() & 0x80);
  }
  skip(count: number): void {
    this.offset += count;
  }
  name(): string {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }
}

export function u32Bytes(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

export interface Section {
  id: number;
  /** Offset of the id byte. */
  start: number;
  payloadStart: number;
  end: number;
}

/** The module's sections in order (after the 8-byte preamble). */
export function sections(wasm: Uint8Array): Section[] {
  const r = new Reader(wasm, 8);
  const out: Section[] = [];
  while (r.offset < wasm.length) {
    const start = r.offset;
    const id = r.byte();
    const size = r.u32();
    out.push({ id, start, payloadStart: r.offset, end: r.offset + size });
    r.offset += size;
  }
  return out;
}
