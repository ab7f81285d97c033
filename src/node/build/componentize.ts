/**
 * JavaScript → component with componentize-js, then a check that the result implements exactly
 * the world in `wit/`. By default every WASI feature is disabled: a workflow must not reach clocks,
 * random, stdio or the network, and the component imports nothing but `workflow-host`. Test guests
 * that stand in for components from other toolchains enable some features, and so import WASI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enablePreopens } from './preopens.ts';
import { BUNDLE_FILE } from './sources-section.ts';

export const WORLD = 'workflow-module';
export const WASI_FEATURES = ['stdio', 'random', 'clocks', 'http', 'fetch-event'] as const;
export type WasiFeature = (typeof WASI_FEATURES)[number];

export async function componentizeJs(
  js: string,
  witDir: string,
  enabledFeatures: readonly WasiFeature[] = [],
): Promise<Uint8Array> {
  enablePreopens();
  const { componentize } = await import('@bytecodealliance/componentize-js');
  const dir = mkdtempSync(join(tmpdir(), 'wp-componentize-'));
  try {
    // The name SpiderMonkey gives the bundle in stacks, which the sources section names.
    const sourcePath = join(dir, BUNDLE_FILE);
    writeFileSync(sourcePath, js);
    const { component } = await componentize({
      sourcePath,
      witPath: witDir,
      worldName: WORLD,
      disableFeatures: WASI_FEATURES.filter((f) => !enabledFeatures.includes(f)),
    });
    return component;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const iface = (m: { namespace: string; package: string; interface: string }) =>
  `${m.namespace}:${m.package}/${m.interface}`;

/**
 * Throws unless the component's imports and exports are those of the world in `witDir`; with
 * `allowWasi`, WASI imports (which an enabled feature brings in) are allowed besides.
 */
export async function checkAgainstWorld(
  component: Uint8Array,
  witDir: string,
  { allowWasi = false } = {},
): Promise<void> {
  enablePreopens();
  const tools = await import('@bytecodealliance/jco-transpile/wasm-tools');
  const expected = await tools.componentWitMetadataForWorld({ tag: 'path', val: witDir }, WORLD);
  const printed = await tools.componentWit(component);
  const lines = (kind: 'import' | 'export') =>
    [...printed.matchAll(new RegExp(`^\\s*${kind} ([^;]+?)(@[^;]*)?;`, 'gm'))]
      .map((m) => m[1]!)
      .filter((name) => !(allowWasi && kind === 'import' && name.startsWith('wasi:')))
      .sort();
  const want = (list: typeof expected.imports) => list.map(iface).sort();
  const problems: string[] = [];
  for (const [kind, got, exp] of [
    ['import', lines('import'), want(expected.imports)],
    ['export', lines('export'), want(expected.exports)],
  ] as const) {
    if (got.join() !== exp.join())
      problems.push(`${kind}s ${got.join(', ') || 'nothing'}; the world has ${exp.join(', ')}`);
  }
  if (problems.length > 0)
    throw new Error(
      `The built component does not match world ${WORLD}: it ${problems.join('; it ')}.`,
    );
}
