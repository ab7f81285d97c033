import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Real histories recorded by Temporal's SDK test suites. They live in the workspace's shared/
 * folder beside this repository (CI clones the repo next to it); WP_HISTORIES points elsewhere.
 */
export const HISTORIES = process.env.WP_HISTORIES ?? resolve(REPO, '..', 'shared', 'histories');

export function historiesDir(sub: string): string {
  const dir = join(HISTORIES, sub);
  if (!existsSync(dir)) {
    throw new Error(
      `Sample histories not found at ${dir}. Clone this repository beside the shared/ folder, or set WP_HISTORIES.`,
    );
  }
  return dir;
}
