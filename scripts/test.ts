/**
 * `npm test`: every check, in the order that fails fastest. Lint and types first (seconds), then
 * unit tests in Node, then the production build and the end-to-end tests in Chromium. Ends with
 * one line counting the tests that ran.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const RESULTS = 'test-results';
// Counts come from this run's reports only.
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const steps: Array<[string, string[]]> = [
  ['generate derived sources', ['npm', 'run', '--silent', 'gen']],
  ['eslint', ['npx', 'eslint', '.']],
  ['prettier', ['npx', 'prettier', '--check', '.']],
  ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
  // Before the unit tests, which run the Rust components in the host (cached outside the clone).
  ['rust examples', ['npm', 'run', '--silent', 'build:rust-examples']],
  // test/check-host compares our host with Temporal's (a native Rust build, cached outside the clone).
  ['upstream host for check-host', ['npm', 'run', '--silent', 'build:check-host']],
  // The unit tests run a real Temporal server; the first build on a machine takes minutes.
  ['build the Temporal dev server', ['npm', 'run', '--silent', 'build:server']],
  [
    'unit tests',
    [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${RESULTS}/unit.json`,
    ],
  ],
  ['build examples and app', ['npm', 'run', '--silent', 'build']],
  ['chromium', ['npx', 'tsx', 'scripts/ensure-chromium.ts']],
  ['end-to-end tests', ['npx', 'playwright', 'test']],
];

const started = Date.now();
let failedStep: string | undefined;
for (const [name, [cmd, ...args]] of steps) {
  const stepStart = Date.now();
  console.log(`\n── ${name} ──`);
  const result = spawnSync(cmd!, args, {
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  console.log(
    `── ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - stepStart) / 1000).toFixed(1)} s`,
  );
  if (result.status !== 0) {
    failedStep = name;
    break;
  }
}

function counts(): { passed: number; failed: number; skipped: number } {
  const total = { passed: 0, failed: 0, skipped: 0 };
  const unit = `${RESULTS}/unit.json`;
  if (existsSync(unit)) {
    const r = JSON.parse(readFileSync(unit, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
    };
    total.passed += r.numPassedTests;
    total.failed += r.numFailedTests;
    total.skipped += r.numPendingTests;
  }
  const e2e = `${RESULTS}/e2e.json`;
  if (existsSync(e2e)) {
    const r = JSON.parse(readFileSync(e2e, 'utf8')) as {
      stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    };
    total.passed += r.stats.expected + r.stats.flaky;
    total.failed += r.stats.unexpected;
    total.skipped += r.stats.skipped;
  }
  return total;
}

const { passed, failed, skipped } = counts();
console.log(
  `\n${failedStep ? `FAILED at: ${failedStep}` : 'all checks passed'} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedStep ? 1 : 0);
