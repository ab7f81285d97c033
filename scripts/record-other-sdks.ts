/**
 * Records the Go and Java SDK histories the history-only tests replay (test/fixtures/recorded/):
 * starts this repo's Temporal dev server, runs the small programs in scripts/record-other-sdks/
 * (real Go SDK; real Java SDK) against it, and writes each run's history as JSON. Not part of
 * `npm test`; run it again after changing those programs:
 *
 *   npx tsx scripts/record-other-sdks.ts [go] [java]
 *
 * Needs Go (as the server build does) and, for Java, a JDK 17+ and Maven, which fetch the SDKs
 * from their registries the first time.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/node/build/build-component.ts';
import { findGo } from '../src/node/server/build.ts';
import { startDevServer } from '../src/node/server/devserver.ts';

const PROGRAMS = join(REPO_ROOT, 'scripts', 'record-other-sdks');
const OUT = join(REPO_ROOT, 'test', 'fixtures', 'recorded');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${command} ${args.join(' ')} (in ${cwd}) ended with ${signal ?? code}`),
          ),
    );
  });
}

const recorders: Record<string, (address: string) => Promise<void>> = {
  go: (address) => {
    const out = join(OUT, 'go');
    mkdirSync(out, { recursive: true });
    return run(findGo(), ['run', '.', '-address', address, '-out', out], join(PROGRAMS, 'go'), {
      GOTOOLCHAIN: 'local',
    });
  },
  java: (address) => {
    const out = join(OUT, 'java');
    mkdirSync(out, { recursive: true });
    return run(
      'mvn',
      ['-q', 'compile', 'exec:java', `-Daddress=${address}`, `-Dout=${out}`],
      join(PROGRAMS, 'java'),
    );
  },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in recorders));
if (unknown.length) {
  console.error(
    `unknown recorder ${unknown.join(', ')}; choose from ${Object.keys(recorders).join(', ')}`,
  );
  process.exit(2);
}
const server = await startDevServer({ port: 0 });
try {
  for (const name of wanted.length ? wanted : Object.keys(recorders)) {
    console.log(`recording the ${name} SDK's histories against ${server.address}`);
    await recorders[name]!(server.address);
  }
  console.log(`histories written to ${OUT}`);
} finally {
  await server.stop();
}
