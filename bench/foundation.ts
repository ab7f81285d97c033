/**
 * Foundation figures: what the app weighs (initial JS, lazy chunks, wasm), what each protobuf
 * schema option would cost in the bundle, how long a component takes to build, and how long
 * transpiling and instantiating it takes in Node and in Chromium.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { loadComponent } from '../src/engine/host/component.ts';
import { buildComponent, REPO_ROOT } from '../src/node/build/build-component.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.ts';
import { startPreview } from '../scripts/preview-server.ts';

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);

async function bundleSize(contents: string): Promise<{ raw: number; gzip: number }> {
  const out = await build({
    stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  const bytes = out.outputFiles[0]!.contents;
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
}

async function protoOptions(): Promise<void> {
  console.log('\nprotobuf schema in the bundle (protobufjs/light + descriptor, minified):');
  const require = createRequire(import.meta.url);
  const full = await bundleSize(
    `import root from ${JSON.stringify(require.resolve('@temporalio/proto/protos/json-module.js'))}; console.log(root);`,
  );
  const trimmed = await bundleSize(
    `import { root } from './src/engine/proto/index.ts'; console.log(root);`,
  );
  row('@temporalio/proto JSON descriptor (all APIs)', `${kib(full.raw)} (gzip ${kib(full.gzip)})`);
  row('trimmed descriptor from .proto (chosen)', `${kib(trimmed.raw)} (gzip ${kib(trimmed.gzip)})`);
}

function distSizes(): void {
  console.log('\nproduction build (dist/):');
  const assets = join(REPO_ROOT, 'dist', 'assets');
  const html = readFileSync(join(REPO_ROOT, 'dist', 'index.html'), 'utf8');
  for (const file of readdirSync(assets).sort()) {
    const bytes = readFileSync(join(assets, file));
    const kind = file.endsWith('.wasm')
      ? 'wasm (lazy, worker)'
      : html.includes(file)
        ? 'initial'
        : 'lazy chunk';
    row(`${file} [${kind}]`, `${kib(bytes.length)} (gzip ${kib(gzipSync(bytes).length)})`);
  }
  for (const file of readdirSync(join(REPO_ROOT, 'dist', 'examples')).filter((f) =>
    f.endsWith('.wasm'),
  )) {
    row(
      `examples/${file} [component]`,
      kib(statSync(join(REPO_ROOT, 'dist', 'examples', file)).size),
    );
  }
}

async function componentTimings(): Promise<Uint8Array> {
  console.log('\ncomponent build (componentize-js, uncached) and load in Node:');
  const cacheDir = mkdtempSync(join(tmpdir(), 'wp-bench-'));
  const built = await buildComponent(join(REPO_ROOT, 'examples', 'hello', 'workflow.ts'), {
    cacheDir,
  });
  row(
    'build hello (bundle + componentize + check)',
    `${(built.ms / 1000).toFixed(2)} s, ${kib(built.component.length)}`,
  );
  const cached = await buildComponent(join(REPO_ROOT, 'examples', 'hello', 'workflow.ts'), {
    cacheDir,
  });
  row('build hello again (cache hit)', `${cached.ms.toFixed(0)} ms`);
  const loaded = await loadComponent(built.component);
  row(
    'Node: transpile / compile / instantiate',
    `${loaded.timings.transpileMs.toFixed(0)} / ${loaded.timings.compileMs.toFixed(0)} / ${loaded.timings.instantiateMs.toFixed(0)} ms`,
  );
  return built.component;
}

async function chromiumTimings(): Promise<void> {
  console.log('\nChromium (production build, engine in a Web Worker):');
  const server = await startPreview(4199);
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.goto(server.url);
    const started = Date.now();
    await page.getByTestId('result').waitFor({ timeout: 60_000 });
    const text = async (id: string) => (await page.getByTestId(id).textContent()) ?? '?';
    row('page load → first completion shown', `${Date.now() - started} ms`);
    row(
      'transpile / compile / instantiate',
      `${await text('transpile-ms')} / ${await text('compile-ms')} / ${await text('instantiate-ms')}`,
    );
    await browser.close();
  } finally {
    server.stop();
  }
}

export async function run(): Promise<void> {
  console.log('== foundation ==');
  await protoOptions();
  if (
    spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' }).status !== 0
  )
    throw new Error('npm run build failed');
  distSizes();
  await componentTimings();
  await chromiumTimings();
}
