/**
 * `workflow-playground build`: workflow module → bundled JS → component, cached by content hash.
 * The hash covers everything that decides the output bytes: the bundled JS (so the workflow, the
 * SDK and every dependency), the WIT files, the componentize-js version and the build options.
 * `componentizeCached` is the JS → component half, also used for hand-written test guests.
 *
 * The key is the inputs, not the output: componentize-js builds are not byte-reproducible. Its
 * wizer snapshot of StarlingMonkey keeps the random work directory componentize-js makes
 * (`/tmp/<12 hex>/sources/initializer.js`) and values SpiderMonkey draws from WASI random while
 * it initialises (hash-table keys and codes), so two builds of the same JS differ in about a
 * thousand bytes of memory and by a few dozen bytes in size (sdk/README.md, "Reproducibility").
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
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../repo.ts';
import { bundleWithSourceMap, isLibrarySource, type BundleOptions } from './bundle.ts';
import {
  checkAgainstWorld,
  componentizeJs,
  WASI_FEATURES,
  WORLD,
  type WasiFeature,
} from './componentize.ts';
import { sourcesSection, withSourcesSection } from './sources-section.ts';

export { REPO_ROOT };
/** Where built example components and the app's example index go (served as `examples/`). */
export const PUBLIC_EXAMPLES_DIR = join(REPO_ROOT, 'public', 'examples');
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

export interface ComponentizeOptions {
  cacheDir?: string;
  witDir?: string;
  /** WASI features to leave enabled; none by default (the component imports only the host). */
  wasiFeatures?: readonly WasiFeature[];
}

export async function contentHash(
  js: string,
  witDir = WIT_DIR,
  wasiFeatures: readonly WasiFeature[] = [],
): Promise<string> {
  const disabled = WASI_FEATURES.filter((f) => !wasiFeatures.includes(f));
  const hash = createHash('sha256');
  hash.update(
    `componentize-js ${await componentizeVersion()}\nworld ${WORLD}\ndisabled ${disabled.join(',')}\n`,
  );
  for (const name of readdirSync(witDir)
    .filter((n) => n.endsWith('.wit'))
    .sort()) {
    hash.update(`${name}\n`).update(readFileSync(join(witDir, name)));
  }
  return hash.update(js).digest('hex');
}

export type BuildOptions = ComponentizeOptions & BundleOptions;

export async function buildComponent(
  entry: string,
  options: BuildOptions = {},
): Promise<BuildResult> {
  const started = performance.now();
  const bundle = await bundleWithSourceMap(entry, options);
  const built = await componentizeCached(bundle.js, options);
  const section = sourcesSection(bundle.map, bundle.entry, resolve(entry), isLibrarySource);
  // `hash` stays the cache key of the JS → component step; the section is appended to its output.
  const component = withSourcesSection(built.component, section);
  return { ...built, component, ms: performance.now() - started };
}

/** JS module → component, reusing a cached build of identical inputs. */
export async function componentizeCached(
  js: string,
  options: ComponentizeOptions = {},
): Promise<BuildResult> {
  const started = performance.now();
  const witDir = options.witDir ?? WIT_DIR;
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const wasiFeatures = options.wasiFeatures ?? [];
  const hash = await contentHash(js, witDir, wasiFeatures);
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
  const component = await componentizeJs(js, witDir, wasiFeatures);
  await checkAgainstWorld(component, witDir, { allowWasi: wasiFeatures.length > 0 });
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
