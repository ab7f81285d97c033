/**
 * The guest-state capture on a hand-assembled module whose state is all hidden: a mutable global
 * it does not export, a funcref table it does not export and mutates (as sdk-core's
 * wasm-snapshot-poc tests with its funcref_table_mutation.wat), and memory it writes. The rewrite
 * exposes them; a checkpoint restores them in place and into a fresh instance; a table slot
 * holding a function from elsewhere is refused.
 */
import { describe, expect, it } from 'vitest';
import { exposeState } from '../../src/engine/host/snapshot/expose.ts';
import { GuestState } from '../../src/engine/host/snapshot/guest-state.ts';

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const name = (text: string) => [...leb(text.length), ...new TextEncoder().encode(text)];
const code = (body: number[]) => [...leb(body.length + 1), 0x00, ...body];

/**
 * (global $g (mut i32) 5), (table 2 funcref) holding $a (11) and $b (22), one page of memory;
 * exports bump ($g += 1, returns it), swap (slot 0 := slot 1), call0 (calls slot 0), poke
 * (stores $g at address 100) and peek (loads it).
 */
const build = (memoryLimits: number[]) =>
  new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [2, 0x60, 0, 1, 0x7f, 0x60, 0, 0]),
    ...section(3, [7, 0, 0, 0, 1, 0, 1, 0]),
    ...section(4, [1, 0x70, 0x00, 2]),
    ...section(5, [1, ...memoryLimits]),
    ...section(6, [1, 0x7f, 0x01, 0x41, 5, 0x0b]),
    ...section(7, [
      5,
      ...name('bump'),
      0,
      2,
      ...name('swap'),
      0,
      3,
      ...name('call0'),
      0,
      4,
      ...name('poke'),
      0,
      5,
      ...name('peek'),
      0,
      6,
    ]),
    ...section(9, [1, 0x00, 0x41, 0, 0x0b, 2, 0, 1]),
    ...section(10, [
      7,
      ...code([0x41, 11, 0x0b]),
      ...code([0x41, 22, 0x0b]),
      ...code([0x23, 0, 0x41, 1, 0x6a, 0x24, 0, 0x23, 0, 0x0b]),
      ...code([0x41, 0, 0x41, 1, 0x25, 0, 0x26, 0, 0x0b]),
      ...code([0x41, 0, 0x11, 0, 0, 0x0b]),
      ...code([0x41, 0xe4, 0x00, 0x23, 0, 0x36, 2, 0, 0x0b]),
      ...code([0x41, 0xe4, 0x00, 0x28, 2, 0, 0x0b]),
    ]),
  ]);
const MODULE = build([0x00, 1]);

interface Exports {
  bump(): number;
  swap(): void;
  call0(): number;
  poke(): void;
  peek(): number;
}

async function instance() {
  const { bytes, refusal } = exposeState(MODULE);
  expect(refusal).toBeUndefined();
  const made = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
  return {
    exports: made.exports as unknown as Exports,
    state: GuestState.collect([made]),
  };
}

describe('guest state of a core instance', () => {
  it('the original module hides its state; the rewrite exports it and changes nothing else', async () => {
    const plain = new WebAssembly.Instance(new WebAssembly.Module(MODULE));
    expect(Object.keys(plain.exports).sort()).toEqual(['bump', 'call0', 'peek', 'poke', 'swap']);
    const { exports, state } = await instance();
    expect(state.memories).toHaveLength(1);
    expect(state.globals).toHaveLength(1);
    expect(state.tables).toHaveLength(1);
    expect(exports.bump()).toBe(6);
    expect(exports.call0()).toBe(11);
  });

  it('restores the hidden global, the memory and a mutated funcref table in place', async () => {
    const { exports, state } = await instance();
    exports.bump();
    exports.poke();
    const history = state.history();
    const before = history.capture(1, state);
    exports.bump();
    exports.poke();
    exports.swap();
    expect([exports.peek(), exports.call0()]).toEqual([7, 22]);
    expect(state.fitsInPlace(before)).toBe(true);
    state.restore(before);
    expect([exports.peek(), exports.call0()]).toEqual([6, 11]);
    expect(exports.bump()).toBe(7);

    // A later checkpoint keeps only what changed, and both still restore.
    exports.swap();
    exports.poke();
    const after = history.capture(2, state);
    expect(after.ownBytes).toBeLessThan(before.ownBytes + 1);
    expect(after.tables[0]).toEqual([1, 1]);
    state.restore(before);
    expect([exports.peek(), exports.call0()]).toEqual([6, 11]);
    state.restore(after);
    expect([exports.peek(), exports.call0(), exports.bump()]).toEqual([7, 22, 8]);
  });

  it('a spare made ahead is touched all over and grown to a size without changing its state', async () => {
    const { exports, state } = await instance();
    exports.bump();
    exports.poke();
    const before = new Uint8Array(state.memories[0]!.buffer).slice();
    state.touch([3]);
    const after = new Uint8Array(state.memories[0]!.buffer);
    expect(after.length).toBe(3 * 65536);
    expect(Buffer.compare(after.subarray(0, before.length), before)).toBe(0);
    expect(after.subarray(before.length).every((b) => b === 0)).toBe(true);
    expect([exports.peek(), exports.bump()]).toEqual([6, 7]);
    // An image fits an instance no larger than it.
    expect(state.fitsSize([3])).toBe(true);
    expect(state.fitsSize([2])).toBe(false);
  });

  it('checkpoints dropped as a budget thins them leave the others restoring exactly', async () => {
    const { state } = await instance();
    state.touch([3]);
    const memory = () => new Uint8Array(state.memories[0]!.buffer);
    const history = state.history();
    const images = new Map<number, ReturnType<typeof history.capture>>();
    const copies = new Map<number, Uint8Array>();
    let seed = 12345;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let at = 1; at <= 16; at++) {
      // A few scattered writes, some in chunks no other checkpoint touches.
      for (let k = 0; k < 6; k++) memory()[next() % memory().length] = (next() % 255) + 1;
      images.set(at, history.capture(at, state));
      copies.set(at, memory().slice());
    }
    const held = history.bytes;
    // Two thinnings, as Checkpoints.thin makes them: every other one, then every other again.
    let kept = [...images.keys()];
    for (let round = 0; round < 2; round++) {
      const survivors = kept.filter((_, i) => i === 0 || i === kept.length - 1 || i % 2 === 0);
      kept.forEach((at, i) => {
        if (!survivors.includes(at)) history.drop(at, kept[i + 1]!);
      });
      kept = survivors;
    }
    expect(history.bytes).toBeLessThan(held);
    // Backwards and forwards, each still puts back exactly the memory it was taken of.
    for (const at of [...kept.slice().reverse(), ...kept]) {
      state.restore(images.get(at)!);
      expect(Buffer.compare(memory(), copies.get(at)!), `checkpoint ${at}`).toBe(0);
    }
  });

  it('restores into a fresh instance, carrying the table over by position', async () => {
    const first = await instance();
    first.exports.bump();
    first.exports.poke();
    first.exports.swap();
    const image = first.state.image();
    const fresh = await instance();
    expect([fresh.exports.peek(), fresh.exports.call0()]).toEqual([0, 11]);
    fresh.state.restore(image);
    expect([fresh.exports.peek(), fresh.exports.call0(), fresh.exports.bump()]).toEqual([6, 22, 7]);
  });

  it('refuses a table slot holding a function that was not there after instantiation', async () => {
    const { state } = await instance();
    const other = await instance();
    state.tables[0]!.set(0, (other.exports as unknown as Record<string, unknown>)['call0']);
    expect(() => state.image()).toThrow(/table 0 slot 0 holds a function reference/);
  });

  it('refuses shared memories with the reason', () => {
    // Limits flags 0x03: shared, with a maximum (one page).
    expect(exposeState(build([0x03, 1, 1])).refusal).toMatch(/memory 0 is shared/);
  });
});
