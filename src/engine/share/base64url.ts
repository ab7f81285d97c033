/**
 * base64url without padding (RFC 4648 §5), the alphabet that survives a URL fragment unescaped.
 * The decoder is strict and says where the first bad character is: a link pasted through chat
 * or a terminal arrives with stray characters more often than one would think.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64Url(bytes: Uint8Array): string {
  const chunks: string[] = [];
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const left = bytes.length - i;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    if (left > 1) out += ALPHABET[(n >> 6) & 63]!;
    if (left > 2) out += ALPHABET[n & 63]!;
    // Bounded string pieces: one concatenation per 3 bytes is fast, one giant rope is not.
    if (out.length >= 8192) {
      chunks.push(out);
      out = '';
    }
  }
  chunks.push(out);
  return chunks.join('');
}

/** Characters a base64url text of `byteLength` bytes has. */
export function base64UrlLength(byteLength: number): number {
  return Math.ceil((byteLength * 4) / 3);
}

export class Base64UrlError extends Error {
  override readonly name = 'Base64UrlError';
  constructor(
    message: string,
    /** 0-based index of the offending character. */
    readonly index: number,
  ) {
    super(message);
  }
}

export function decodeBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) {
    throw new Base64UrlError(
      `${text.length} characters cannot be base64url (a length of 4n+1 never is)`,
      text.length - 1,
    );
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let bits = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? VALUES[code]! : -1;
    if (value < 0) {
      throw new Base64UrlError(
        `character ${i + 1} (${JSON.stringify(text[i])}) is not base64url`,
        i,
      );
    }
    bits = (bits << 6) | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[o++] = (bits >> count) & 0xff;
      bits &= (1 << count) - 1;
    }
  }
  // Canonical form only: the unused low bits of the last character must be zero.
  if (bits !== 0) {
    throw new Base64UrlError('the last character has bits set that no byte uses', text.length - 1);
  }
  return out;
}
