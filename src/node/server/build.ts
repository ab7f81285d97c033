/**
 * Builds the local Temporal development server (the Go program in `go/`, Temporal's own server
 * with SQLite) and caches the binary under `.cache/server/`, named by a hash of its sources, so it
 * is compiled again only when `go.mod`, `go.sum` or a `.go` file (or the Go toolchain) changes.
 * The first build downloads Temporal's modules and compiles them: minutes, once per machine.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../build/build-component.ts';

export const SERVER_SOURCE_DIR = join(REPO_ROOT, 'src', 'node', 'server', 'go');
export const SERVER_CACHE_DIR = join(REPO_ROOT, '.cache', 'server');
const BINARY_PREFIX = 'temporal-devserver-';

/** The `go` command: $GO, else `go` on the PATH, else the official tarball's install location. */
export function findGo(): string {
  const candidates = [process.env['GO'], 'go', '/usr/local/go/bin/go'].filter(
    (c): c is string => !!c,
  );
  for (const go of candidates) {
    try {
      execFileSync(go, ['version'], { stdio: 'ignore' });
      return go;
    } catch {
      // Not this one; try the next.
    }
  }
  throw new Error(
    'building the Temporal dev server needs Go 1.26.8 or later (https://go.dev/dl/): put `go` on the PATH or set GO=/path/to/go',
  );
}

/** Settings that keep a build reproducible: the go.sum as committed, no toolchain download. */
function goEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' };
}

/** A hash of everything the binary is built from. */
export function sourceHash(go: string): string {
  const hash = createHash('sha256');
  // A different toolchain makes a different binary, so it is part of the key.
  hash.update(execFileSync(go, ['version'], { encoding: 'utf8', env: goEnv() }));
  const files = readdirSync(SERVER_SOURCE_DIR)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || f.endsWith('.go'))
    .sort();
  for (const file of files) {
    hash.update(`\0${file}\0`);
    hash.update(readFileSync(join(SERVER_SOURCE_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

export interface ServerBinary {
  path: string;
  /** False when the cached binary was used. */
  built: boolean;
  ms: number;
}

/**
 * The dev server's binary, built first when the sources changed. `log` hears what the build is
 * doing (it can take minutes from a cold module cache).
 */
export async function ensureServerBinary(
  log: (line: string) => void = (line) => console.error(line),
): Promise<ServerBinary> {
  const started = Date.now();
  const go = findGo();
  const name = `${BINARY_PREFIX}${sourceHash(go)}`;
  const path = join(SERVER_CACHE_DIR, name);
  if (existsSync(path)) return { path, built: false, ms: Date.now() - started };

  mkdirSync(SERVER_CACHE_DIR, { recursive: true });
  // Test files start in parallel: one builds, the others wait for its binary instead of compiling
  // the same thousands of packages at the same time.
  const lock = `${path}.lock`;
  while (!tryLock(lock)) {
    if (existsSync(path)) return { path, built: false, ms: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  try {
    if (existsSync(path)) return { path, built: false, ms: Date.now() - started };
    return await build(go, path, name, started, log);
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Takes the build lock: a file holding the builder's pid, taken over when that process is gone. */
function tryLock(lock: string): boolean {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (thrown) {
    if ((thrown as NodeJS.ErrnoException).code !== 'EEXIST') throw thrown;
  }
  const holder = Number(readFileSync(lock, 'utf8'));
  try {
    if (holder > 0) process.kill(holder, 0);
    return false;
  } catch {
    // The builder died without releasing it.
    rmSync(lock, { force: true });
    return false;
  }
}

async function build(
  go: string,
  path: string,
  name: string,
  started: number,
  log: (line: string) => void,
): Promise<ServerBinary> {
  log(
    'building the Temporal dev server (go.temporal.io/server); the first build downloads and compiles it, which takes a few minutes',
  );
  // Built under a name of its own and renamed when complete, so a process that builds at the same
  // time, or a build cut short, never leaves a partial binary under the final name.
  const partial = `${path}.${process.pid}.partial`;
  const stderr: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(go, ['build', '-trimpath', '-ldflags=-s -w', '-o', partial, '.'], {
      cwd: SERVER_SOURCE_DIR,
      env: goEnv(),
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr.push(chunk);
      for (const line of chunk.split('\n')) if (line.trim()) log(`  go: ${line}`);
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    rmSync(partial, { force: true });
    throw new Error(
      `go build of the Temporal dev server failed (exit ${code}) in ${SERVER_SOURCE_DIR}:\n${stderr.join('').trim()}`,
    );
  }
  renameSync(partial, path);
  // Older builds are dead weight (about 100 MB each).
  for (const file of readdirSync(SERVER_CACHE_DIR))
    if (file.startsWith(BINARY_PREFIX) && !file.startsWith(name) && !/\.(partial|lock)$/.test(file))
      rmSync(join(SERVER_CACHE_DIR, file), { force: true });
  const ms = Date.now() - started;
  log(`built the Temporal dev server in ${(ms / 1000).toFixed(1)} s: ${path}`);
  return { path, built: true, ms };
}
