/**
 * The guest's random generator against the real `@temporalio/workflow` 1.24: for the same seed,
 * `Math.random()`, `uuid4()` and `crypto.getRandomValues()` must give what the TypeScript SDK
 * gives, so a workflow draws the same values whichever SDK runs it. Expected values come from the
 * package's own alea and uuid helpers, seeded as its worker seeds them (`Long#toBytes()`).
 */
import { alea } from '@temporalio/workflow/lib/alea.js';
import { fillWithRandom, uuid4FromRandom } from '@temporalio/workflow/lib/random-helpers.js';
import Long from 'long';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../sdk/runtime/prng.ts';
import { component, job, result, TestRun } from './harness.ts';

const SEEDS = [
  Long.UZERO,
  Long.fromValue(1, true),
  Long.fromValue(0xdeadbeef, true),
  Long.fromString('9223372036854775808', true), // high bit set
  Long.MAX_UNSIGNED_VALUE,
  Long.fromString('1311768467463790320', true), // 0x123456789abcdef0
];

/** The TS SDK's generator for a run seeded with `seed`. */
const tsRandom = (seed: Long) => alea(seed.toBytes());

describe('Prng is the TypeScript SDK Alea', () => {
  it.each(SEEDS.map((s) => [s.toString(), s] as const))('seed %s: same draws', (_, seed) => {
    const ours = new Prng(seed);
    const theirs = tsRandom(seed);
    for (let i = 0; i < 1000; i++) expect(ours.next()).toBe(theirs());
  });

  it('takes the seed as a number too (the same 64-bit value)', () => {
    const theirs = tsRandom(Long.fromValue(42, true));
    const ours = new Prng(42);
    for (let i = 0; i < 10; i++) expect(ours.next()).toBe(theirs());
  });
});

describe('the guest draws what @temporalio/workflow draws', () => {
  const load = () => component('test/sdk/workflows/semantics.ts');

  // The `randomness` workflow: two Math.random(), uuid4(), a timer, Math.random(), 4 crypto bytes.
  const expected = (seed: Long, reseed?: Long) => {
    let random = tsRandom(seed);
    const first = [random(), random()];
    const uuid = uuid4FromRandom(random);
    if (reseed) random = tsRandom(reseed);
    const afterTimer = random();
    const crypto = Array.from(fillWithRandom(random, new Uint8Array(4)));
    return { first, uuid, afterTimer, crypto };
  };

  it.each([SEEDS[1]!, SEEDS[4]!, SEEDS[5]!].map((s) => [s.toString(), s] as const))(
    'seed %s',
    async (_, seed) => {
      const r = new TestRun(await load(), { workflowType: 'randomness', seed });
      await r.start();
      const out = result(await r.activate([job.fireTimer(1)])) as {
        first: { random: number[]; uuid: string };
        afterTimer: { random: number };
        crypto: number[];
      };
      const want = expected(seed);
      expect(out.first.random).toEqual(want.first);
      expect(out.first.uuid).toBe(want.uuid);
      expect(out.afterTimer.random).toBe(want.afterTimer);
      expect(out.crypto).toEqual(want.crypto);
    },
  );

  it('re-seeds on UpdateRandomSeed as the TS SDK does', async () => {
    const seed = SEEDS[1]!;
    const reseed = SEEDS[3]!;
    const r = new TestRun(await load(), { workflowType: 'randomness', seed });
    await r.start();
    const out = result(await r.activate([job.updateRandomSeed(reseed), job.fireTimer(1)])) as {
      afterTimer: { random: number };
      crypto: number[];
    };
    const want = expected(seed, reseed);
    expect(out.afterTimer.random).toBe(want.afterTimer);
    expect(out.crypto).toEqual(want.crypto);
  });
});
