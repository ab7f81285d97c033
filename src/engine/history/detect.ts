/**
 * Which form an input is in, from its first bytes: gzip (magic 1f 8b), JSON (first non-blank
 * character `{` or `[`), or a binary History (first byte 0x0a: field 1, length-delimited).
 */
export type InputKind = 'gzip' | 'json' | 'binary' | 'text';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

export function detectBytes(bytes: Uint8Array): InputKind {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  let i = 0;
  // UTF-8 byte order mark.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  const first = bytes[i];
  // A binary History starts with 0x0a (field 1, wire type 2), which is also a newline: decide by
  // what follows the blank run.
  while (i < bytes.length && WHITESPACE.has(bytes[i]!)) i++;
  const c = bytes[i];
  if (c === 0x7b || c === 0x5b) return 'json';
  if (first === 0x0a) return 'binary';
  return looksLikeText(bytes) ? 'text' : 'binary';
}

/** Printable UTF-8 in the first KiB: someone gave us a text file that is not JSON. */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (const b of head) {
    if (b < 0x20 && !WHITESPACE.has(b)) return false;
  }
  return head.length > 0;
}

export function detectText(text: string): 'json' | 'text' {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  return trimmed.startsWith('{') || trimmed.startsWith('[') ? 'json' : 'text';
}
