/**
 * The workflow's random number generator: a small, fast PRNG (sfc32) whose whole state derives
 * from the run's 64-bit randomness seed, so a replay draws exactly the numbers the original run
 * drew. Core sends the seed in InitializeWorkflow and a new one in UpdateRandomSeed.
 */
import Long from 'long';

/** One splitmix32 step: a well-mixed 32-bit word from a counter, for seeding. */
function splitmix32(state: number): [word: number, next: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [(z ^ (z >>> 16)) >>> 0, next];
}

export type Seed = Long | number | string | null | undefined;

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: Seed) {
    const long = Long.isLong(seed) ? seed : Long.fromValue(seed ?? 0, true);
    let state = long.low ^ Math.imul(long.high, 0x27d4eb2d);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [word, next] = splitmix32(state ^ (i === 2 ? long.high : 0));
      words.push(word);
      state = next;
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    // The first outputs of sfc32 correlate with the seed; discard them.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1), like Math.random(). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }
}
