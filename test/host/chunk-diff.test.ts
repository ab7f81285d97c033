/**
 * The SIMD chunk differ against the plainest reference there is: comparing the bytes one by one
 * in JS. Random memories, scattered edits (first and last byte of a chunk, a lone high bit), a
 * memory that grows, and a look that must not move the shadow.
 */
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, ChunkDiff } from '../../src/engine/host/snapshot/chunk-diff.ts';

function reference(before: Uint8Array, now: Uint8Array): number[] {
  const out: number[] = [];
  for (let c = 0; c * CHUNK_BYTES < now.length; c++) {
    for (let i = c * CHUNK_BYTES; i < (c + 1) * CHUNK_BYTES; i++) {
      if ((before[i] ?? 0) !== now[i]) {
        out.push(c);
        break;
      }
    }
  }
  return out;
}

/** Where two byte arrays first differ (-1: nowhere); vitest's deep equality is slow on megabytes. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function random(seed: number) {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647);
}

describe('chunk diff', () => {
  it('finds exactly the chunks that changed, as a byte-by-byte comparison does', () => {
    const next = random(7);
    const diff = new ChunkDiff();
    let shadow = new Uint8Array(0);
    let memory = new Uint8Array(64 * CHUNK_BYTES);
    for (let round = 0; round < 40; round++) {
      if (round === 20) {
        // The guest's memory grew: the new bytes count as changed only where they are not zero.
        const grown = new Uint8Array(memory.length * 3);
        grown.set(memory);
        memory = grown;
      }
      const edits = next() % 12;
      for (let e = 0; e < edits; e++) {
        const chunk = next() % (memory.length / CHUNK_BYTES);
        const where = [0, CHUNK_BYTES - 1, next() % CHUNK_BYTES][e % 3]!;
        memory[chunk * CHUNK_BYTES + where]! ^= e % 2 ? 0x80 : (next() % 255) + 1;
      }
      const look = [...diff.changed(memory, false).chunks];
      const { chunks, scratch } = diff.changed(memory, true);
      expect([...chunks]).toEqual(reference(shadow, memory));
      // Looking without updating leaves the shadow as it was.
      expect(look).toEqual([...chunks]);
      expect(firstDifference(scratch, memory)).toBe(-1);
      shadow = memory.slice();
      expect(firstDifference(diff.shadow, shadow)).toBe(-1);
    }
  });
});
