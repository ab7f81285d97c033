#!/usr/bin/env node
/**
 * Compares the package-lock.json that `npm install` left in the work tree with the committed one,
 * and fails only on real drift. Plain Node, no dependencies: it runs before anything else is known
 * to work.
 *
 * Real drift: the root entry (what package.json asks for) changed, a package both locks list moved
 * to another version or tarball, or a package that is not optional was added or removed.
 * Not drift: an optional package that appeared or vanished. Packages such as rolldown, jco and
 * componentize-qjs name a prebuilt binary per platform as optional dependencies; the registry
 * gains those builds over time, and `npm install` then records them although nothing installed
 * for this platform changed. Those entries are listed, not failed on.
 *
 * Usage: node scripts/check-lock.mjs [committed-lock] [installed-lock]
 *   default: `git show HEAD:package-lock.json` against ./package-lock.json
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [committedPath, installedPath = 'package-lock.json'] = process.argv.slice(2);
const committed = JSON.parse(
  committedPath
    ? readFileSync(committedPath, 'utf8')
    : execFileSync('git', ['show', 'HEAD:package-lock.json'], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      }),
);
const installed = JSON.parse(readFileSync(installedPath, 'utf8'));

const before = committed.packages ?? {};
const after = installed.packages ?? {};
const problems = [];
const tolerated = [];

const rootKeys = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'bin',
  'engines',
];
for (const key of rootKeys) {
  const a = JSON.stringify(before['']?.[key] ?? null);
  const b = JSON.stringify(after['']?.[key] ?? null);
  if (a !== b) problems.push(`root "${key}" differs from package.json's (lock ${a}, now ${b})`);
}

for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
  if (name === '') continue;
  const was = before[name];
  const now = after[name];
  if (was && now) {
    for (const field of ['version', 'resolved', 'integrity']) {
      if ((was[field] ?? null) !== (now[field] ?? null)) {
        problems.push(`${name}: ${field} ${was[field]} in the lock, ${now[field]} installed`);
      }
    }
  } else {
    const entry = was ?? now;
    const what = `${name}@${entry.version} ${was ? 'dropped' : 'added'}`;
    if (entry.optional) tolerated.push(what);
    else problems.push(`${what} (not optional)`);
  }
}

if (tolerated.length > 0) {
  console.log(
    `lock: ${tolerated.length} optional package(s) for other platforms differ from the committed lock (not drift):`,
  );
  for (const line of tolerated.slice(0, 12)) console.log(`  ${line}`);
  if (tolerated.length > 12) console.log(`  … and ${tolerated.length - 12} more`);
}
if (problems.length > 0) {
  console.error(
    `lock: package-lock.json is out of date with package.json (${problems.length} difference(s)); run npm install and commit package-lock.json:`,
  );
  for (const line of problems.slice(0, 40)) console.error(`  ${line}`);
  process.exit(1);
}
console.log('lock: the installed tree matches the committed lock');
