/**
 * The state of one component instance between guest calls: the memories, mutable globals and
 * tables of its core instances (exported for us by expose.ts), in the order jco instantiated them.
 * Learned from sdk-core's wasm-snapshot-poc (branch `wasm-snapshot-poc`, workflow_wasm.rs): capture
 * only at a quiescent boundary (never inside a call), keep memory as sparse pages, refuse shared
 * memory, and check that a funcref table mutated by the guest can be carried over.
 *
 * An image restores into the instance it came from (in place) or into a fresh instance of the same
 * component. Memory cannot shrink, so an instance whose memory grew past the image's needs a fresh
 * one (`fitsInPlace`). Function references cannot move between instances: a table's entries are
 * kept as positions in the table as it was right after instantiation, and a table holding a
 * function that was not there then is refused.
 */
import { PAGE_BYTES } from '../wasm-binary.ts';
import { CHUNK_BYTES, ChunkDiff } from './chunk-diff.ts';
import { ChunkVersions } from './chunk-versions.ts';
import { STATE_EXPORT_PREFIX } from './expose.ts';

const ZERO_CHUNK = new Uint8Array(CHUNK_BYTES);
/** The operating system's page: the unit memory is first touched in. */
const OS_PAGE_BYTES = 4096;

/** A guest's state at one moment. */
export interface GuestImage {
  /** Pages of each memory. */
  readonly pages: readonly number[];
  /** Writes memory `index`'s bytes into `into`, which has `pages[index]` pages. */
  writeMemory(index: number, into: WebAssembly.Memory): void;
  readonly globals: readonly unknown[];
  /** Per table: null when it is as instantiated, else each slot's position in that table (-1: null). */
  readonly tables: ReadonlyArray<readonly number[] | null>;
  /** Bytes this image alone holds (for memory budgets). */
  readonly ownBytes: number;
}

export class GuestState {
  private readonly baselines: unknown[][];
  private readonly positions: Array<Map<unknown, number>>;

  private constructor(
    readonly memories: WebAssembly.Memory[],
    readonly globals: WebAssembly.Global[],
    readonly tables: WebAssembly.Table[],
  ) {
    this.baselines = tables.map((t) => entries(t));
    this.positions = this.baselines.map((slots) => {
      const at = new Map<unknown, number>();
      slots.forEach((value, i) => {
        if (value !== null && !at.has(value)) at.set(value, i);
      });
      return at;
    });
  }

  /**
   * The state exported by the core instances (in instantiation order); call once instantiation is
   * over, so the tables' contents then are the baseline. An object shared by several instances
   * (a memory one imports from another) is counted once.
   */
  static collect(instances: readonly WebAssembly.Instance[]): GuestState {
    const seen = new Set<unknown>();
    const memories: WebAssembly.Memory[] = [];
    const globals: WebAssembly.Global[] = [];
    const tables: WebAssembly.Table[] = [];
    for (const instance of instances) {
      for (const [name, value] of Object.entries(instance.exports)) {
        if (!name.startsWith(STATE_EXPORT_PREFIX) || seen.has(value)) continue;
        seen.add(value);
        if (value instanceof WebAssembly.Memory) memories.push(value);
        else if (value instanceof WebAssembly.Global) globals.push(value);
        else if (value instanceof WebAssembly.Table) tables.push(value);
      }
    }
    return new GuestState(memories, globals, tables);
  }

  /** Bytes of memory the instance holds. */
  get byteLength(): number {
    return this.memories.reduce((n, m) => n + m.buffer.byteLength, 0);
  }

  /** Pages of each memory. */
  get pages(): number[] {
    return this.memories.map((m) => m.buffer.byteLength / PAGE_BYTES);
  }

  /** Whether each memory `i` is at most `pages[i]` pages (memory cannot shrink). */
  fitsSize(pages: readonly number[]): boolean {
    return this.memories.every((m, i) => m.buffer.byteLength <= (pages[i] ?? 0) * PAGE_BYTES);
  }

  /**
   * Grows memory `i` to `pages[i]` pages (when given) and writes every page of memory once with
   * what it holds, so a restore into this instance later does not pay for the operating system's
   * first touch of them (pages an instance never wrote; on some machines 5–10 ms per MB, more than
   * the restore's own writing).
   */
  touch(pages?: readonly number[]): void {
    const more = this.toucher(pages);
    while (!more(Infinity));
  }

  /** `touch` in parts: grows now; each call of the result touches about `bytes` more, and says
   * whether it is done. */
  toucher(pages?: readonly number[]): (bytes: number) => boolean {
    this.memories.forEach((memory, i) => {
      const grow = (pages?.[i] ?? 0) - memory.buffer.byteLength / PAGE_BYTES;
      if (grow > 0) memory.grow(grow);
    });
    let memory = 0;
    let at = 0;
    return (bytes) => {
      for (let left = bytes; memory < this.memories.length; memory++, at = 0) {
        const view = new Uint8Array(this.memories[memory]!.buffer);
        for (; at < view.length && left > 0; at += OS_PAGE_BYTES, left -= OS_PAGE_BYTES)
          view[at] = view[at]!;
        if (at < view.length) return false;
      }
      return true;
    };
  }

  /** Whether `image` can be written into this instance without a fresh one. */
  fitsInPlace(image: GuestImage): boolean {
    return (
      this.fitsSize(image.pages) &&
      this.tables.every(
        (t, i) => t.length <= (image.tables[i]?.length ?? this.baselines[i]!.length),
      )
    );
  }

  /** Globals and tables now; throws with the reason when a table cannot be carried over. */
  smallState(): { globals: unknown[]; tables: Array<number[] | null> } {
    const tables = this.tables.map((table, t) => {
      const baseline = this.baselines[t]!;
      const now = entries(table);
      if (now.length === baseline.length && now.every((v, i) => v === baseline[i])) return null;
      return now.map((value, slot) => {
        if (value === null) return -1;
        const at = this.positions[t]!.get(value);
        if (at === undefined)
          throw new Error(
            `table ${t} slot ${slot} holds a function reference that was not in the table after ` +
              `instantiation, which a fresh instance cannot be given`,
          );
        return at;
      });
    });
    return { globals: this.globals.map((g) => g.value as unknown), tables };
  }

  /** A self-contained image: whole copies of the memories (for one-off copies, e.g. queries). */
  image(): GuestImage {
    const small = this.smallState();
    const copies = this.memories.map((m) => new Uint8Array(m.buffer).slice());
    return {
      pages: copies.map((c) => c.length / PAGE_BYTES),
      writeMemory: (index, into) => new Uint8Array(into.buffer).set(copies[index]!),
      ...small,
      ownBytes: copies.reduce((n, c) => n + c.length, 0),
    };
  }

  /** Writes `image` into this instance; `fitsInPlace(image)` must hold. */
  restore(image: GuestImage): void {
    this.memories.forEach((memory, i) => {
      const pages = image.pages[i]!;
      const grow = pages - memory.buffer.byteLength / PAGE_BYTES;
      if (grow > 0) memory.grow(grow);
      image.writeMemory(i, memory);
    });
    this.globals.forEach((g, i) => {
      if (g.value !== image.globals[i]) g.value = image.globals[i];
    });
    this.tables.forEach((table, t) => {
      const baseline = this.baselines[t]!;
      const want = image.tables[t];
      const length = want?.length ?? baseline.length;
      if (table.length < length) table.grow(length - table.length);
      for (let slot = 0; slot < length; slot++) {
        const value = want ? (want[slot] === -1 ? null : baseline[want[slot]!]) : baseline[slot];
        if (table.get(slot) !== value) table.set(slot, value);
      }
    });
  }

  /** Starts a store of sparse, chunked memory history for this instance's checkpoints. */
  history(): GuestHistory {
    return new GuestHistory(this.memories.length);
  }
}

interface Prepared {
  chunks: Uint32Array;
  /** The memory's length when its chunks were compared. */
  bytes: number;
}

function joined(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function entries(table: WebAssembly.Table): unknown[] {
  const out: unknown[] = new Array(table.length);
  for (let i = 0; i < table.length; i++) out[i] = table.get(i) as unknown;
  return out;
}

/**
 * Checkpoints of one instance, taken in run order: each keeps only the chunks that changed since
 * the previous one (the first, the chunks that are not zero). A chunk's versions say what it held
 * from each checkpoint on, so any checkpoint's memory is the latest version at or before it.
 */
export class GuestHistory {
  /** Per memory: its bytes as of the last checkpoint, to find what changed since. */
  private readonly diffs: ChunkDiff[];
  private readonly versions: ChunkVersions[];
  /**
   * Per memory, per chunk: the checkpoint of its latest version (-1: none). A restore scans this
   * rather than the version lists (tens of thousands of chunks).
   */
  private readonly latest: Int32Array[];
  /**
   * Per memory of an instance (the running one or a spare): the chunks in which it differed from
   * the shadow when `prepare` looked while the caller was idle, and its length then. Good until
   * the guest runs in that instance or a restore writes it (`invalidate`), or the shadow moves (a
   * capture). A restore into it then compares only what the memory grew by since, not all of it.
   */
  private prepared = new WeakMap<WebAssembly.Memory, Prepared>();
  private last = -1;
  bytes = 0;
  /** Memories restored with the comparison `prepare` made, rather than one made then. */
  preparedWrites = 0;

  constructor(memories: number) {
    this.diffs = Array.from({ length: memories }, () => new ChunkDiff());
    this.versions = Array.from({ length: memories }, () => new ChunkVersions());
    this.latest = Array.from({ length: memories }, () => new Int32Array(0));
  }

  /** Bytes the diffs work in (a shadow of each memory, and room to compare it). */
  get workingBytes(): number {
    return this.diffs.reduce((n, diff) => n + diff.byteLength, 0);
  }

  /**
   * A checkpoint of `state` (this run's instance, or a fresh one that replaced it) at run position
   * `at`, after every earlier one. Throws with the reason when the state cannot be captured.
   */
  capture(at: number, state: GuestState): GuestImage {
    if (at <= this.last) throw new Error(`checkpoint ${at} is not after checkpoint ${this.last}`);
    const small = state.smallState();
    let own = 0;
    const pages = state.memories.map((memory, m) => {
      const now = new Uint8Array(memory.buffer);
      const chunks = this.diffs[m]!.changed(now, true);
      const latest = this.latestOf(m, now.length / CHUNK_BYTES);
      this.versions[m]!.add(at, chunks, now);
      for (const c of chunks) latest[c] = at;
      own += chunks.length * CHUNK_BYTES;
      return now.length / PAGE_BYTES;
    });
    // The shadow moved: what was prepared against it no longer holds.
    this.prepared = new WeakMap();
    this.last = at;
    this.bytes += own;
    return {
      pages,
      writeMemory: (index, into) => this.write(index, at, pages[index]!, into),
      ...small,
      ownBytes: own,
    };
  }

  /**
   * Writes memory `index` as of checkpoint `at` into `into`, touching only the chunks that can
   * differ: those the live memory changed since the last checkpoint, and those a checkpoint after
   * `at` changed. Near the end of a run that is a few hundred chunks, not thousands.
   */
  private write(index: number, at: number, pages: number, memory: WebAssembly.Memory): void {
    const versions = this.versions[index]!;
    const count = (pages * PAGE_BYTES) / CHUNK_BYTES;
    const latest = this.latestOf(index, count);
    const stale = new Uint8Array(count);
    for (const c of this.staleChunks(index, memory)) stale[c] = 1;
    const into = new Uint8Array(memory.buffer);
    for (let c = 0; c < count; c++) {
      if (!stale[c] && latest[c]! <= at) continue;
      into.set(versions.bytesAt(c, at) ?? ZERO_CHUNK, c * CHUNK_BYTES);
    }
  }

  /**
   * Works out, for `state`'s memories as they are now, where they differ from the shadow, so a
   * restore into that instance need not (call between guest calls, when idle). Says whether there
   * was anything to work out.
   */
  prepare(state: GuestState): boolean {
    let worked = false;
    state.memories.forEach((memory, i) => {
      const known = this.prepared.get(memory);
      const now = new Uint8Array(memory.buffer);
      if (known?.bytes === now.length) return;
      worked = true;
      this.prepared.set(memory, {
        chunks: known
          ? joined(known.chunks, this.diffs[i]!.changedAfter(now, known.bytes))
          : this.diffs[i]!.changed(now, false).slice(),
        bytes: now.length,
      });
    });
    return worked;
  }

  /** The guest may change `state`'s memories, or a restore wrote them: what `prepare` worked out
   * for them no longer holds. */
  invalidate(state: GuestState): void {
    for (const memory of state.memories) this.prepared.delete(memory);
  }

  /**
   * The chunks of `memory` (memory `index` of some instance) that differ from the shadow: those
   * `prepare` found, plus any in what the memory grew by since, else all compared now. Being
   * written, what was prepared for it no longer holds.
   */
  private staleChunks(index: number, memory: WebAssembly.Memory): Uint32Array {
    const now = new Uint8Array(memory.buffer);
    const known = this.prepared.get(memory);
    if (!known) return this.diffs[index]!.changed(now, false);
    this.prepared.delete(memory);
    this.preparedWrites++;
    return known.bytes === now.length
      ? known.chunks
      : joined(known.chunks, this.diffs[index]!.changedAfter(now, known.bytes));
  }

  /** Memory `index`'s latest-version table, with room for `chunks` chunks. */
  private latestOf(index: number, chunks: number): Int32Array {
    let table = this.latest[index]!;
    if (table.length < chunks) {
      const wider = new Int32Array(Math.ceil(chunks * 1.25)).fill(-1);
      wider.set(table);
      this.latest[index] = table = wider;
    }
    return table;
  }

  /**
   * Forgets checkpoint `at`; `next` is the checkpoint after it, which keeps the versions it still
   * needs. Returns the bytes freed.
   */
  drop(at: number, next: number): number {
    const freed = this.versions.reduce((n, versions) => n + versions.drop(at, next), 0);
    this.bytes -= freed;
    return freed;
  }
}
