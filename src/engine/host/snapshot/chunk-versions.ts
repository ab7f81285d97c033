/**
 * The versions of one guest memory's chunks across checkpoints: what each chunk held from each
 * checkpoint on that changed it. The bytes of one checkpoint's versions share one buffer (a slab),
 * and a version is a row of three columns (checkpoint, slab, place in it) rather than an object: a
 * long run keeps hundreds of thousands of versions, and as objects with a view each they were a
 * fifth of the heap's objects, for the garbage collector to trace on every major collection.
 */
import { CHUNK_BYTES } from './chunk-diff.ts';

export class ChunkVersions {
  /** Per chunk: its versions' rows, oldest checkpoint first. */
  private readonly lists: number[][] = [];
  private at = new Int32Array(1024);
  private slabOf = new Int32Array(1024);
  private place = new Int32Array(1024);
  /** Rows used (a dropped version's row is not reused: 12 bytes). */
  private rows = 0;
  private readonly slabs: Array<Uint8Array | undefined> = [];
  /** The slab holding each checkpoint's versions. */
  private readonly slabAt = new Map<number, number>();

  /**
   * Adds checkpoint `at`'s versions (after every earlier checkpoint's): each chunk `c` of `chunks`
   * holds what `memory` holds there from then on.
   */
  add(at: number, chunks: ArrayLike<number>, memory: Uint8Array): void {
    const slab = new Uint8Array(chunks.length * CHUNK_BYTES);
    const s = this.slabs.push(slab) - 1;
    this.slabAt.set(at, s);
    for (let k = 0; k < chunks.length; k++) {
      const c = chunks[k]!;
      slab.set(memory.subarray(c * CHUNK_BYTES, (c + 1) * CHUNK_BYTES), k * CHUNK_BYTES);
      (this.lists[c] ??= []).push(this.row(at, s, k));
    }
  }

  /** What chunk `c` held as of checkpoint `at`, or undefined when no version came by then (zeros). */
  bytesAt(c: number, at: number): Uint8Array | undefined {
    const list = this.lists[c];
    if (!list) return undefined;
    // The latest version at or before `at`.
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.at[list[mid]!]! <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const row = list[found]!;
    const offset = this.place[row]! * CHUNK_BYTES;
    return this.slabs[this.slabOf[row]!]!.subarray(offset, offset + CHUNK_BYTES);
  }

  /**
   * Forgets checkpoint `at`: its versions that checkpoint `next` (the one after it) has a newer
   * one of go; those still needed move to a slab of their own, so the old slab goes. Returns the
   * bytes freed.
   */
  drop(at: number, next: number): number {
    const old = this.slabAt.get(at);
    if (old === undefined) return 0;
    let freed = 0;
    const kept: number[] = [];
    for (const list of this.lists) {
      if (!list) continue;
      const i = list.findIndex((row) => this.at[row] === at);
      if (i < 0) continue;
      if (i + 1 < list.length && this.at[list[i + 1]!]! <= next) {
        list.splice(i, 1);
        freed += CHUNK_BYTES;
      } else kept.push(list[i]!);
    }
    const from = this.slabs[old]!;
    const slab = new Uint8Array(kept.length * CHUNK_BYTES);
    const s = this.slabs.push(slab) - 1;
    kept.forEach((row, k) => {
      const offset = this.place[row]! * CHUNK_BYTES;
      slab.set(from.subarray(offset, offset + CHUNK_BYTES), k * CHUNK_BYTES);
      this.slabOf[row] = s;
      this.place[row] = k;
    });
    this.slabs[old] = undefined;
    this.slabAt.set(at, s);
    return freed;
  }

  private row(at: number, slab: number, place: number): number {
    if (this.rows === this.at.length) {
      const wider = (column: Int32Array) => {
        const next = new Int32Array(column.length * 2);
        next.set(column);
        return next;
      };
      this.at = wider(this.at);
      this.slabOf = wider(this.slabOf);
      this.place = wider(this.place);
    }
    const row = this.rows++;
    this.at[row] = at;
    this.slabOf[row] = slab;
    this.place[row] = place;
    return row;
  }
}
