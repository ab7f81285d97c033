/**
 * The CLI's on-disk store of transpiled components: a second process loading the same component
 * skips jco and gets a component that behaves the same; what the store holds is checked as jco's
 * own output is, and a damaged entry is transpiled again rather than trusted.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadComponent } from '../../src/engine/host/component.ts';
import { HostError } from '../../src/engine/host/errors.ts';
import { sha256Hex } from '../../src/engine/host/sha256.ts';
import { DiskTranspileStore } from '../../src/node/engine-worker/transpile-store.ts';
import { helloComponent } from './fixtures.ts';

const roots: string[] = [];
function freshStore(): DiskTranspileStore {
  const root = mkdtempSync(join(tmpdir(), 'wp-transpile-'));
  roots.push(root);
  return new DiskTranspileStore(root);
}
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

describe('a transpile store on disk', () => {
  it('keeps jco output by content hash; a later load uses it and behaves the same', async () => {
    const bytes = await helloComponent();
    const store = freshStore();
    const first = await loadComponent(bytes, 'hello.wasm', { store });
    expect(first.transpiled.stored).toBe(false);
    const hash = await sha256Hex(bytes);
    expect(readdirSync(store.dir)).toEqual([hash]);
    expect(readdirSync(join(store.dir, hash)).sort()).toEqual(
      ['guest.js', 'meta.json', ...first.transpiled.coreModules.keys()].sort(),
    );

    const second = await loadComponent(bytes, 'hello.wasm', { store });
    expect(second.transpiled.stored).toBe(true);
    expect(second.transpiled.js).toBe(first.transpiled.js);
    expect(second.transpiled.imports).toEqual(first.transpiled.imports);
    expect(second.workflows).toEqual(first.workflows);
  });

  it('checks stored output as it checks jco output', async () => {
    const bytes = await helloComponent();
    const store = freshStore();
    const hash = await sha256Hex(bytes);
    const kept = await loadComponent(bytes, 'hello.wasm', { store });
    // The entry now says the component imports something this host cannot provide.
    writeFileSync(
      join(store.dir, hash, 'meta.json'),
      JSON.stringify({
        imports: [...kept.transpiled.imports, 'acme:clock/now'],
        exports: [...kept.transpiled.exports],
        coreModules: [...kept.transpiled.coreModules.keys()],
      }),
    );
    const refused = await loadComponent(bytes, 'hello.wasm', { store }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HostError);
    expect((refused as HostError).code).toBe('unsupported-import');
  });

  it('transpiles again when an entry is damaged', async () => {
    const bytes = await helloComponent();
    const store = freshStore();
    const hash = await sha256Hex(bytes);
    await loadComponent(bytes, 'hello.wasm', { store });
    writeFileSync(join(store.dir, hash, 'meta.json'), '{"imports": [');
    const again = await loadComponent(bytes, 'hello.wasm', { store });
    expect(again.transpiled.stored).toBe(false);
    expect(again.workflows.map((w) => w.workflowType)).toEqual(['greet']);
  });
});
