/**
 * One entry point for workflow code, whatever it is and wherever it comes from: bytes (a file, a
 * drop) or a URL (a bundled example, a link), a component or a seed-ABI core module. Loads are
 * cached by the SHA-256 of the bytes, so opening the same component again is instant; every run
 * still gets a fresh instance.
 */
import { fetchFailure } from '../history/fetch-failure.ts';
import { loadComponent, type ComponentOptions, type LoadedComponent } from './component.ts';
import { WorkflowRunDriver } from './driver.ts';
import { HostError } from './errors.ts';
import type { ActivationDriver, RunDriver, RunIdentity, RunOptions } from './run.ts';
import { sha256Hex } from './sha256.ts';
import type { TranspileOptions, TranspileStore } from './transpile.ts';
import { SeedRunDriver } from './seed-abi/driver.ts';
import { loadSeedModule, type LoadedSeedModule } from './seed-abi/module.ts';
import { detectWasmKind } from './wasm-kind.ts';
import { COMPONENT_MAX_BYTES, formatLimit, readBodyBounded } from '../history/bounded.ts';
import type { Types } from '../wit/index.ts';

export type LoadedWorkflowCode = LoadedComponent | LoadedSeedModule;

/**
 * Workflow code loaded in another thread (an engine worker, see src/engine/remote/remote-code.ts),
 * where its guest calls run under the watchdog; its runs are driven from here.
 */
export interface RemoteWorkflowCode {
  readonly kind: 'remote';
  /** The component's workflow types; undefined for a seed-ABI module, which runs as any type. */
  readonly workflows: readonly Types.WorkflowDefinition[] | undefined;
  startRun(identity: RunIdentity): ActivationDriver;
}

/** Any workflow code a replay or a simulation can drive. */
export type WorkflowCode = LoadedWorkflowCode | RemoteWorkflowCode;

/** The workflow types `code` declares; undefined when it runs as any type (seed-ABI modules). */
export function declaredWorkflows(
  code: WorkflowCode,
): readonly Types.WorkflowDefinition[] | undefined {
  if (code.kind === 'component') return code.workflows;
  return code.kind === 'remote' ? code.workflows : undefined;
}

export interface LoadedCode {
  code: LoadedWorkflowCode;
  /** Hex SHA-256 of the bytes. */
  hash: string;
  /** Whether this load reused an earlier one of the same bytes. */
  cached: boolean;
  hashMs: number;
}

/** Loaded code by content hash, most recently used last; a failed load is not kept. */
export class CodeCache {
  private readonly entries = new Map<string, Promise<LoadedWorkflowCode>>();

  constructor(
    readonly capacity = 4,
    /** Where transpiled components outlive this cache (the CLI's disk store). */
    private readonly store?: TranspileStore,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async load(
    bytes: Uint8Array,
    label: string,
    options: ComponentOptions = {},
  ): Promise<LoadedCode> {
    const started = performance.now();
    const hash = await sha256Hex(bytes);
    const hashMs = performance.now() - started;
    // The memory cap is compiled into the modules: the same bytes under another cap load anew.
    const key = `${hash} ${options.maxMemoryBytes ?? ''}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return { code: await hit, hash, cached: true, hashMs };
    }
    const loading = loadCode(bytes, label, { ...options, store: this.store, hash });
    this.entries.set(key, loading);
    loading.catch(() => this.entries.delete(key));
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return { code: await loading, hash, cached: false, hashMs };
  }
}

function loadCode(
  bytes: Uint8Array,
  label: string,
  options: ComponentOptions & TranspileOptions,
): Promise<LoadedWorkflowCode> {
  return detectWasmKind(bytes, label) === 'core-module'
    ? loadSeedModule(bytes, label)
    : loadComponent(bytes, label, options);
}

/** Fetches workflow code from a URL, with errors that say which URL and why. */
export async function fetchCode(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (thrown) {
    throw new HostError('fetch-failed', `Could not fetch ${url}: ${fetchFailure(url, thrown)}`);
  }
  if (!response.ok) {
    throw new HostError(
      'fetch-failed',
      `Could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trimEnd(),
    );
  }
  const body = await readBodyBounded(response, COMPONENT_MAX_BYTES);
  if (!body)
    throw new HostError(
      'fetch-failed',
      `Could not fetch ${url}: it is larger than ${formatLimit(COMPONENT_MAX_BYTES)}, the most a component may take`,
    );
  return body;
}

/** A new run of code loaded here or elsewhere, with its own instance. */
export function driveRun(
  code: WorkflowCode,
  identity: RunIdentity,
  options: RunOptions = {},
): ActivationDriver | RunDriver {
  return code.kind === 'remote' ? code.startRun(identity) : startRun(code, identity, options);
}

/** A new run of loaded code, with its own instance and trace. */
export function startRun(
  code: LoadedWorkflowCode,
  identity: RunIdentity,
  options: RunOptions = {},
): RunDriver {
  return code.kind === 'component'
    ? new WorkflowRunDriver(code, identity, options)
    : new SeedRunDriver(code, identity, options);
}
