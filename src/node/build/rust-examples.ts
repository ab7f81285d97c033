/**
 * `npm run build:rust-examples`: builds the Rust workflow examples in `examples-rust/` (written
 * against Temporal's guest crate `temporalio-workflow`) into `public/examples/rust-<id>.wasm`.
 *
 * Toolchain: rustup cannot download the wasm32 standard library here, so this uses Debian's
 * `rustc-web`/`cargo-web` with `rust-web-src` and builds std from source
 * (`RUSTC_BOOTSTRAP=1 -Zbuild-std=std,panic_abort`) for `wasm32-unknown-unknown`, linking with
 * `rust-lld` (rust-web-llvm's link to lld-22). `temporalio-protos` runs protoc at build time and
 * imports google/protobuf/field_mask.proto, hence protobuf-compiler and libprotobuf-dev. As root,
 * missing packages are installed with apt-get; otherwise the error names them.
 *
 * The core module becomes a component with wasm-tools' `component new` (jco-transpile's build of
 * it, so no cargo install), and is checked against our wit/ world.
 *
 * Caching: components by a hash of every build input (toolchain versions, Cargo.toml/Cargo.lock,
 * the example's files, the flags), like the TypeScript examples, and Cargo's target dir, both
 * outside the clone (~/.cache/workflow-playground/, or WP_RUST_COMPONENT_CACHE and
 * WP_RUST_TARGET_DIR) so a fresh clone on the same machine (CI) reuses them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ExampleManifest,
  ExampleManifestEntry,
  ExampleMeta,
} from '../../../examples/manifest.ts';
import { PUBLIC_EXAMPLES_DIR, REPO_ROOT, WIT_DIR } from './build-component.ts';
import { checkAgainstWorld } from './componentize.ts';
import { enablePreopens } from './preopens.ts';

export const RUST_EXAMPLES_DIR = join(REPO_ROOT, 'examples-rust');
export const TARGET = 'wasm32-unknown-unknown';

/** Debian packages the build needs (bookworm with its rust-web backport). */
export const APT_PACKAGES = [
  'rustc-web',
  'cargo-web',
  'rust-web-src',
  'rust-web-llvm',
  'lld-22',
  'protobuf-compiler',
  'libprotobuf-dev',
];

const CARGO = process.env.WP_RUST_CARGO ?? '/usr/bin/cargo';
const RUSTC = process.env.WP_RUST_RUSTC ?? '/usr/bin/rustc';
const JOBS = process.env.WP_RUST_JOBS ?? '2';
const USER_CACHE = join(homedir(), '.cache', 'workflow-playground');
export const RUST_TARGET_DIR = process.env.WP_RUST_TARGET_DIR ?? join(USER_CACHE, 'rust-target');
/**
 * Built components by content hash. Outside the clone too: the builds are byte-identical from
 * any checkout path (stripped, no debug info), so a fresh clone reuses them. They do embed the
 * target dir and ~/.cargo paths (in panic locations), so the target dir is part of the hash.
 */
export const RUST_COMPONENT_CACHE =
  process.env.WP_RUST_COMPONENT_CACHE ?? join(USER_CACHE, 'rust-components');

const CARGO_FLAGS = [
  'build',
  '--release',
  '--locked',
  '--target',
  TARGET,
  '-Zbuild-std=std,panic_abort',
];

/** The public file a Rust example is written to. */
export function rustExamplePath(id: string): string {
  return join(PUBLIC_EXAMPLES_DIR, `rust-${id}.wasm`);
}

/** Example ids: folders of examples-rust/ with a Cargo.toml. */
export function listRustExamples(): string[] {
  return readdirSync(RUST_EXAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(RUST_EXAMPLES_DIR, d.name, 'Cargo.toml')))
    .map((d) => d.name)
    .sort();
}

function packageName(id: string): string {
  const toml = readFileSync(join(RUST_EXAMPLES_DIR, id, 'Cargo.toml'), 'utf8');
  const name = /^name\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (!name) throw new Error(`examples-rust/${id}/Cargo.toml has no package name`);
  return name;
}

function missingPackages(): string[] {
  return APT_PACKAGES.filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/** Installs the Debian packages that are missing (as root), or says which to install. */
export function ensureToolchain(log: (line: string) => void = console.log): void {
  const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
  if (hasDpkg) {
    const missing = missingPackages();
    if (missing.length > 0) {
      const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
      if (process.getuid?.() !== 0)
        throw new Error(`The Rust examples need Debian packages; run as root: ${command}`);
      log(`rust-examples: installing ${missing.join(' ')}`);
      const run = (args: string[]) =>
        execFileSync('apt-get', args, {
          stdio: 'inherit',
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        });
      run(['update']);
      run(command.split(' ').slice(1));
    }
  }
  for (const tool of [CARGO, RUSTC]) {
    if (!existsSync(tool))
      throw new Error(
        `${tool} not found: install ${APT_PACKAGES.join(' ')} (Debian), or set WP_RUST_CARGO/WP_RUST_RUSTC`,
      );
  }
  const sysroot = execFileSync(RUSTC, ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
  if (!existsSync(join(sysroot, 'lib', 'rustlib', 'src', 'rust', 'library', 'Cargo.lock')))
    throw new Error(
      `${RUSTC} has no standard library source (${sysroot}/lib/rustlib/src): -Zbuild-std needs it (Debian: rust-web-src)`,
    );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => {
      const path = join(dir, d.name);
      if (d.isDirectory()) return d.name === 'target' ? [] : filesUnder(path);
      return d.isFile() ? [path] : [];
    })
    .sort();
}

async function witComponentVersion(): Promise<string> {
  const pkg = JSON.parse(
    readFileSync(
      join(REPO_ROOT, 'node_modules', '@bytecodealliance', 'jco-transpile', 'package.json'),
      'utf8',
    ),
  ) as { version: string };
  return pkg.version;
}

let versions: Promise<string> | undefined;
/** rustc's, cargo's and jco-transpile's versions: asked once per process, not per example. */
function toolchainVersions(): Promise<string> {
  versions ??= (async () =>
    execFileSync(RUSTC, ['-vV'], { encoding: 'utf8' }) +
    execFileSync(CARGO, ['-V'], { encoding: 'utf8' }) +
    `jco-transpile ${await witComponentVersion()}\n`)();
  return versions;
}

/** The hash of every input that decides one example's component bytes. */
export async function rustContentHash(id: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`rust-examples 1\n${CARGO_FLAGS.join(' ')}\n`);
  hash.update(await toolchainVersions());
  // The components embed Cargo's target dir (temporalio-protos' OUT_DIR in panic locations),
  // so the same sources built in another target dir differ in those bytes.
  hash.update(`target dir ${RUST_TARGET_DIR}\n`);
  const inputs = [
    join(RUST_EXAMPLES_DIR, 'Cargo.toml'),
    join(RUST_EXAMPLES_DIR, 'Cargo.lock'),
    // example.json is what the app shows and simulates, not a build input.
    ...filesUnder(join(RUST_EXAMPLES_DIR, id)).filter((f) => !f.endsWith('example.json')),
    ...filesUnder(WIT_DIR),
  ];
  for (const file of inputs)
    hash.update(`${relative(REPO_ROOT, file)}\n`).update(readFileSync(file));
  return hash.digest('hex');
}

function cargoBuild(packages: string[]): void {
  const env = {
    ...process.env,
    RUSTC,
    RUSTDOC: RUSTC.replace(/rustc$/, 'rustdoc'),
    // -Zbuild-std is unstable; Debian's stable rustc accepts it with this switch.
    RUSTC_BOOTSTRAP: '1',
    CARGO_TARGET_DIR: RUST_TARGET_DIR,
  };
  const args = [
    ...CARGO_FLAGS,
    '-j',
    JOBS,
    '--manifest-path',
    join(RUST_EXAMPLES_DIR, 'Cargo.toml'),
    ...packages.flatMap((p) => ['-p', p]),
  ];
  const r = spawnSync(CARGO, args, { stdio: 'inherit', env });
  if (r.status !== 0)
    throw new Error(`cargo ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

export interface RustBuildResult {
  id: string;
  path: string;
  hash: string;
  bytes: number;
  coreBytes?: number;
  cached: boolean;
}

/** Builds the given examples (all by default), reusing cached components of identical inputs. */
export async function buildRustExamples(
  ids: string[] = listRustExamples(),
  log: (line: string) => void = console.log,
): Promise<RustBuildResult[]> {
  ensureToolchain(log);
  mkdirSync(PUBLIC_EXAMPLES_DIR, { recursive: true });
  mkdirSync(RUST_COMPONENT_CACHE, { recursive: true });
  const hashes = new Map<string, string>();
  for (const id of ids) hashes.set(id, await rustContentHash(id));
  const cachePath = (id: string) => join(RUST_COMPONENT_CACHE, `${hashes.get(id)}.wasm`);
  const stale = ids.filter((id) => !existsSync(cachePath(id)));
  // One cargo run for every stale example: they share the compiled dependencies.
  if (stale.length > 0) cargoBuild(stale.map(packageName));

  enablePreopens();
  const tools = await import('@bytecodealliance/jco-transpile/wasm-tools');
  const results: RustBuildResult[] = [];
  for (const id of ids) {
    const cached = !stale.includes(id);
    let coreBytes: number | undefined;
    if (!cached) {
      const core = join(
        RUST_TARGET_DIR,
        TARGET,
        'release',
        `${packageName(id).replaceAll('-', '_')}.wasm`,
      );
      const module = readFileSync(core);
      coreBytes = module.length;
      const component = await tools.componentNew(module);
      await checkAgainstWorld(component, WIT_DIR);
      // Write-then-rename so a killed build never leaves a truncated cache entry.
      const partial = `${cachePath(id)}.${process.pid}.partial`;
      writeFileSync(partial, component);
      renameSync(partial, cachePath(id));
    }
    const component = readFileSync(cachePath(id));
    writeFileSync(rustExamplePath(id), component);
    const result = {
      id,
      path: rustExamplePath(id),
      hash: hashes.get(id)!,
      bytes: component.length,
      cached,
      ...(coreBytes ? { coreBytes } : {}),
    };
    results.push(result);
    log(
      `rust example ${id}: ${(component.length / 1e3).toFixed(0)} kB, ${cached ? 'cached' : 'built'} ` +
        `-> ${relative(REPO_ROOT, result.path)} (${result.hash.slice(0, 12)})`,
    );
  }
  updateIndex(log);
  return results;
}

export function readRustExampleMeta(id: string): ExampleMeta {
  return JSON.parse(
    readFileSync(join(RUST_EXAMPLES_DIR, id, 'example.json'), 'utf8'),
  ) as ExampleMeta;
}

/**
 * The app's manifest entries of the Rust examples that are built (`rust-<id>`, in `order`), so the
 * example selector lists them beside the TypeScript ones. `replays` names a Rust example.
 */
export function rustManifestEntries(
  log: (line: string) => void = console.log,
): ExampleManifestEntry[] {
  const ids = listRustExamples();
  const built = ids.filter(rustExampleBuilt);
  const missing = ids.filter((id) => !built.includes(id));
  if (missing.length > 0)
    log(
      `rust examples not built (${missing.join(', ')}): left out of the app; run \`npm run build:rust-examples\``,
    );
  const metas = new Map(built.map((id) => [id, readRustExampleMeta(id)]));
  const entries = built.map((id): ExampleManifestEntry => {
    const meta = metas.get(id)!;
    if (meta.replays !== undefined && !ids.includes(meta.replays))
      throw new Error(
        `examples-rust/${id}/example.json: "replays" names "${meta.replays}", which is not a Rust example (${ids.join(', ')})`,
      );
    const component = readFileSync(rustExamplePath(id));
    return {
      id: `rust-${id}`,
      ...meta,
      ...(meta.replays !== undefined && { replays: `rust-${meta.replays}` }),
      language: 'rust',
      component: `examples/rust-${id}.wasm`,
      hash: createHash('sha256').update(component).digest('hex'),
      bytes: component.length,
      source: {
        path: `examples-rust/${id}/src/lib.rs`,
        text: readFileSync(join(RUST_EXAMPLES_DIR, id, 'src', 'lib.rs'), 'utf8'),
      },
    };
  });
  const order = (e: ExampleManifestEntry) => e.order ?? Infinity;
  return entries.sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id));
}

/**
 * Puts the Rust entries into an existing `index.json` (written by `build:examples`, which adds
 * them itself), so building either set first leaves the app listing both.
 */
function updateIndex(log: (line: string) => void): void {
  const path = join(PUBLIC_EXAMPLES_DIR, 'index.json');
  if (!existsSync(path)) return;
  const index = JSON.parse(readFileSync(path, 'utf8')) as ExampleManifest;
  const examples = [
    ...index.examples.filter((e) => e.language !== 'rust'),
    ...rustManifestEntries(log),
  ];
  writeFileSync(path, JSON.stringify({ ...index, examples }, null, 2));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const ids = process.argv.slice(2);
  try {
    await buildRustExamples(ids.length > 0 ? ids : undefined);
    console.log(`rust examples: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

/** True when the example's component exists (tests skip without it). */
export function rustExampleBuilt(id: string): boolean {
  return existsSync(rustExamplePath(id)) && statSync(rustExamplePath(id)).size > 0;
}
