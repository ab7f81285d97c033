/**
 * `npm run build:check-host`: builds `tools/check-host`, the upstream host oracle of
 * `workflow-playground check-host` (Temporal's `temporalio-sdk` WasmWorkflowComponent on wasmtime,
 * driven by sdk-core's replay worker), natively with the `cargo` on PATH.
 *
 * The sdk crate gets one addition, `tools/check-host/upstream-trace.patch`: a hook that wraps the
 * host and instance the sdk's driver uses so every call can be recorded (the published crate has
 * no way to observe them; see tools/check-host/README.md). The published source comes from cargo
 * itself (`cargo metadata` downloads and checks it against the registry's checksum), is copied to
 * `tools/check-host/upstream/temporalio-sdk` (not committed) and patched there; a stamp with the
 * patch's hash makes later builds skip this, so cargo sees unchanged files and stays fresh.
 *
 * Caching: Cargo's target dir lives outside the clone (~/.cache/workflow-playground/check-host-target,
 * or WP_CHECK_HOST_TARGET_DIR), so a fresh clone on the same machine (CI) reuses the compiled
 * dependencies (wasmtime, sdk-core); a build with nothing changed is cargo's freshness check.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './build-component.ts';

export const CHECK_HOST_DIR = join(REPO_ROOT, 'tools', 'check-host');
const USER_CACHE = join(homedir(), '.cache', 'workflow-playground');
export const CHECK_HOST_TARGET_DIR =
  process.env.WP_CHECK_HOST_TARGET_DIR ?? join(USER_CACHE, 'check-host-target');
const CARGO = process.env.WP_CHECK_HOST_CARGO ?? 'cargo';
const JOBS = process.env.WP_RUST_JOBS ?? '2';
const PATCH = join(CHECK_HOST_DIR, 'upstream-trace.patch');
const PATCHED_CRATE = join(CHECK_HOST_DIR, 'upstream', 'temporalio-sdk');
const WORKFLOW_WIT = join(CHECK_HOST_DIR, 'upstream', 'workflow', 'wit');
const SDK_VERSION = '0.5.0';

/** The built program. */
export function checkHostBinary(): string {
  return join(CHECK_HOST_TARGET_DIR, 'release', 'check-host-upstream');
}

function requireTool(command: string, args: string[], hint: string): void {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error(`check-host needs \`${command}\` (${hint}): ${r.error?.message ?? r.stderr}`);
}

/** Where cargo keeps the published temporalio-sdk and temporalio-workflow sources (downloading them). */
function publishedSources(): { sdk: string; workflow: string } {
  // A throwaway manifest that depends on exactly the crate; cargo resolves, downloads and verifies.
  const probe = join(USER_CACHE, 'check-host-fetch');
  mkdirSync(join(probe, 'src'), { recursive: true });
  writeFileSync(
    join(probe, 'Cargo.toml'),
    `[package]\nname = "check-host-fetch"\nversion = "0.0.0"\nedition = "2024"\n\n` +
      `[dependencies]\ntemporalio-sdk = { version = "=${SDK_VERSION}", default-features = false }\n`,
  );
  writeFileSync(join(probe, 'src', 'lib.rs'), '');
  const metadata = JSON.parse(
    execFileSync(
      CARGO,
      ['metadata', '--format-version', '1', '--manifest-path', join(probe, 'Cargo.toml')],
      { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  ) as {
    packages: Array<{
      name: string;
      version: string;
      source: string | null;
      manifest_path: string;
    }>;
  };
  const dir = (name: string) => {
    const p = metadata.packages.find(
      (p) => p.name === name && p.version === SDK_VERSION && p.source?.startsWith('registry+'),
    );
    if (!p) throw new Error(`cargo metadata did not resolve ${name} ${SDK_VERSION} from crates.io`);
    return dirname(p.manifest_path);
  };
  return { sdk: dir('temporalio-sdk'), workflow: dir('temporalio-workflow') };
}

/** Copies the published crate and applies the trace hook, unless the stamp says it is done. */
export function preparePatchedSdk(log: (line: string) => void = console.log): void {
  const patch = readFileSync(PATCH);
  const stamp = `temporalio-sdk ${SDK_VERSION} + ${createHash('sha256').update(patch).digest('hex')}\n`;
  // Beside the crate, not in it: cargo would take a new file in it for a changed source.
  const stampPath = `${PATCHED_CRATE}.stamp`;
  const done =
    existsSync(stampPath) &&
    readFileSync(stampPath, 'utf8') === stamp &&
    existsSync(join(PATCHED_CRATE, 'Cargo.toml')) &&
    existsSync(WORKFLOW_WIT);
  if (done) return;
  rmSync(stampPath, { force: true });
  const source = publishedSources();
  log(`check-host: patching ${source.sdk} -> tools/check-host/upstream/temporalio-sdk`);
  rmSync(PATCHED_CRATE, { recursive: true, force: true });
  mkdirSync(dirname(PATCHED_CRATE), { recursive: true });
  cpSync(source.sdk, PATCHED_CRATE, { recursive: true });
  // The published sdk's bindgen! reads `../workflow/wit`, its sibling crate in sdk-core's
  // repository, which the published package does not contain (so `wasm-workflows` cannot build
  // from crates.io as is). The same WIT ships in the published temporalio-workflow: put it there.
  rmSync(WORKFLOW_WIT, { recursive: true, force: true });
  cpSync(join(source.workflow, 'wit'), WORKFLOW_WIT, { recursive: true });
  const r = spawnSync('patch', ['-p1', '--forward', '--batch', '-d', PATCHED_CRATE, '-i', PATCH], {
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0)
    throw new Error(
      `applying tools/check-host/upstream-trace.patch to temporalio-sdk ${SDK_VERSION} failed: ${r.error?.message ?? r.stdout + r.stderr}`,
    );
  writeFileSync(stampPath, stamp);
}

export interface CheckHostBuild {
  binary: string;
  ms: number;
}

/** Builds the program (cargo decides what is stale) and returns its path. */
export function buildCheckHost(log: (line: string) => void = console.log): CheckHostBuild {
  const started = performance.now();
  requireTool(
    CARGO,
    ['--version'],
    'a Rust toolchain for this machine: rustup, or Debian rustc/cargo',
  );
  // temporalio-protos compiles the Temporal protos with protoc in its build script.
  requireTool('protoc', ['--version'], 'Debian: protobuf-compiler');
  preparePatchedSdk(log);
  const args = [
    'build',
    '--release',
    '--locked',
    '-j',
    JOBS,
    '--manifest-path',
    join(CHECK_HOST_DIR, 'Cargo.toml'),
  ];
  const r = spawnSync(CARGO, args, {
    stdio: 'inherit',
    env: { ...process.env, CARGO_TARGET_DIR: CHECK_HOST_TARGET_DIR },
  });
  if (r.error || r.status !== 0)
    throw new Error(
      `${CARGO} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`,
    );
  const ms = performance.now() - started;
  log(`check-host: ${checkHostBinary()} (${(ms / 1000).toFixed(1)} s)`);
  return { binary: checkHostBinary(), ms };
}

/** True when the program is built (tests that need it skip without it, naming the command). */
export function checkHostBuilt(): boolean {
  return existsSync(checkHostBinary());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    buildCheckHost();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
