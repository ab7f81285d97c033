import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildComponent } from '../../src/node/build/build-component.ts';
import { REPO } from '../paths.ts';

describe('component builds are cached by content hash', () => {
  it('reuses a build for identical inputs and rebuilds when the workflow changes', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'wp-cache-'));
    const dir = mkdtempSync(join(REPO, '.cache', 'test-workflow-'));
    const entry = join(dir, 'workflow.ts');
    const write = (greeting: string) =>
      writeFileSync(
        entry,
        `export async function greet(name: string) { return \`${greeting}, \${name}\`; }\n`,
      );

    try {
      write('Hi');
      const first = await buildComponent(entry, { cacheDir });
      const again = await buildComponent(entry, { cacheDir });
      write('Hey');
      const changed = await buildComponent(entry, { cacheDir });

      expect(first.cached).toBe(false);
      expect(again.cached).toBe(true);
      expect(again.hash).toBe(first.hash);
      expect(Buffer.from(again.component).equals(Buffer.from(first.component))).toBe(true);
      expect(changed.cached).toBe(false);
      expect(changed.hash).not.toBe(first.hash);
      expect(readdirSync(cacheDir).sort()).toEqual(
        [`${first.hash}.wasm`, `${changed.hash}.wasm`].sort(),
      );
    } finally {
      // The workflow folder is inside the repo (.cache/): leave none behind.
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
