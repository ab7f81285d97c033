/**
 * A deep copy of the replay engine's state for checkpoints: class instances keep their prototypes,
 * Maps and Sets their order, shared references stay shared (a machine kept under two event ids is
 * one copy). What replay never changes is not copied: protobuf messages (history events, commands,
 * payloads), Longs, functions, and whatever `shared` says.
 */
import Long from 'long';
import protobuf from 'protobufjs/light.js';

/**
 * A class that knows a cheaper copy than one of each field (grow-only.ts) implements this; `copy`
 * copies what it holds, keeping shared references shared.
 */
export const CLONE = Symbol('clone');
export type Copier = (value: unknown) => unknown;

export interface CloneCount {
  /** Objects copied, and the array, Map and Set slots in them: a rough measure of the copy's size. */
  objects: number;
  slots: number;
}

export function cloneState<T>(
  root: T,
  shared: (value: object) => boolean = () => false,
  count: CloneCount = { objects: 0, slots: 0 },
): T {
  const copies = new Map<object, unknown>();
  const copy = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const done = copies.get(value);
    if (done !== undefined) return done;
    if (value instanceof protobuf.Message || Long.isLong(value) || shared(value)) return value;
    count.objects++;
    if (CLONE in value) {
      const out = (value as { [CLONE]: (copy: Copier) => unknown })[CLONE](copy);
      copies.set(value, out);
      return out;
    }
    if (Array.isArray(value)) {
      const out: unknown[] = new Array(value.length);
      copies.set(value, out);
      count.slots += value.length;
      for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
      return out;
    }
    if (value instanceof Map) {
      const out = new Map();
      copies.set(value, out);
      count.slots += value.size * 2;
      for (const [k, v] of value) out.set(copy(k), copy(v));
      return out;
    }
    if (value instanceof Set) {
      const out = new Set();
      copies.set(value, out);
      count.slots += value.size;
      for (const v of value) out.add(copy(v));
      return out;
    }
    if (ArrayBuffer.isView(value)) {
      const out = (value as unknown as Uint8Array).slice();
      copies.set(value, out);
      return out;
    }
    const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<
      string,
      unknown
    >;
    copies.set(value, out);
    for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
    return out;
  };
  return copy(root) as T;
}
