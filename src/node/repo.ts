/**
 * The repository's root: found from this module's place by walking up to our package.json, so it
 * is the same whether the CLI runs from its sources or from its bundle (.cache/cli/, where every
 * module shares the bundle's `import.meta.url`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const { name } = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string };
      if (name === 'workflow-playground') return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`no workflow-playground package.json above ${from}`);
    dir = up;
  }
}

export const REPO_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
