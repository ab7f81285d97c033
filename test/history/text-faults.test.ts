/**
 * Error offsets the platform does not give, checked against the platform where it does: V8's
 * `JSON.parse` states "at position N" for most syntax errors (our offset must be that N), and a
 * fatal `TextDecoder` decides what is valid UTF-8.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seeded-random.ts';
import { jsonSyntaxErrorOffset } from '../../src/engine/json-scan.ts';
import { invalidUtf8Offset } from '../../src/engine/history/text-faults.ts';
import { sample } from './samples.ts';

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  ' ',
  '\n',
  '0',
  '-',
  '1.',
  'e',
  'tru',
  'null',
  '\u0001',
  'é',
];

describe('where JSON text breaks', () => {
  it('agrees with V8 on every mutant it locates', () => {
    const text = new TextDecoder().decode(
      sample('sdk-typescript/signal_workflow_1_13_1.json').bytes,
    );
    const r = seededRandom(0x15a7);
    let compared = 0;
    for (let i = 0; i < 2000; i++) {
      let mutant = text;
      for (let k = 1 + Math.floor(r() * 2); k > 0; k--) {
        const at = Math.floor(r() * mutant.length);
        const piece = PIECES[Math.floor(r() * PIECES.length)]!;
        mutant =
          r() < 0.5
            ? mutant.slice(0, at) + piece + mutant.slice(at)
            : mutant.slice(0, at) + mutant.slice(at + 1 + Math.floor(r() * 4));
      }
      let v8: string | undefined;
      try {
        JSON.parse(mutant);
      } catch (thrown) {
        v8 = (thrown as Error).message;
      }
      const offset = jsonSyntaxErrorOffset(mutant);
      if (v8 === undefined) {
        expect(offset, `mutant #${i} is valid JSON`).toBeUndefined();
        continue;
      }
      expect(offset, `mutant #${i}: ${v8}`).toBeTypeOf('number');
      const position = /at position (\d+)/.exec(v8);
      if (position) {
        expect(offset, `mutant #${i}: ${v8}`).toBe(Number(position[1]));
        compared++;
      } else if (/end of JSON input/.test(v8)) {
        expect(offset, `mutant #${i}: ${v8}`).toBe(mutant.length);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('finds what V8 reports without a position, and survives deep nesting', () => {
    // V8: "Unexpected token '}', ..." with no position.
    expect(jsonSyntaxErrorOffset('{"eventId": }')).toBe(12);
    expect(jsonSyntaxErrorOffset(`${'['.repeat(200_000)}1${']'.repeat(200_000)}`)).toBeUndefined();
    expect(jsonSyntaxErrorOffset(`${'['.repeat(200_000)}1}`)).toBe(200_001);
  });
});

describe('where UTF-8 breaks', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  const decodes = (bytes: Uint8Array) => {
    try {
      fatal.decode(bytes);
      return true;
    } catch {
      return false;
    }
  };

  it('names the first byte of the first sequence a fatal TextDecoder rejects', () => {
    const text = new TextEncoder().encode('ascii, é, €, 𝄞, and more ascii. '.repeat(4));
    const r = seededRandom(0x0f8);
    let invalid = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from(text);
      for (let k = 1 + Math.floor(r() * 2); k > 0; k--) {
        bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
      }
      const offset = invalidUtf8Offset(bytes);
      if (decodes(bytes)) {
        expect(offset, `mutant #${i}`).toBeUndefined();
        continue;
      }
      invalid++;
      expect(offset, `mutant #${i}`).toBeTypeOf('number');
      // Everything before is valid, and no prefix of what starts there decodes.
      expect(decodes(bytes.subarray(0, offset))).toBe(true);
      for (let j = 1; j <= 4 && offset! + j <= bytes.length; j++) {
        expect(decodes(bytes.subarray(offset, offset! + j)), `mutant #${i}, ${j} bytes`).toBe(
          false,
        );
      }
    }
    expect(invalid).toBeGreaterThan(1000);
  });
});
