/**
 * Core WebAssembly modules written to the seed ABI (the older JSON spec, DESIGN.md §4 "Seed ABI
 * 2"): they export `run()` and their `memory`, and import only `complete`, `complete_with_failure`,
 * `get_info`, `get_info_len` and `write_log` (from any module namespace). Any other core module
 * is refused with a message saying what it lacks.
 */
import { describeThrown, HostError } from '../errors.ts';

export const SEED_FUNCTIONS = [
  'complete',
  'complete_with_failure',
  'get_info',
  'get_info_len',
  'write_log',
] as const;
export type SeedFunction = (typeof SEED_FUNCTIONS)[number];

export interface LoadedSeedModule {
  readonly kind: 'seed-module';
  readonly byteLength: number;
  readonly module: WebAssembly.Module;
  /** `namespace.name` of every import, e.g. `env.complete`. */
  readonly imports: readonly string[];
  readonly exports: readonly string[];
  readonly timings: { compileMs: number };
}

const isSeedFunction = (name: string): name is SeedFunction =>
  (SEED_FUNCTIONS as readonly string[]).includes(name);

/** What keeps a compiled core module from being a seed-ABI workflow, or undefined if nothing. */
function seedAbiProblem(module: WebAssembly.Module): string | undefined {
  const exports = WebAssembly.Module.exports(module);
  const problems: string[] = [];
  if (!exports.some((e) => e.name === 'run' && e.kind === 'function'))
    problems.push('it does not export a function `run`');
  if (!exports.some((e) => e.name === 'memory' && e.kind === 'memory'))
    problems.push('it does not export its memory as `memory`');
  const foreign = WebAssembly.Module.imports(module)
    .filter((i) => i.kind !== 'function' || !isSeedFunction(i.name))
    .map((i) => `${i.module}.${i.name} (${i.kind})`);
  if (foreign.length > 0)
    problems.push(`it imports ${foreign.join(', ')}, which the seed ABI does not define`);
  return problems.length > 0 ? problems.join('; ') : undefined;
}

export async function loadSeedModule(
  bytes: Uint8Array,
  label = 'the module',
): Promise<LoadedSeedModule> {
  const started = performance.now();
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (thrown) {
    throw new HostError(
      'invalid-component',
      `${label} is not a valid WebAssembly module: ${describeThrown(thrown)}`,
    );
  }
  const compileMs = performance.now() - started;
  const problem = seedAbiProblem(module);
  if (problem) {
    throw new HostError(
      'core-module',
      `${label} is a core WebAssembly module, not a component, and not a seed-ABI workflow ` +
        `module either: ${problem}. Build it as a component for world ` +
        `temporal:workflow-runtime/workflow-module@0.1.0 (e.g. with componentize-js or ` +
        `wasm-tools component new), or, for the older JSON ABI, export run() and memory and ` +
        `import only ${SEED_FUNCTIONS.join(', ')}.`,
    );
  }
  return {
    kind: 'seed-module',
    byteLength: bytes.byteLength,
    module,
    imports: WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`),
    exports: WebAssembly.Module.exports(module).map((e) => e.name),
    timings: { compileMs },
  };
}
