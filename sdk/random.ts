/** Randomness that replays: `Math.random()` and `uuid4()` draw from the run's seeded generator (the TS SDK's Alea, so both SDKs draw the same values). */
import { currentRun } from './runtime/current.ts';

/** A version 4 UUID from the workflow's random source, built from four draws as the TS SDK builds it. */
export function uuid4(): string {
  const run = currentRun('uuid4');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i += 4) {
    const word = run.random.nextUint32();
    bytes[i] = word >>> 24;
    bytes[i + 1] = (word >>> 16) & 0xff;
    bytes[i + 2] = (word >>> 8) & 0xff;
    bytes[i + 3] = word & 0xff;
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
