/**
 * Where text input stops being valid, for error locations the platform does not give:
 * `TextDecoder` says "not valid UTF-8" without saying where, and V8's `JSON.parse` says
 * "Unexpected token" without a position. Both are computed only once parsing has failed.
 */

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or undefined. */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    // Sequence length, and the allowed range of the second byte (excludes overlong forms,
    // surrogates and code points past U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < low || c > high : c < 0x80 || c > 0xbf) return i;
    }
    i += length;
  }
  return undefined;
}

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'separator';

const HEX = /^[0-9a-fA-F]$/;

const isDigit = (c: string) => c >= '0' && c <= '9';

/**
 * Offset of the first character where `text` is no longer JSON (the length of the text when it
 * ends too early), or undefined when it is valid. Iterative, so deep nesting cannot overflow.
 */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  const n = text.length;
  const open: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  // Moves past a string starting at i; false (i at the fault) when it is not a valid string.
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        // Faults are where V8 reports them: the escaped character, or the first non-hex digit.
        i++;
        if (text[i] === 'u') {
          for (let k = 0; k < 4; k++) if (!HEX.test(text[++i] ?? '')) return false;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) return false;
        i++;
      } else i++;
    }
    return false;
  };
  // Moves past a number starting at i; false (i at the character that breaks it) when invalid.
  const number = (): boolean => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (!digits()) return false;
    if (text[i] === '.') {
      i++;
      if (!digits()) return false;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!digits()) return false;
    }
    return true;
  };
  const digits = (): boolean => {
    const from = i;
    while (i < n && isDigit(text[i]!)) i++;
    return i > from;
  };
  for (;;) {
    while (i < n && ' \t\n\r'.includes(text[i]!)) i++;
    if (i >= n) return expect === 'separator' && open.length === 0 ? undefined : n;
    const c = text[i]!;
    switch (expect) {
      case 'value-or-close':
      case 'value':
        if (expect === 'value-or-close' && c === ']') {
          i++;
          open.pop();
          expect = 'separator';
        } else if (c === '{' || c === '[') {
          open.push(c);
          i++;
          expect = c === '{' ? 'key-or-close' : 'value-or-close';
        } else if (c === '"') {
          if (!string()) return i;
          expect = 'separator';
        } else if (c === '-' || isDigit(c)) {
          if (!number()) return i;
          expect = 'separator';
        } else {
          const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
          if (!word) return i;
          i += word.length;
          expect = 'separator';
        }
        break;
      case 'key-or-close':
      case 'key':
        if (expect === 'key-or-close' && c === '}') {
          i++;
          open.pop();
          expect = 'separator';
          break;
        }
        if (c !== '"' || !string()) return i;
        while (i < n && ' \t\n\r'.includes(text[i]!)) i++;
        if (text[i] !== ':') return i;
        i++;
        expect = 'value';
        break;
      case 'separator': {
        const top = open.at(-1);
        if (top === undefined) return i;
        if (c === ',') {
          i++;
          expect = top === '{' ? 'key' : 'value';
        } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
          i++;
          open.pop();
        } else return i;
      }
    }
  }
}
