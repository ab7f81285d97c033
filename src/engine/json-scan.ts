/**
 * One JSON scanner for what `JSON.parse` does not tell: where a syntax error is (engines word it
 * differently, and V8 names no position for some faults) and where a value lies in the text (an
 * editor marker on a 20 MB paste, without building a tree of it). Strict JSON, as `JSON.parse`
 * reads it; a fault is placed where V8 reports it. Iterative, so deep nesting cannot overflow.
 */

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** What may follow a backslash in a string, besides `u`. */
const ESCAPED = new Set(Array.from('"\\/bfnrt', (c) => c.charCodeAt(0)));

const LITERALS = ['true', 'false', 'null'];

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'separator';

export interface JsonMember {
  key: string;
  keyStart: number;
  /** Where its value starts. */
  start: number;
}

export class JsonScanner {
  /** Where scanning stands: past what was read, or at the fault when a method returned false. */
  pos = 0;
  /** `value`'s open containers, innermost last (true: an object); one array for all calls. */
  private readonly open: boolean[] = [];

  constructor(readonly text: string) {}

  skipSpace(): void {
    const { text } = this;
    let i = this.pos;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break;
    }
    this.pos = i;
  }

  /** Moves past the string whose opening quote is at `pos`. */
  string(): boolean {
    const { text } = this;
    for (let i = this.pos + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return true;
      }
      if (c < SPACE) return this.fault(i);
      if (c === BACKSLASH) {
        // V8 places a bad escape at the escaped character, or at the first non-hex digit.
        if (text.charCodeAt(++i) === 0x75 /* u */) {
          for (let k = 0; k < 4; k++) if (!isHex(text.charCodeAt(++i))) return this.fault(i);
        } else if (!ESCAPED.has(text.charCodeAt(i))) return this.fault(i);
      }
    }
    return this.fault(text.length);
  }

  /** Moves past the number starting at `pos`; false at the character that breaks it. */
  number(): boolean {
    const { text } = this;
    if (text.charCodeAt(this.pos) === MINUS) this.pos++;
    if (text.charCodeAt(this.pos) === 0x30 /* 0 */) this.pos++;
    else if (!this.digits()) return false;
    if (text.charCodeAt(this.pos) === DOT) {
      this.pos++;
      if (!this.digits()) return false;
    }
    const e = text.charCodeAt(this.pos);
    if (e === 0x65 /* e */ || e === 0x45 /* E */) {
      this.pos++;
      const sign = text.charCodeAt(this.pos);
      if (sign === 0x2b /* + */ || sign === MINUS) this.pos++;
      if (!this.digits()) return false;
    }
    return true;
  }

  private digits(): boolean {
    const from = this.pos;
    while (isDigit(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos > from;
  }

  /** Moves past `true`, `false` or `null` at `pos`; false (`pos` unmoved) for anything else. */
  literal(): boolean {
    for (const word of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return true;
      }
    }
    return false;
  }

  /** Moves past the whole value at `pos` (or after whitespace there), however deeply nested. */
  value(): boolean {
    const { text } = this;
    const n = text.length;
    const open = this.open;
    let depth = 0;
    let expect: Expect = 'value';
    for (;;) {
      if (expect === 'separator' && depth === 0) return true;
      this.skipSpace();
      if (this.pos >= n) return false;
      const c = text.charCodeAt(this.pos);
      switch (expect) {
        case 'value-or-close':
        case 'value':
          if (expect === 'value-or-close' && c === CLOSE_BRACKET) {
            this.pos++;
            depth--;
            expect = 'separator';
          } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
            this.pos++;
            open[depth++] = c === OPEN_BRACE;
            expect = c === OPEN_BRACE ? 'key-or-close' : 'value-or-close';
          } else {
            const ok =
              c === QUOTE
                ? this.string()
                : c === MINUS || isDigit(c)
                  ? this.number()
                  : this.literal();
            if (!ok) return false;
            expect = 'separator';
          }
          break;
        case 'key-or-close':
        case 'key':
          if (expect === 'key-or-close' && c === CLOSE_BRACE) {
            this.pos++;
            depth--;
            expect = 'separator';
            break;
          }
          if (c !== QUOTE || !this.string()) return false;
          this.skipSpace();
          if (text.charCodeAt(this.pos) !== COLON) return false;
          this.pos++;
          expect = 'value';
          break;
        case 'separator': {
          const inObject = open[depth - 1];
          if (c === COMMA) {
            this.pos++;
            expect = inObject ? 'key' : 'value';
          } else if (c === (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
            this.pos++;
            depth--;
          } else return false;
        }
      }
    }
  }

  /** End (exclusive) of the value starting at `at`, or undefined where the text is not JSON. */
  valueEnd(at: number): number | undefined {
    this.pos = at;
    return this.value() ? this.pos : undefined;
  }

  private fault(at: number): false {
    this.pos = Math.min(at, this.text.length);
    return false;
  }
}

/**
 * Offset of the first character where `text` is no longer JSON (its length when it ends too
 * early), or undefined when it is valid.
 */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  const s = new JsonScanner(text);
  if (!s.value()) return s.pos;
  s.skipSpace();
  return s.pos < text.length ? s.pos : undefined;
}

/**
 * The members of the object starting at `at`, as far as the text is JSON. (Functions, not
 * methods, so that a bundle which only validates leaves them out.) The caller may move `s.pos`
 * between two members: the walk resumes from the value it last yielded.
 */
export function* members(s: JsonScanner, at: number): Generator<JsonMember> {
  const { text } = s;
  if (text.charCodeAt(at) !== OPEN_BRACE) return;
  s.pos = at + 1;
  s.skipSpace();
  while (text.charCodeAt(s.pos) === QUOTE) {
    const keyStart = s.pos;
    if (!s.string()) return;
    const key = JSON.parse(text.slice(keyStart, s.pos)) as string;
    s.skipSpace();
    if (text.charCodeAt(s.pos) !== COLON) return;
    s.pos++;
    s.skipSpace();
    const start = s.pos;
    yield { key, keyStart, start };
    if (s.valueEnd(start) === undefined) return;
    if (!comma(s)) return;
  }
}

/** Where each item of the array starting at `at` starts, as `members` walks an object. */
export function* items(s: JsonScanner, at: number): Generator<number> {
  const { text } = s;
  if (text.charCodeAt(at) !== OPEN_BRACKET) return;
  s.pos = at + 1;
  s.skipSpace();
  if (text.charCodeAt(s.pos) === CLOSE_BRACKET) return;
  for (;;) {
    const start = s.pos;
    yield start;
    if (s.valueEnd(start) === undefined) return;
    if (!comma(s)) return;
  }
}

/** Moves past a comma and the whitespace around it; false when there is none. */
function comma(s: JsonScanner): boolean {
  s.skipSpace();
  if (s.text.charCodeAt(s.pos) !== COMMA) return false;
  s.pos++;
  s.skipSpace();
  return true;
}
