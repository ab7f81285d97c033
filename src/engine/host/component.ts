/**
 * A loaded workflow component: transpiled once, core modules compiled once, and a fresh instance
 * per workflow run (a run's guest state must never leak into the next one). WASI imports, if the
 * component has any, are answered by the run's DeterministicWasi.
 */
import type { Guest, Host, ImportObject, Types, WorkflowModule } from '../wit/index.ts';
import { HOST_INTERFACE, VERSION_SUFFIX } from '../wit/index.ts';
import { describeThrown, HostError } from './errors.ts';
import { capGuestMemory, DEFAULT_GUEST_MEMORY_BYTES } from './memory-cap.ts';
import {
  transpileComponent,
  type TranspiledComponent,
  type TranspileOptions,
} from './transpile.ts';
import type { RunOptions } from './run.ts';
import { DeterministicWasi } from './wasi/deterministic-wasi.ts';
import { exposeState } from './snapshot/expose.ts';
import { GuestState } from './snapshot/guest-state.ts';
import { ComponentSources, NO_SOURCES_REASON, type SourcesInfo } from './sources.ts';

/** What the host supplies to one instance's `workflow-host` import. */
export type HostImports = typeof Host;

export type GuestExports = typeof Guest;
export type GuestWorkflowInstance = Guest.WorkflowInstance;

type Instantiate = (
  getCoreModule: (path: string) => WebAssembly.Module,
  imports: ImportObject,
  instantiateCore: (
    module: WebAssembly.Module,
    imports?: WebAssembly.Imports,
  ) => Promise<WebAssembly.Instance>,
) => Promise<WorkflowModule>;

export interface LoadedComponent {
  readonly kind: 'component';
  readonly byteLength: number;
  readonly transpiled: TranspiledComponent;
  readonly workflows: readonly Types.WorkflowDefinition[];
  /** The WASI interfaces the component imports (answered deterministically), unversioned. */
  readonly wasiImports: readonly string[];
  readonly timings: { transpileMs: number; compileMs: number; instantiateMs: number };
  /** A new, isolated instance of the component wired to `host` and to `wasi`. */
  instantiate(host: HostImports, wasi: DeterministicWasi): Promise<GuestExports>;
  /** The most memory one instance may have, in bytes. */
  readonly maxMemoryBytes: number;
  /** Whether an instance made here has (nearly) all of it: a trap then is a failed allocation. */
  outOfMemory(guest: GuestExports): boolean;
  /** The state of an instance made here, for checkpoints; or why it cannot be captured. */
  guestState(guest: GuestExports): GuestState | string;
  /** The workflow's source map and text, when the component was built with this project's SDK. */
  readonly sources: ComponentSources | undefined;
  /** The source files to show, or why there are none. */
  readonly sourcesInfo: SourcesInfo;
}

/** Options of `loadComponent`. */
export interface ComponentOptions extends Pick<RunOptions, 'onGuestCall'> {
  /** Cap on each instance's memory (`DEFAULT_GUEST_MEMORY_BYTES` by default). */
  maxMemoryBytes?: number;
}

const NO_OP_HOST: HostImports = { setCurrentDetails() {}, pushCommand() {} };

/** `patchActivation` → `patch-activation`, as the WIT names it. */
const witName = (jsName: string) => jsName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Temporal's guest crate changed the world after temporalio-workflow 0.5.0 without changing its
 * version (still @0.1.0): 0.6.0 added the host function `patch-activation`, so a component built
 * with a later crate asks for a function this host (wit/, as of 0.5.0) does not have. Say that,
 * instead of jco's "undefined instance import".
 */
function unknownHostFunctions(
  requested: ReadonlySet<string>,
  label: string,
): HostError | undefined {
  const unknown = [...requested].filter((name) => !(name in NO_OP_HOST)).map(witName);
  if (unknown.length === 0) return undefined;
  return new HostError(
    'unsupported-import',
    `${label} imports ${unknown.join(', ')} from ${HOST_INTERFACE}@0.1.0, which this host's ` +
      `version of the world does not have (it has set-current-details and push-command). ` +
      (unknown.includes('patch-activation')
        ? 'Components built with temporalio-workflow 0.6.0 or later use a changed ABI under the ' +
          'same version number (patch-activation, routine-pending-state, a payload on ' +
          'cancelled); build with temporalio-workflow 0.5.0.'
        : 'It was built against a different revision of the WIT.'),
  );
}

/**
 * Evaluates generated ES module source without touching a file system: a blob: URL where the
 * platform can import one (browsers, workers), else a data: URL (Node).
 */
async function importSource(js: string): Promise<{ instantiate: Instantiate }> {
  if (typeof Blob !== 'undefined' && typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(new Blob([js], { type: 'text/javascript' }));
    try {
      return (await import(/* @vite-ignore */ url)) as { instantiate: Instantiate };
    } catch {
      // Node creates blob: URLs but cannot import them; fall through to data:.
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(js)}`;
  return (await import(/* @vite-ignore */ url)) as { instantiate: Instantiate };
}

export async function loadComponent(
  bytes: Uint8Array,
  label = 'the component',
  options: ComponentOptions & TranspileOptions = {},
): Promise<LoadedComponent> {
  const mark = options.onGuestCall ?? (() => {});
  const maxMemoryBytes = options.maxMemoryBytes ?? DEFAULT_GUEST_MEMORY_BYTES;
  const transpiled = await transpileComponent(bytes, label, options);
  let started = performance.now();
  const modules = new Map<string, WebAssembly.Module>();
  /** Why checkpoints of this component's instances cannot be taken, if they cannot. */
  let stateRefusal: string | undefined;
  try {
    for (const [name, wasm] of transpiled.coreModules) {
      const exposed = exposeState(capGuestMemory(wasm, maxMemoryBytes));
      if (exposed.refusal) stateRefusal ??= `${name}: ${exposed.refusal}`;
      modules.set(name, await WebAssembly.compile(exposed.bytes as Uint8Array<ArrayBuffer>));
    }
  } catch (thrown) {
    throw new HostError(
      'invalid-component',
      `${label}: a core module failed to compile: ${describeThrown(thrown)}`,
    );
  }
  const compileMs = performance.now() - started;
  const { instantiate: instantiateGenerated } = await importSource(transpiled.js);

  const wasiImports = transpiled.imports.filter((name) => name.startsWith('wasi:'));
  const memoriesOf = new WeakMap<GuestExports, WebAssembly.Memory[]>();
  const statesOf = new WeakMap<GuestExports, GuestState>();
  const instantiate = async (host: HostImports, wasi: DeterministicWasi): Promise<GuestExports> => {
    const imports = {
      ...wasi.imports(wasiImports),
      [HOST_INTERFACE]: host,
      [HOST_INTERFACE + VERSION_SUFFIX]: host,
    } as unknown as ImportObject;
    // The memories the instance's core modules export, to tell an allocation failure afterwards.
    const memories: WebAssembly.Memory[] = [];
    const instances: WebAssembly.Instance[] = [];
    const instantiateCore = async (
      module: WebAssembly.Module,
      coreImports?: WebAssembly.Imports,
    ) => {
      const instance = await WebAssembly.instantiate(module, coreImports);
      instances.push(instance);
      for (const value of Object.values(instance.exports))
        if (value instanceof WebAssembly.Memory) memories.push(value);
      return instance;
    };
    try {
      const instance = await instantiateGenerated(
        (name) => {
          const module = modules.get(name);
          if (!module) throw new Error(`missing core module ${name}`);
          return module;
        },
        imports,
        instantiateCore,
      );
      memoriesOf.set(instance.workflowGuest, memories);
      if (!stateRefusal) statesOf.set(instance.workflowGuest, GuestState.collect(instances));
      return instance.workflowGuest;
    } catch (thrown) {
      throw new HostError(
        'instantiate-failed',
        `${label} could not be instantiated: ${describeThrown(thrown)}`,
      );
    }
  };

  started = performance.now();
  // The probe's WASI records nothing: listing workflows is not part of any run.
  mark({ activation: -1, call: 'component instantiation' });
  // The probe's host records which functions the generated bindings look up on it.
  const requested = new Set<string>();
  const probeHost = new Proxy(NO_OP_HOST, {
    get(target, name, receiver) {
      if (typeof name === 'string') requested.add(name);
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
  const probe = await instantiate(probeHost, new DeterministicWasi())
    .catch((thrown: unknown) => {
      throw unknownHostFunctions(requested, label) ?? thrown;
    })
    .finally(() => mark(undefined));
  const unknownImports = unknownHostFunctions(requested, label);
  if (unknownImports) throw unknownImports;
  const instantiateMs = performance.now() - started;
  let workflows: Types.WorkflowDefinition[];
  try {
    mark({ activation: -1, call: 'list-workflows' });
    workflows = probe.listWorkflows();
  } catch (thrown) {
    throw new HostError(
      'guest-failure',
      `${label}: list-workflows trapped: ${describeThrown(thrown)}`,
    );
  } finally {
    mark(undefined);
  }
  if (workflows.length === 0) {
    throw new HostError(
      'no-workflows',
      `${label} exports no workflow types (list-workflows returned []).`,
    );
  }
  const sources = ComponentSources.fromComponent(bytes);
  return {
    kind: 'component',
    byteLength: bytes.byteLength,
    sources: sources instanceof ComponentSources ? sources : undefined,
    sourcesInfo:
      sources instanceof ComponentSources
        ? sources.info()
        : { available: false, reason: sources?.message ?? NO_SOURCES_REASON },
    transpiled,
    workflows,
    wasiImports,
    timings: { transpileMs: transpiled.transpileMs, compileMs, instantiateMs },
    instantiate,
    maxMemoryBytes,
    // An allocator asks for more than it needs at once, so a failed request leaves some room.
    outOfMemory: (guest) =>
      (memoriesOf.get(guest) ?? []).some((m) => m.buffer.byteLength >= maxMemoryBytes * 0.875),
    guestState: (guest) =>
      statesOf.get(guest) ?? stateRefusal ?? `${label}: the instance was not made by this loader`,
  };
}
