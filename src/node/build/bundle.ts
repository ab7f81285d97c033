/**
 * Bundles a workflow module with the guest SDK into the single ES module componentize-js embeds.
 * The generated entry re-exports the guest interface built over the user's workflow functions.
 */
import { build } from 'esbuild';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const GUEST_RUNTIME = join(repo, 'sdk', 'runtime', 'guest.ts');

/** Repo-relative specifiers keep the bundle (and so the cache key) the same in every checkout. */
const specifier = (path: string) => {
  const rel = relative(repo, path).split('\\').join('/');
  return rel.startsWith('../') || isAbsolute(rel) ? rel : `./${rel}`;
};

export async function bundleWorkflow(entry: string): Promise<string> {
  const source = [
    `import * as workflows from ${JSON.stringify(specifier(resolve(entry)))};`,
    `import { createWorkflowGuest } from ${JSON.stringify(specifier(GUEST_RUNTIME))};`,
    `export const workflowGuest = createWorkflowGuest(workflows);`,
  ].join('\n');
  const result = await build({
    stdin: { contents: source, resolveDir: repo, sourcefile: 'workflow-entry.ts', loader: 'ts' },
    absWorkingDir: repo,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    external: ['temporal:workflow-runtime/*'],
    logLevel: 'silent',
    legalComments: 'none',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  return output.text;
}
