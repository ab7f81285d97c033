/**
 * The CLI's TranspileStore: jco's output for each component on disk, so that a process replaying
 * with a component it has seen before skips the transpiler (seconds for a 12 MB component, most
 * of it starting jco's own wasm). Kept per jco-transpile version, since another version may
 * generate other code for the same bytes.
 *
 * Layout: <cache>/transpiled/jco-transpile-<version>/<sha256>/{meta.json, guest.js, <core modules>}
 * where <cache> is $WORKFLOW_PLAYGROUND_CACHE, else $XDG_CACHE_HOME/workflow-playground, else
 * ~/.cache/workflow-playground. An entry is written in a temporary folder and renamed into place,
 * so a reader sees a whole entry or none.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TranspileOutput, TranspileStore } from '../../engine/host/transpile.ts';

interface Meta {
  imports: string[];
  exports: string[];
  coreModules: string[];
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env['WORKFLOW_PLAYGROUND_CACHE']) return env['WORKFLOW_PLAYGROUND_CACHE'];
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'workflow-playground');
}

/** The installed jco-transpile's version (its package.json is not among its exports). */
function jcoVersion(): string {
  let dir = dirname(
    fileURLToPath(import.meta.resolve('@bytecodealliance/jco-transpile/component')),
  );
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === '@bytecodealliance/jco-transpile' && pkg.version) return pkg.version;
    } catch {
      // Not the package's root yet.
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

/** A core module's file name as jco gives it (`guest.core.wasm`), never a path. */
const SAFE_NAME = /^[\w.-]+$/;

export class DiskTranspileStore implements TranspileStore {
  readonly dir: string;

  constructor(root = cacheRoot()) {
    this.dir = join(root, 'transpiled', `jco-transpile-${jcoVersion()}`);
  }

  async get(hash: string): Promise<TranspileOutput | undefined> {
    const entry = join(this.dir, hash);
    let meta: Meta;
    try {
      meta = JSON.parse(await readFile(join(entry, 'meta.json'), 'utf8')) as Meta;
    } catch {
      return undefined;
    }
    if (!meta.coreModules.every((name) => SAFE_NAME.test(name))) return undefined;
    const js = await readFile(join(entry, 'guest.js'), 'utf8');
    const coreModules = await Promise.all(
      meta.coreModules.map(
        async (name) =>
          [name, new Uint8Array(await readFile(join(entry, name)))] as [string, Uint8Array],
      ),
    );
    return { js, coreModules, imports: meta.imports, exports: meta.exports };
  }

  async put(hash: string, output: TranspileOutput): Promise<void> {
    if (!output.coreModules.every(([name]) => SAFE_NAME.test(name) && name !== 'guest.js')) return;
    const entry = join(this.dir, hash);
    const partial = `${entry}.${process.pid}.${Date.now()}.partial`;
    await mkdir(partial, { recursive: true });
    try {
      await writeFile(join(partial, 'guest.js'), output.js);
      for (const [name, bytes] of output.coreModules) await writeFile(join(partial, name), bytes);
      const meta: Meta = {
        imports: output.imports,
        exports: output.exports,
        coreModules: output.coreModules.map(([name]) => name),
      };
      await writeFile(join(partial, 'meta.json'), JSON.stringify(meta));
      // Another process may have stored the same component meanwhile: either copy will do.
      await rename(partial, entry).catch(() => undefined);
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }
}
