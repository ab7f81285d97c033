/**
 * Component → JavaScript + core modules, with jco's transpiler running in-process (it is itself a
 * wasm component). Works unchanged in a Web Worker and in Node.
 */
import { generate, $init } from '@bytecodealliance/jco-transpile/component';
import { GUEST_INTERFACE, HOST_INTERFACE, TYPES_INTERFACE } from '../wit/index.ts';
import { describeThrown, HostError } from './errors.ts';
import { detectWasmKind } from './wasm-kind.ts';

export interface TranspiledComponent {
  /** ES module source exporting `instantiate(getCoreModule, imports)`. */
  readonly js: string;
  readonly coreModules: ReadonlyMap<string, Uint8Array>;
  /** Interfaces the component imports, unversioned (`ns:pkg/iface`). */
  readonly imports: readonly string[];
  readonly exports: readonly string[];
  readonly transpileMs: number;
}

const OUR_IMPORTS = new Set([HOST_INTERFACE, TYPES_INTERFACE]);
const NAME = 'guest';

export async function transpileComponent(
  bytes: Uint8Array,
  label = 'the component',
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
  await $init;
  const started = performance.now();
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
  const transpileMs = performance.now() - started;
  const exports = out.exports.map(([name]) => name);
  const imports = out.imports.map((name) => name.replace(/@[^/]*$/, ''));
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
  const files = new Map(out.files);
  const js = files.get(`${NAME}.js`);
  if (!js) throw new HostError('invalid-component', `jco produced no JavaScript for ${label}.`);
  files.delete(`${NAME}.js`);
  return { js: new TextDecoder().decode(js), coreModules: files, imports, exports, transpileMs };
}
