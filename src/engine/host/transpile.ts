/**
 * Component → JavaScript + core modules, with jco's transpiler running in-process (it is itself a
 * wasm component). Works unchanged in a Web Worker and in Node.
 */
import { GUEST_INTERFACE, HOST_INTERFACE, TYPES_INTERFACE } from '../wit/index.ts';
import { describeThrown, HostError } from './errors.ts';
import { sha256Hex } from './sha256.ts';
import { detectWasmKind } from './wasm-kind.ts';

export interface TranspiledComponent {
  /** ES module source exporting `instantiate(getCoreModule, imports)`. */
  readonly js: string;
  readonly coreModules: ReadonlyMap<string, Uint8Array>;
  /** Interfaces the component imports, unversioned (`ns:pkg/iface`). */
  readonly imports: readonly string[];
  readonly exports: readonly string[];
  readonly transpileMs: number;
  /** Whether the output came from a TranspileStore instead of jco. */
  readonly stored: boolean;
}

/** jco's output for one component, as a TranspileStore keeps it. */
export interface TranspileOutput {
  js: string;
  coreModules: Array<[name: string, bytes: Uint8Array]>;
  imports: string[];
  exports: string[];
}

/**
 * Transpiled components kept by the SHA-256 of the component's bytes, across processes (the CLI
 * keeps them on disk). jco takes seconds for a 12 MB component, most of it the first time in a
 * process; a hit skips it. A store that fails is passed over: the component is transpiled again.
 */
export interface TranspileStore {
  get(hash: string): Promise<TranspileOutput | undefined>;
  put(hash: string, output: TranspileOutput): Promise<void>;
}

export interface TranspileOptions {
  store?: TranspileStore;
  /** The hex SHA-256 of the bytes, when the caller has it already. */
  hash?: string;
}

const OUR_IMPORTS = new Set([HOST_INTERFACE, TYPES_INTERFACE]);
const NAME = 'guest';

export async function transpileComponent(
  bytes: Uint8Array,
  label = 'the component',
  options: TranspileOptions = {},
): Promise<TranspiledComponent> {
  const kind = detectWasmKind(bytes, label);
  if (kind === 'core-module') {
    throw new HostError(
      'core-module',
      `${label} is a core WebAssembly module, not a component. Build it as a component for ` +
        `world temporal:workflow-runtime/workflow-module@0.1.0 (e.g. with componentize-js or ` +
        `wasm-tools component new).`,
    );
  }
  const started = performance.now();
  const { store } = options;
  const hash = store ? (options.hash ?? (await sha256Hex(bytes))) : undefined;
  const kept = store && hash ? await store.get(hash).catch(() => undefined) : undefined;
  const output = kept ?? (await runJco(bytes, label));
  checkWorld(output, label);
  if (store && hash && !kept) await store.put(hash, output).catch(() => {});
  return {
    js: output.js,
    coreModules: new Map(output.coreModules),
    imports: output.imports,
    exports: output.exports,
    transpileMs: performance.now() - started,
    stored: kept !== undefined,
  };
}

async function runJco(bytes: Uint8Array, label: string): Promise<TranspileOutput> {
  // Loaded here, not at the top: evaluating jco's module compiles its 3.5 MB transpiler wasm,
  // which a component found in the TranspileStore never needs (tens of MiB and a second).
  const { generate, $init } = await import('@bytecodealliance/jco-transpile/component');
  await $init;
  let out: ReturnType<typeof generate>;
  try {
    out = generate(bytes, {
      name: NAME,
      instantiation: { tag: 'async' },
      noTypescript: true,
      noNodejsCompat: true,
    });
  } catch (thrown) {
    throw new HostError(
      'invalid-component',
      `${label} is not a valid component: ${describeThrown(thrown).trim()}`,
    );
  }
  const files = new Map(out.files);
  const js = files.get(`${NAME}.js`);
  files.delete(`${NAME}.js`);
  return {
    js: js ? new TextDecoder().decode(js) : '',
    coreModules: [...files],
    exports: out.exports.map(([name]) => name),
    imports: out.imports.map((name) => name.replace(/@[^/]*$/, '')),
  };
}

/** What a workflow component must export and may import, checked on fresh and stored output. */
function checkWorld({ js, exports, imports }: TranspileOutput, label: string): void {
  if (!exports.some((name) => name.startsWith(GUEST_INTERFACE))) {
    throw new HostError(
      'wrong-world',
      `${label} does not implement world temporal:workflow-runtime/workflow-module@0.1.0: ` +
        `it exports ${exports.length ? exports.join(', ') : 'nothing'} but not ` +
        `${GUEST_INTERFACE}@0.1.0.`,
    );
  }
  // WASI imports are answered deterministically (see wasi/); anything else cannot be satisfied.
  const foreign = imports.filter((name) => !OUR_IMPORTS.has(name) && !name.startsWith('wasi:'));
  if (foreign.length > 0) {
    throw new HostError(
      'unsupported-import',
      `${label} imports ${foreign.join(', ')}, which this host does not provide. A workflow ` +
        `component may import ${HOST_INTERFACE}@0.1.0 and WASI interfaces (answered ` +
        `deterministically), nothing else.`,
    );
  }
  if (!js) throw new HostError('invalid-component', `jco produced no JavaScript for ${label}.`);
}
