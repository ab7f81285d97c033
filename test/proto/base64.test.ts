import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/engine/proto/base64.ts';

// Node's Buffer is the independent reference for RFC 4648 base64 and base64url.
describe('base64 (the one helper every engine layer uses)', () => {
  const lengths = [0, 1, 2, 3, 4, 5, 255, 0x8000 - 1, 0x8000, 0x8000 + 1, 300_000];

  it('encodes as padded standard base64, large inputs included', () => {
    for (const length of lengths) {
      const bytes = randomBytes(length);
      expect(toBase64(bytes)).toBe(bytes.toString('base64'));
    }
  });

  it('decodes standard and URL-safe base64, padded or not', () => {
    for (const length of lengths) {
      const bytes = randomBytes(length);
      for (const text of [
        bytes.toString('base64'),
        bytes.toString('base64').replace(/=+$/, ''),
        bytes.toString('base64url'),
      ])
        expect(Buffer.from(fromBase64(text)).equals(bytes)).toBe(true);
    }
  });

  it('refuses text that is not base64', () => {
    expect(() => fromBase64('not base64!')).toThrow();
    expect(() => fromBase64('abcde')).toThrow();
  });
});
