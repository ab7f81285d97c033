/**
 * Standard base64 (RFC 4648 §4, padded), the form proto3 JSON and Temporal's tools write bytes
 * in. `btoa`/`atob` exist in browsers, workers and Node alike; they work on "binary strings", so
 * the conversion to and from bytes lives here once. (Share links use base64url, in share/.)
 */

/** Bytes as padded standard base64. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Spreading bounded slices: one fromCharCode call per byte is slow on megabyte payloads, and
  // one call for all of them overflows the argument stack.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The bytes of base64 text, standard or URL-safe alphabet, padding optional (proto3 JSON readers
 * accept all of these). Throws a DOMException-derived error on anything else; callers that
 * check the text first say where it was.
 */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Where padded standard base64 goes wrong, or -1 when it is well formed. Linear scan: a
 * backtracking regular expression overflows the stack on multi-megabyte text. */
export function standardBase64Fault(text: string): number {
  if (text.length % 4 !== 0) return text.length;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const end = text.length - padding;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const ok =
      (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return i;
  }
  return -1;
}
