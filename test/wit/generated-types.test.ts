import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWitTypes } from '../../src/node/gen/wit-types.ts';
import { REPO } from '../paths.ts';

describe('TypeScript types of the WIT world', () => {
  for (const [side, dir] of [
    ['host', 'src/engine/wit/generated'],
    ['guest', 'sdk/wit/generated'],
  ] as const) {
    it(`${side} side is exactly what jco generates from wit/`, async () => {
      const files = await generateWitTypes(join(REPO, 'wit'), side);
      expect(files.length).toBeGreaterThanOrEqual(4);
      for (const [name, content] of files) {
        expect(readFileSync(join(REPO, dir, name), 'utf8'), name).toBe(
          new TextDecoder().decode(content),
        );
      }
    });
  }
});
