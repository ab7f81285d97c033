/**
 * SplitMix64 (Steele, Lea and Flood, 2014): a tiny, well-known 64-bit generator. The WASI random
 * interfaces draw from it so that a run seeded with the same randomness seed sees the same bytes
 * on every replay, in every host.
 */
const MASK = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;

export class SplitMix64 {
  private state: bigint;

  constructor(seed: bigint) {
    this.state = BigInt.asUintN(64, seed);
  }

  /** The generator's whole state, for checkpoints. */
  get position(): bigint {
    return this.state;
  }

  nextU64(): bigint {
    this.state = (this.state + GAMMA) & MASK;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    return z ^ (z >> 31n);
  }

  /** `length` bytes, eight at a time from `nextU64`, little-endian. */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 8) {
      let word = this.nextU64();
      for (let j = i; j < Math.min(i + 8, length); j++) {
        out[j] = Number(word & 0xffn);
        word >>= 8n;
      }
    }
    return out;
  }
}
