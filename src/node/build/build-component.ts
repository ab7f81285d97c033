/**
 * `workflow-playground build`: workflow module → bundled JS → component, cached by content hash.
 * The hash covers everything that decides the output bytes: the bundled JS (so the workflow, the
 * SDK and every dependency), the WIT files, the componentize-js version and the build options.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflow, type BundleOptions } from './bundle.ts';
import { checkAgainstWorld, componentizeJs, DISABLED_FEATURES, WORLD } from './componentize.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const WIT_DIR = join(REPO_ROOT, 'wit');
export const DEFAULT_CACHE_DIR = join(REPO_ROOT, '.cache', 'components');

export interface BuildResult {
  component: Uint8Array;
  hash: string;
  cached: boolean;
  bundleBytes: number;
  ms: number;
}

async function componentizeVersion(): Promise<string> {
  const { version } = await import('@bytecodealliance/componentize-js');
  return version;
}

export async function contentHash(js: string, witDir = WIT_DIR): Promise<string> {
  const hash = createHash('sha256');
  hash.update(
    `componentize-js ${await componentizeVersion()}\nworld ${WORLD}\ndisabled ${DISABLED_FEATURES.join(',')}\n`,
  );
  for (const name of readdirSync(witDir)
    .filter((n) => n.endsWith('.wit'))
    .sort()) {
    hash.update(`${name}\n`).update(readFileSync(join(witDir, name)));
  }
  return hash.update(js).digest('hex');
}

export interface BuildOptions extends BundleOptions {
  cacheDir?: string;
  witDir?: string;
}

export async function buildComponent(
  entry: string,
  options: BuildOptions = {},
): Promise<BuildResult> {
  const started = performance.now();
  const witDir = options.witDir ?? WIT_DIR;
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const js = await bundleWorkflow(entry, options);
  const hash = await contentHash(js, witDir);
  const cachePath = join(cacheDir, `${hash}.wasm`);
  if (existsSync(cachePath)) {
    return {
      component: readFileSync(cachePath),
      hash,
      cached: true,
      bundleBytes: js.length,
      ms: performance.now() - started,
    };
  }
  const component = await componentizeJs(js, witDir);
  await checkAgainstWorld(component, witDir);
  mkdirSync(cacheDir, { recursive: true });
  // Write-then-rename so a build killed midway never leaves a truncated cache entry.
  const partial = `${cachePath}.${process.pid}.partial`;
  writeFileSync(partial, component);
  renameSync(partial, cachePath);
  return {
    component,
    hash,
    cached: false,
    bundleBytes: js.length,
    ms: performance.now() - started,
  };
}
