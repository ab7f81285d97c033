/** base64url, checked against Node's own encoder (an independent implementation of RFC 4648 §5). */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  Base64UrlError,
  base64UrlLength,
  decodeBase64Url,
  encodeBase64Url,
} from '../../src/engine/share/base64url.ts';

describe('base64url', () => {
  it("encodes exactly as Node's base64url, for every length up to 300 and a large input", () => {
    for (const length of [...Array(301).keys(), 100_000]) {
      const bytes = new Uint8Array(randomBytes(length));
      const text = encodeBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(text.length).toBe(base64UrlLength(length));
      expect(decodeBase64Url(text)).toEqual(bytes);
    }
  });

  it.each([
    ['a+b/', 2, '"+"'],
    ['abc=', 4, '"="'],
    ['ab cdx', 3, '" "'],
    ['abcé', 4, '"é"'],
  ])('refuses %j, naming character %i', (text, position, shown) => {
    expect(() => decodeBase64Url(text)).toThrow(
      `character ${position} (${shown}) is not base64url`,
    );
  });

  it('refuses lengths no encoder writes and non-canonical last characters', () => {
    expect(() => decodeBase64Url('abcde')).toThrow(Base64UrlError);
    expect(() => decodeBase64Url('abcde')).toThrow(/length of 4n\+1/);
    // "AB": 12 bits for one byte; the 4 unused bits of "B" are 0001. Node accepts it, we do not.
    expect(Buffer.from('AB', 'base64url')).toHaveLength(1);
    expect(() => decodeBase64Url('AB')).toThrow(/bits set that no byte uses/);
    expect(decodeBase64Url('AA')).toEqual(new Uint8Array([0]));
  });
});
