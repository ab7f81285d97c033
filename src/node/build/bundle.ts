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
import { build, type Message } from 'esbuild';
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../repo.ts';

const repo = REPO_ROOT;
const GUEST_RUNTIME = join(repo, 'sdk', 'runtime', 'guest.ts');
const GUEST_INSTALL = join(repo, 'sdk', 'runtime', 'install.ts');
const HOST_IMPORT = 'temporal:workflow-runtime/workflow-host@0.1.0';
/**
 * Workflows ported from a Temporal worker import the SDK by its package names; both resolve to
 * this SDK (a real @temporalio/common in node_modules would bring failure classes the guest does
 * not recognise, so a thrown ApplicationFailure would fail the task instead of the workflow).
 */
const SDK_ALIASES = {
  '@temporalio/workflow': join(repo, 'sdk', 'index.ts'),
  '@temporalio/common': join(repo, 'sdk', 'common.ts'),
};

/** Repo-relative specifiers keep the bundle (and so the cache key) the same in every checkout. */
const specifier = (path: string) => {
  const rel = relative(repo, path).split('\\').join('/');
  return rel.startsWith('../') || isAbsolute(rel) ? rel : `./${rel}`;
};

export interface BundleOptions {
  /** Modules exporting `interceptors` (a WorkflowInterceptorsFactory), outermost first. */
  interceptors?: readonly string[];
  /**
   * Whether the guest captures a stack at each command and wait for its source line (on by
   * default; `bench/sdk.ts` turns it off to measure what the capture costs).
   */
  sourceSites?: boolean;
}

/** What the build could not do, with each problem's file:line:column. */
export class BundleError extends Error {
  override name = 'BundleError';
}

const NODE_BUILTIN =
  /^Could not resolve "(node:|(fs|path|os|crypto|child_process|http|https|net)")/;

/** An esbuild message as a user should read it: where, what, and what to do instead. */
function describeMessage(message: Message): string {
  const { location, text } = message;
  const missingExport = /^No matching export in "(.+)" for import "interceptors"$/.exec(text);
  if (missingExport) {
    return `${missingExport[1]}: an interceptor module must export \`interceptors\`, a function returning { inbound, outbound } (WorkflowInterceptorsFactory)`;
  }
  const where = location ? `${location.file}:${location.line}:${location.column + 1}: ` : '';
  const hint = NODE_BUILTIN.test(text)
    ? ' (workflow code runs inside a sandboxed component without Node built-ins; do I/O in an activity)'
    : /top-level await/i.test(text)
      ? ' (workflow modules are evaluated when the component is built; await inside the workflow function instead)'
      : '';
  return `${where}${text}${hint}`;
}

export async function bundleWorkflow(entry: string, options: BundleOptions = {}): Promise<string> {
  return (await bundleWithSourceMap(entry, options)).js;
}

/** Where a bundle's code came from: the entry module as the map names it, and esbuild's map. */
export interface Bundle {
  js: string;
  /** esbuild's source map (version 3), sources relative to the repository. */
  map: { sources: string[]; sourcesContent?: Array<string | null>; mappings: string };
  /** The workflow module as `map.sources` names it. */
  entry: string;
}

/** The generated entry and the guest SDK (sdk/, src/engine/): never a command's source line. */
export const isLibrarySource = (source: string) =>
  source === ENTRY_NAME ||
  source.startsWith('sdk/') ||
  source.startsWith('src/') ||
  source.includes('node_modules/');

const ENTRY_NAME = 'workflow-entry.ts';

export async function bundleWithSourceMap(
  entry: string,
  options: BundleOptions = {},
): Promise<Bundle> {
  const interceptors = options.interceptors ?? [];
  for (const [what, path] of [
    ['workflow module', entry],
    ...interceptors.map((p) => ['interceptor module', p] as const),
  ] as const) {
    if (!existsSync(path)) throw new BundleError(`${path}: no such ${what}`);
  }
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
    stdin: { contents: source, resolveDir: repo, sourcefile: ENTRY_NAME, loader: 'ts' },
    absWorkingDir: repo,
    bundle: true,
    write: false,
    // Not written: the map goes into the component (sources-section.ts), named as the repo names
    // its files; the JS carries no sourceMappingURL, so the bundle (the cache key) ignores it.
    outfile: join(repo, 'workflow.js'),
    sourcemap: 'external',
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    supported: { 'async-await': false, 'async-generator': false, 'for-await': false },
    mainFields: ['module', 'main'],
    external: ['temporal:workflow-runtime/*'],
    alias: SDK_ALIASES,
    define: { __SOURCE_SITES__: String(options.sourceSites ?? true) },
    logLevel: 'silent',
    legalComments: 'none',
  }).catch((error: unknown) => {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors?.length) throw error;
    throw new BundleError(
      `Could not bundle ${specifier(resolve(entry))}:\n` +
        errors.map((m) => `  ${describeMessage(m)}`).join('\n'),
    );
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (!output || !map) throw new Error(`esbuild produced no output for ${entry}`);
  return {
    js: output.text,
    map: JSON.parse(map.text) as Bundle['map'],
    entry: specifier(resolve(entry)).replace(/^\.\//, ''),
  };
}
