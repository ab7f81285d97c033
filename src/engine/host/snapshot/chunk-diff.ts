/**
 * Finds which chunks of a guest memory changed since the last look, at memcmp speed. A JS loop
 * over a 18 MB memory takes 13 ms; this small SIMD module takes about 2. It owns one memory laid
 * out as [shadow | scratch | list]: the caller copies a slice of the guest's bytes into the
 * scratch region (one `set`, no per-byte JS), the module compares them chunk by chunk with the
 * shadow, and writes the indices of the chunks that differ to the list (and, when asked, copies
 * them into the shadow).
 * The guest's memory cannot be read by the module directly: one module may hold only one memory
 * where multi-memory is not shipped (Node 20).
 */
import { PAGE_BYTES, u32Bytes } from '../wasm-binary.ts';

/**
 * A guest's changes between checkpoints are scattered (a JS engine's heap): 1 KiB chunks keep
 * about half the bytes 4 KiB ones do (long-loop: ~0.5 MB a checkpoint rather than ~0.9), so twice
 * as many checkpoints fit the budget and a step back re-executes half as much.
 */
export const CHUNK_BYTES = 1024;
const CHUNK_SHIFT = 10;

// The function `diff(shadow, scratch, list, chunks, update) -> count`, hand-assembled.
const I32 = 0x7f;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  i32Store: [0x36, 2, 0],
  i32Const: 0x41,
  geU: 0x4f,
  ltU: 0x49,
  add: 0x6a,
  shl: 0x74,
  v128Load: (offset: number) => [0xfd, 0x00, 4, offset],
  v128Xor: [0xfd, 0x51],
  v128Or: [0xfd, 0x50],
  anyTrue: [0xfd, 0x53],
  memoryCopy: [0xfc, 0x0a, 0, 0],
};
// Parameters 0–4, then locals: chunk, p (scratch cursor), q (shadow cursor), end, count.
const [SHADOW, SCRATCH, LIST, CHUNKS, UPDATE, C, P, Q, END, N] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** `i32.const k` for k ≥ 0 (its immediate is signed LEB128: bit 6 of the last byte is the sign). */
const i32 = (k: number) => {
  const bytes = u32Bytes(k);
  return bytes.at(-1)! & 0x40
    ? [op.i32Const, ...bytes.slice(0, -1), bytes.at(-1)! | 0x80, 0]
    : [op.i32Const, ...bytes];
};
const get = (local: number) => [op.get, local];
const set = (local: number) => [op.set, local];
const plusConst = (local: number, k: number) => [...get(local), ...i32(k), op.add];
const chunkOffset = (base: number) => [
  ...get(C),
  ...i32(CHUNK_SHIFT),
  op.shl,
  ...get(base),
  op.add,
];

const xorAt = (offset: number) => [
  ...get(P), ...op.v128Load(offset), ...get(Q), ...op.v128Load(offset), ...op.v128Xor,
]; // prettier-ignore

const body = [
  1, 5, I32, // five i32 locals
  ...op.block, // $done
  ...op.loop, // $chunk
  ...get(C), ...get(CHUNKS), op.geU, op.brIf, 1,
  ...chunkOffset(SHADOW), ...set(Q),
  ...chunkOffset(SCRATCH), op.tee, P, ...i32(CHUNK_BYTES), op.add, ...set(END),
  ...op.block, // $changed
  ...op.loop, // $word
  // 64 bytes a turn: the four 16-byte differences or-ed together.
  ...xorAt(0), ...xorAt(16), ...op.v128Or, ...xorAt(32), ...op.v128Or, ...xorAt(48), ...op.v128Or,
  ...op.anyTrue, op.brIf, 1,
  ...plusConst(Q, 64), ...set(Q),
  ...plusConst(P, 64), op.tee, P, ...get(END), op.ltU, op.brIf, 0,
  op.end, // $word
  ...plusConst(C, 1), ...set(C), op.br, 1, // the same: next chunk
  op.end, // $changed
  ...get(UPDATE), ...op.if,
  ...chunkOffset(SHADOW), ...chunkOffset(SCRATCH), ...i32(CHUNK_BYTES), ...op.memoryCopy,
  op.end,
  ...get(N), ...i32(2), op.shl, ...get(LIST), op.add, ...get(C), ...op.i32Store,
  ...plusConst(N, 1), ...set(N),
  ...plusConst(C, 1), ...set(C), op.br, 0,
  op.end, // $chunk
  op.end, // $done
  ...get(N),
  op.end,
]; // prettier-ignore

const section = (id: number, payload: number[]) => [id, ...u32Bytes(payload.length), ...payload];
const name = (text: string) => [text.length, ...new TextEncoder().encode(text)];

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
  ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 1, I32]), // type: (i32 × 5) -> i32
  ...section(3, [1, 0]), // function 0 has type 0
  ...section(5, [1, 0, 1]), // one memory, at least one page
  ...section(7, [2, ...name('diff'), 0, 0, ...name('memory'), 2, 0]),
  ...section(10, [1, ...u32Bytes(body.length), ...body]),
]); // prettier-ignore

let compiled: WebAssembly.Module | undefined;

let supported: boolean | undefined;

/** Why chunk diffs cannot run here, or undefined when they can. */
export function chunkDiffRefusal(): string | undefined {
  supported ??= WebAssembly.validate(MODULE);
  return supported
    ? undefined
    : "this JavaScript engine's WebAssembly has no SIMD, which checkpoints use to find changed memory";
}

type DiffExports = {
  diff(shadow: number, scratch: number, list: number, chunks: number, update: number): number;
  memory: WebAssembly.Memory;
};

/**
 * Bytes of a guest memory copied into the module and compared per call: its scratch region is
 * this big rather than as big as the memory (tens of MB less to hold).
 */
const SLICE_BYTES = 2 ** 20;

/** The shadow of one guest memory: its bytes as of the last `update`. */
export class ChunkDiff {
  private readonly exports: DiffExports;
  /** Bytes the shadow has room for. */
  private capacity = 0;
  /** Bytes of the shadow that hold what the guest had (the rest is zeros). */
  private shadowLength = 0;

  constructor() {
    compiled ??= new WebAssembly.Module(MODULE);
    this.exports = new WebAssembly.Instance(compiled).exports as unknown as DiffExports;
  }

  get byteLength(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /** The shadow's bytes (valid until the next call). */
  get shadow(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, 0, this.shadowLength);
  }

  /**
   * The chunks of `now` that differ from the shadow, in order (valid until the next call); with
   * `update`, the shadow then holds `now`. Past the shadow's end the shadow counts as zeros.
   */
  changed(now: Uint8Array, update: boolean): Uint32Array {
    return this.compare(now, 0, update);
  }

  /**
   * The chunks of `now` from byte `from` on (a multiple of CHUNK_BYTES) that differ from the
   * shadow, numbered as in all of `now`; the shadow is left as it is. For a memory whose earlier
   * part was compared already, before it grew.
   */
  changedAfter(now: Uint8Array, from: number): Uint32Array {
    return this.compare(now, from, false);
  }

  /** Layout: [shadow | scratch (one slice) | list of changed chunks]. */
  private compare(now: Uint8Array, from: number, update: boolean): Uint32Array {
    this.fit(now.length);
    const { memory, diff } = this.exports;
    const scratch = this.capacity;
    const list = scratch + SLICE_BYTES;
    let count = 0;
    for (let at = from; at < now.length; at += SLICE_BYTES) {
      const bytes = Math.min(SLICE_BYTES, now.length - at);
      new Uint8Array(memory.buffer, scratch, bytes).set(now.subarray(at, at + bytes));
      const found = diff(at, scratch, list + count * 4, bytes / CHUNK_BYTES, update ? 1 : 0);
      // The module numbers chunks from the slice's start.
      const ids = new Uint32Array(memory.buffer, list + count * 4, found);
      for (let k = 0; k < found; k++) ids[k]! += at / CHUNK_BYTES;
      count += found;
    }
    if (update) this.shadowLength = Math.max(this.shadowLength, now.length);
    return new Uint32Array(memory.buffer, list, count);
  }

  /** Makes room for a guest memory of `bytes`, keeping the shadow where it is (at offset 0). */
  private fit(bytes: number): void {
    if (bytes <= this.capacity) return;
    // Room to grow: the guest's memory grows a page or so at a time.
    const cap = Math.ceil((bytes * 1.1) / PAGE_BYTES) * PAGE_BYTES;
    const need = cap + SLICE_BYTES + (cap / CHUNK_BYTES) * 4;
    const memory = this.exports.memory;
    const grow = Math.ceil((need - memory.buffer.byteLength) / PAGE_BYTES);
    if (grow > 0) memory.grow(grow);
    // What was scratch and list is shadow now: the shadow's new room must read as zeros.
    new Uint8Array(memory.buffer, this.shadowLength, cap - this.shadowLength).fill(0);
    this.capacity = cap;
  }
}
