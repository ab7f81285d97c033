/**
 * Bundles a workflow module with the guest SDK into the single ES module componentize-js embeds.
 * The generated entry installs the SDK's globals first (async context, deterministic clock and
 * randomness), then imports the workflows and the interceptor modules, and exports the guest
 * interface built over them.
 *
 * Every `async`/`await` is lowered to generators on `Promise.prototype.then`: StarlingMonkey has
 * no AsyncLocalStorage, and the SDK carries the current cancellation scope across `await` through
 * `then` (sdk/runtime/async-context.ts).
 */
import { build } from 'esbuild';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const GUEST_RUNTIME = join(repo, 'sdk', 'runtime', 'guest.ts');
const GUEST_INSTALL = join(repo, 'sdk', 'runtime', 'install.ts');
const HOST_IMPORT = 'temporal:workflow-runtime/workflow-host@0.1.0';

/** Repo-relative specifiers keep the bundle (and so the cache key) the same in every checkout. */
const specifier = (path: string) => {
  const rel = relative(repo, path).split('\\').join('/');
  return rel.startsWith('../') || isAbsolute(rel) ? rel : `./${rel}`;
};

export interface BundleOptions {
  /** Modules exporting `interceptors` (a WorkflowInterceptorsFactory), outermost first. */
  interceptors?: readonly string[];
}

export async function bundleWorkflow(entry: string, options: BundleOptions = {}): Promise<string> {
  const interceptors = options.interceptors ?? [];
  const source = [
    `import ${JSON.stringify(specifier(GUEST_INSTALL))};`,
    `import * as host from ${JSON.stringify(HOST_IMPORT)};`,
    `import * as workflows from ${JSON.stringify(specifier(resolve(entry)))};`,
    ...interceptors.map(
      (path, i) =>
        `import { interceptors as i${i} } from ${JSON.stringify(specifier(resolve(path)))};`,
    ),
    `import { createWorkflowGuest } from ${JSON.stringify(specifier(GUEST_RUNTIME))};`,
    `export const workflowGuest = createWorkflowGuest(workflows, {`,
    `  host,`,
    `  interceptors: [${interceptors.map((_, i) => `i${i}`).join(', ')}],`,
    `});`,
  ].join('\n');
  const result = await build({
    stdin: { contents: source, resolveDir: repo, sourcefile: 'workflow-entry.ts', loader: 'ts' },
    absWorkingDir: repo,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    supported: { 'async-await': false, 'async-generator': false, 'for-await': false },
    mainFields: ['module', 'main'],
    external: ['temporal:workflow-runtime/*'],
    logLevel: 'silent',
    legalComments: 'none',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  return output.text;
}
