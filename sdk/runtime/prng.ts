/**
 * The workflow's random number generator. It must be the TypeScript SDK's: a workflow moved
 * between `@temporalio/workflow` and this SDK (or a history recorded by one and replayed by the
 * other) has to draw the same numbers, or code branching on `Math.random()` / `uuid4()` diverges.
 *
 * So this is Johannes Baagøe's Alea generator with his Mash seeding, as `@temporalio/workflow`
 * uses it: the seed is the run's 64-bit randomness seed as 8 big-endian bytes (what `Long#toBytes()`
 * gives the TS SDK). Core sends the seed in InitializeWorkflow and a new one in UpdateRandomSeed.
 * test/sdk/prng.test.ts checks the outputs against the real package.
 */
import Long from 'long';

const TWO_32 = 0x100000000;
const INV_TWO_32 = 1 / TWO_32; // exactly 2^-32

/**
 * Baagøe's Mash: a hash of a sequence of numbers to a float in [0, 1). Its state carries over from
 * one call to the next, which the seeding below relies on.
 */
function makeMash(): (data: readonly number[]) => number {
  let state = 0xefc8249d;
  return (data) => {
    for (const value of data) {
      state += value;
      let x = 0.02519603282416938 * state;
      state = x >>> 0;
      x = (x - state) * state;
      state = x >>> 0;
      state += (x - state) * TWO_32;
    }
    return (state >>> 0) * INV_TWO_32;
  };
}

export type Seed = Long | number | string | null | undefined;

/** The 8 bytes the TS SDK seeds Alea with: the unsigned 64-bit seed, most significant first. */
export function seedBytes(seed: Seed): number[] {
  const long = Long.isLong(seed) ? seed : Long.fromValue(seed ?? 0, true);
  return long.toBytesBE();
}

export class Prng {
  // Three lagged fractions in [0, 1) and the integer carry of multiply-with-carry.
  private s0: number;
  private s1: number;
  private s2: number;
  private carry = 1;

  constructor(seed: Seed) {
    const mash = makeMash();
    // Baagøe's seeding: start from the hash of a space (code 32), then subtract the seed's hash.
    const start = [mash([32]), mash([32]), mash([32])];
    const bytes = seedBytes(seed);
    const [s0, s1, s2] = start.map((s) => {
      const v = s - mash(bytes);
      return v < 0 ? v + 1 : v;
    }) as [number, number, number];
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
  }

  /** A float in [0, 1), like Math.random(). */
  next(): number {
    const t = 2091639 * this.s0 + this.carry * INV_TWO_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.carry = t | 0;
    this.s2 = t - this.carry;
    return this.s2;
  }

  /** A 32-bit word drawn as the TS SDK's uuid4 draws one: `(random() * 2^32) >>> 0`. */
  nextUint32(): number {
    return (this.next() * TWO_32) >>> 0;
  }
}
