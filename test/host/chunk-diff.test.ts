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
    // Larger than the slice the differ copies at a time (1 MiB), and not a multiple of it.
    let memory = new Uint8Array(1500 * CHUNK_BYTES);
    for (let round = 0; round < 40; round++) {
      if (round === 20) {
        // The guest's memory grew: the new bytes count as changed only where they are not zero.
        const grown = new Uint8Array(memory.length * 3);
        grown.set(memory);
        memory = grown;
      }
      const edits = next() % 12;
      for (let e = 0; e < edits; e++) {
        // Now and then on either side of a slice's edge.
        const chunk = e === 5 ? 1023 + (round % 2) : next() % (memory.length / CHUNK_BYTES);
        const where = [0, CHUNK_BYTES - 1, next() % CHUNK_BYTES][e % 3]!;
        memory[chunk * CHUNK_BYTES + where]! ^= e % 2 ? 0x80 : (next() % 255) + 1;
      }
      const look = [...diff.changed(memory, false)];
      // Looking from a chunk on finds the same chunks past it, numbered as in the whole memory.
      const from = next() % (memory.length / CHUNK_BYTES);
      expect([...diff.changedAfter(memory, from * CHUNK_BYTES)]).toEqual(
        look.filter((c) => c >= from),
      );
      const chunks = [...diff.changed(memory, true)];
      expect(chunks).toEqual(reference(shadow, memory));
      // Looking without updating leaves the shadow as it was.
      expect(look).toEqual(chunks);
      shadow = memory.slice();
      expect(firstDifference(diff.shadow, shadow)).toBe(-1);
    }
  });
});
