/**
 * Collections the replay engine only ever adds to (machines by event id, steps taken, answered
 * tasks), built so that a checkpoint's copy (clone.ts) costs what changed since the last copy,
 * not what they hold: 10,000 activations leave ~60,000 entries, and copying them entry by entry
 * made every checkpoint and every restore cost tens of milliseconds.
 *
 * What a copy shares is never written again: an append log's full chunks, a map's frozen layers.
 */
import { CLONE, type Copier } from './clone.ts';

const CHUNK = 256;

/** An array that only grows at its end. */
export class AppendLog<T> implements Iterable<T> {
  /** Full chunks: shared with copies, never written. */
  private sealed: T[][] = [];
  private tail: T[] = [];

  get length(): number {
    return this.sealed.length * CHUNK + this.tail.length;
  }

  push(value: T): void {
    // Sealed before the next value goes in, so the last value is always in the tail.
    if (this.tail.length === CHUNK) {
      this.sealed.push(this.tail);
      this.tail = [];
    }
    this.tail.push(value);
  }

  at(index: number): T | undefined {
    const i = index < 0 ? this.length + index : index;
    if (i < 0 || i >= this.length) return undefined;
    const chunk = Math.floor(i / CHUNK);
    return chunk < this.sealed.length ? this.sealed[chunk]![i % CHUNK] : this.tail[i % CHUNK];
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const chunk of this.sealed) yield* chunk;
    yield* this.tail;
  }

  toArray(): T[] {
    return [...this];
  }

  /** Entries are shared: what goes into a log is never changed once the next entry follows. */
  [CLONE](copy: Copier): AppendLog<T> {
    const out = Object.create(AppendLog.prototype) as AppendLog<T>;
    out.sealed = this.sealed.slice();
    out.tail = this.tail.slice();
    // The last entry may still change (a step's commands are set after it is taken).
    if (out.tail.length > 0) out.tail[out.tail.length - 1] = copy(out.tail.at(-1)) as T;
    return out;
  }
}

/**
 * A Map without deletion. Entries live in frozen layers (shared with copies) under a small
 * writable one; layers of similar size are merged, so there are O(log n) of them to look through.
 * Iteration order is not kept: nothing iterates these.
 */
export class GrowMap<K, V> {
  private layers: ReadonlyArray<ReadonlyMap<K, V>> = [];
  private own = new Map<K, V>();
  /** Keys whose values were not shareable at the last copy (live machines): copied each time. */
  private live: K[] = [];

  get(key: K): V | undefined {
    const value = this.own.get(key);
    if (value !== undefined || this.own.has(key)) return value;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      const found = layer.get(key);
      if (found !== undefined || layer.has(key)) return found;
    }
    return undefined;
  }

  has(key: K): boolean {
    return this.own.has(key) || this.layers.some((layer) => layer.has(key));
  }

  set(key: K, value: V): this {
    this.own.set(key, value);
    return this;
  }

  /**
   * Freezes the writable layer (this map keeps reading it; nobody writes it again) and gives the
   * copy the same layers, plus copies of the values `copy` does not share.
   */
  [CLONE](copy: Copier): GrowMap<K, V> {
    const recent = [...this.own.keys()];
    if (this.own.size > 0) {
      this.layers = merged([...this.layers, this.own]);
      this.own = new Map();
    }
    const out = Object.create(GrowMap.prototype) as GrowMap<K, V>;
    out.layers = this.layers;
    out.own = new Map();
    const live: K[] = [];
    for (const key of new Set([...this.live, ...recent])) {
      const value = this.get(key) as V;
      const copied = copy(value) as V;
      if (copied === value) continue;
      live.push(key);
      out.own.set(key, copied);
    }
    this.live = live;
    out.live = [...live];
    return out;
  }
}

/** Merges the top layers while the top one is at least half the size of the one below it. */
function merged<K, V>(layers: Array<ReadonlyMap<K, V>>): Array<ReadonlyMap<K, V>> {
  while (layers.length >= 2 && layers.at(-1)!.size * 2 >= layers.at(-2)!.size) {
    const top = layers.pop()!;
    const below = layers.pop()!;
    const both = new Map(below);
    for (const [key, value] of top) both.set(key, value);
    layers.push(both);
  }
  return layers;
}

/** A Set without deletion (a GrowMap of keys to `true`). */
export class GrowSet<K> {
  private readonly map = new GrowMap<K, true>();

  has(key: K): boolean {
    return this.map.has(key);
  }

  add(key: K): this {
    this.map.set(key, true);
    return this;
  }

  [CLONE](copy: Copier): GrowSet<K> {
    const out = Object.create(GrowSet.prototype) as { map: GrowMap<K, true> };
    out.map = copy(this.map) as GrowMap<K, true>;
    return out as unknown as GrowSet<K>;
  }
}
