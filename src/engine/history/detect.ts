/**
 * Which form an input is in, from its first bytes: gzip (magic 1f 8b), JSON (first non-blank
 * character `{` or `[`; UTF-16 text with a byte order mark is taken as JSON too), or a binary
 * History (first byte 0x0a: field 1, length-delimited).
 *
 * 0x0a is also a newline, so an input starting with it is ambiguous: a binary History whose first
 * event is 123 bytes long starts `0a 7b`, which reads as "\n{". Such inputs get two readings, the
 * likelier first; the loader tries them in order and, when both fail, reports the first one's
 * error (the reading the input most resembles gives the most useful message).
 */
export type InputKind = 'gzip' | 'json' | 'json-utf16' | 'binary' | 'text';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NEWLINE = 0x0a;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The readings to try, likeliest first (one or two; never empty). */
export function detectBytes(bytes: Uint8Array): InputKind[] {
  if (isGzip(bytes)) return ['gzip'];
  // UTF-16 byte order marks (little- and big-endian).
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return ['json-utf16'];
  }
  let i = 0;
  // UTF-8 byte order mark.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  const first = bytes[i];
  while (i < bytes.length && WHITESPACE.has(bytes[i]!)) i++;
  const c = bytes[i];
  const jsonish = c === 0x7b || c === 0x5b;
  const textual = looksLikeText(bytes);
  if (first !== NEWLINE) return jsonish ? ['json'] : textual ? ['text'] : ['binary'];
  // An event's first byte is a field tag (0x08 for its id, as every encoder writes it): a control
  // character that valid JSON never holds raw. Text-looking bytes are most likely text.
  if (!textual) return ['binary'];
  return [jsonish ? 'json' : 'text', 'binary'];
}

/**
 * Whether bytes could be a history in any form: gzip, text (JSON or not: its reader explains what
 * is wrong with it), or a binary History, whose first byte is field 1's tag (0x0a). Bytes that
 * fail this are no history at all, whatever their name says.
 */
export function mayBeHistory(bytes: Uint8Array): boolean {
  const kinds = detectBytes(bytes);
  return kinds[0] !== 'binary' || bytes[0] === NEWLINE;
}

/** No control characters other than blanks in the first KiB: someone gave us a text file. */
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
