/**
 * The randomness seed sdk-core derives from a run id: SipHash-1-3 with zero keys over the id's
 * UTF-8 bytes followed by 0xFF (how Rust hashes a `str`). Seeds must match bit for bit, or a
 * workflow using `Math.random()` would take other branches on replay.
 */
import Long from 'long';

const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & MASK;

function sipRound(v: [bigint, bigint, bigint, bigint]): void {
  v[0] = (v[0] + v[1]) & MASK;
  v[1] = rotl(v[1], 13n) ^ v[0];
  v[0] = rotl(v[0], 32n);
  v[2] = (v[2] + v[3]) & MASK;
  v[3] = rotl(v[3], 16n) ^ v[2];
  v[0] = (v[0] + v[3]) & MASK;
  v[3] = rotl(v[3], 21n) ^ v[0];
  v[2] = (v[2] + v[1]) & MASK;
  v[1] = rotl(v[1], 17n) ^ v[2];
  v[2] = rotl(v[2], 32n);
}

/** SipHash-1-3 (one compression round, three finalization rounds), keys k0 = k1 = 0. */
export function sipHash13(bytes: Uint8Array): bigint {
  const v: [bigint, bigint, bigint, bigint] = [
    0x736f6d6570736575n,
    0x646f72616e646f6dn,
    0x6c7967656e657261n,
    0x7465646279746573n,
  ];
  const length = bytes.length;
  const fullWords = length - (length % 8);
  const word = (offset: number, count: number) => {
    let m = 0n;
    for (let i = 0; i < count; i++) m |= BigInt(bytes[offset + i]!) << BigInt(8 * i);
    return m;
  };
  for (let offset = 0; offset < fullWords; offset += 8) {
    const m = word(offset, 8);
    v[3] ^= m;
    sipRound(v);
    v[0] ^= m;
  }
  const last = (BigInt(length & 0xff) << 56n) | word(fullWords, length - fullWords);
  v[3] ^= last;
  sipRound(v);
  v[0] ^= last;
  v[2] ^= 0xffn;
  for (let i = 0; i < 3; i++) sipRound(v);
  return (v[0] ^ v[1] ^ v[2] ^ v[3]) & MASK;
}

export function randomnessSeed(runId: string): Long {
  const text = new TextEncoder().encode(runId);
  const bytes = new Uint8Array(text.length + 1);
  bytes.set(text);
  bytes[text.length] = 0xff;
  return Long.fromString(sipHash13(bytes).toString(), true);
}
