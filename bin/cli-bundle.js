/**
 * The CLI's compiled bundle: esbuild turns src/node/cli/main.ts and the engine's worker thread
 * into JavaScript under .cache/cli/ (one chunk per command, packages left to node_modules), so a
 * start runs JavaScript instead of compiling the TypeScript sources with tsx every time (a third
 * of the start-up's time and memory; `npm run bench -- cli-vs-ts-sdk`). It is built on install
 * (`prepare`) and again by the first start after any of its sources changed (their
 * modification times against the build's), so there is still no compile step to forget.
 *
 * Each build goes to its own folder and `current.json` is replaced in one rename to name it:
 * processes starting together (tests run the CLI in parallel) never see half a bundle, and one
 * that runs from an older build keeps its files while it loads its chunks.
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(REPO, '.cache', 'cli');
const CURRENT = join(ROOT, 'current.json');
/** Older builds are removed once this old: no CLI start takes that long to load its chunks. */
const KEEP_MS = 10 * 60 * 1000;

/** The folder of the current build when no source it was built from changed since, else undefined. */
export function freshBundle() {
  let current;
  try {
    current = JSON.parse(readFileSync(CURRENT, 'utf8'));
  } catch {
    return undefined;
  }
  for (const input of current.inputs) {
    try {
      if (statSync(join(REPO, input)).mtimeMs > current.builtAt) return undefined;
    } catch {
      return undefined; // A source was deleted or moved.
    }
  }
  return join(ROOT, current.dir);
}

/** Builds the bundle and makes it current; returns its folder. */
export async function buildBundle() {
  const { build } = await import('esbuild');
  // Compared with the sources' modification times, so taken before esbuild reads them.
  const builtAt = Date.now();
  const dir = `build-${builtAt}-${process.pid}`;
  const result = await build({
    absWorkingDir: REPO,
    entryPoints: {
      main: 'src/node/cli/main.ts',
      'engine-worker': 'src/node/engine-worker/worker.ts',
    },
    outdir: join(ROOT, dir),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
  });
  const next = `${CURRENT}.${process.pid}`;
  writeFileSync(
    next,
    JSON.stringify({ dir, builtAt, inputs: Object.keys(result.metafile.inputs) }),
  );
  renameSync(next, CURRENT);
  for (const old of readdirSync(ROOT)) {
    if (!old.startsWith('build-') || old === dir) continue;
    const path = join(ROOT, old);
    if (Date.now() - statSync(path).mtimeMs > KEEP_MS)
      rmSync(path, { recursive: true, force: true });
  }
  return join(ROOT, dir);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(ROOT, { recursive: true });
  await buildBundle();
}
