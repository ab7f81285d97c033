/**
 * The one protocol between an engine running in a worker (a Web Worker in the browser,
 * worker_threads in Node) and the thread that drives it. Each request carries an id and gets
 * exactly one response; besides, the worker reports which guest call it is in, so that the
 * driving thread can stop a guest that never returns (see call-site.ts and client.ts).
 */
import type { DrivenAnswer } from '../host/driven-runs.ts';
import type { HostErrorCode } from '../host/errors.ts';
import type { GuestCallSite, RunIdentity } from '../host/run.ts';
import type { CompletionView, TraceEntryView } from '../host/trace-view.ts';
import type { Types } from '../wit/index.ts';

export type { ReplaySummary };
import type { ReplaySummary } from '../session/replay-to-end.ts';

export type CodeSource =
  | { kind: 'bytes'; bytes: ArrayBuffer; label: string }
  | { kind: 'url'; url: string; label?: string };

export interface CodeSummary {
  kind: 'component' | 'seed-module';
  label: string;
  /** Hex SHA-256 of the bytes. */
  hash: string;
  /** Loaded earlier in this engine: nothing was transpiled or compiled again. */
  cached: boolean;
  byteLength: number;
  workflows: Types.WorkflowDefinition[];
  /** A seed-ABI module has no list of workflow types: it runs as any type. */
  anyWorkflowType: boolean;
  imports: string[];
  /** WASI interfaces among the imports, answered deterministically. */
  wasiImports: string[];
  exports: string[];
  timings: { hashMs: number; transpileMs: number; compileMs: number; instantiateMs: number };
}

export interface RunView {
  workflowType: string;
  args: unknown[];
  activation: Record<string, unknown>;
  completion: CompletionView;
  trace: TraceEntryView[];
  currentDetails: string;
  durationMs: number;
}

/** Every call the engine answers: its request and its result. */
export interface EngineCalls {
  /** Loads workflow code; it becomes the code that later runs use. */
  'load-code': {
    /** `maxMemoryBytes` caps each instance's memory (the host's default when left out). */
    request: { source: CodeSource; maxMemoryBytes?: number };
    result: CodeSummary;
  };
  /** The first workflow task of a fresh run of the loaded code. */
  'run-first-activation': {
    request: { workflowType: string; args: unknown[] };
    result: RunView;
  };
  /** A run driven one activation at a time (e.g. by sdk-core's replay worker). */
  'start-run': { request: { identity: RunIdentity }; result: { run: number } };
  /**
   * `activation` is an encoded coresdk WorkflowActivation; `encodedCompletion` the
   * WorkflowActivationCompletion to hand to sdk-core; `trace` holds the new entries.
   */
  activate: {
    request: { run: number; activation: Uint8Array };
    result: DrivenAnswer;
  };
  'end-run': { request: { run: number }; result: null };
  /**
   * Replays a history (an encoded temporal.api.history.v1.History) to its end with the loaded
   * code, here in the engine's thread, and answers once with the outcome: one message for the
   * whole replay instead of a round trip per activation.
   */
  replay: {
    request: { history: ArrayBuffer; workflowId?: string; workflowType?: string };
    result: ReplaySummary;
  };
}

export type EngineCall = keyof EngineCalls;
export type EngineRequest<K extends EngineCall = EngineCall> = EngineCalls[K]['request'];
export type EngineResult<K extends EngineCall = EngineCall> = EngineCalls[K]['result'];

export interface EngineError {
  code:
    | HostErrorCode
    | 'internal'
    | 'no-code'
    | 'no-run'
    | 'bad-request'
    /** A guest call ran longer than the limit; the worker was terminated and replaced. */
    | 'watchdog'
    /** The worker died (e.g. out of memory); it was replaced. */
    | 'engine-crashed';
  message: string;
  /** For `watchdog`: the guest call that did not return. */
  site?: GuestCallSite;
}

export type ToWorker =
  | { kind: 'init'; board?: SharedArrayBuffer }
  | {
      [K in EngineCall]: { kind: 'request'; id: number; call: K; request: EngineRequest<K> };
    }[EngineCall];

export type FromWorker =
  /** The worker's code is running (a crash before this means it cannot start). */
  | { kind: 'ready' }
  | { kind: 'response'; id: number; ok: true; result: EngineResult }
  | { kind: 'response'; id: number; ok: false; error: EngineError }
  /** Only when no shared memory is available: the call the worker is entering (or leaving). */
  | { kind: 'call-site'; seq: number; site?: GuestCallSite };
