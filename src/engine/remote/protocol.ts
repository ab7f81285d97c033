/**
 * The one protocol between the engine in a worker (a Web Worker in the browser, worker_threads in
 * Node) and whoever drives it (the page, the CLI, the bridge): one map of calls, each a method of
 * the Workbench (workbench.ts), carried by the RPC helper (../rpc/rpc.ts). Everything that
 * crosses is plain data: the worker owns the code, the history and the replay session. Besides,
 * the worker reports which guest call it is in, so the driving side's watchdog can stop a guest
 * that never returns (call-site.ts, client.ts).
 */
import type { Types } from '../wit/index.ts';
import type { HostErrorCode } from '../host/errors.ts';
import type { SourcePosition, SourcesInfo } from '../host/sources.ts';
import type { HistoryErrorCode, HistoryFormat, HistoryLocation } from '../history/index.ts';
import type { Breakpoint, SessionVerdict } from '../session/session.ts';
import type { Divergence } from '../session/divergence.ts';
import type { EventIndex } from '../inspect/event-index.ts';
import type { TaskView, StepView, CommandView } from '../inspect/timeline.ts';
import type { Hazard } from '../inspect/hazards.ts';
import type { SpanView } from '../inspect/spans.ts';
import type { RunSummaryView } from '../inspect/run-summary.ts';
import type { EventFilter } from '../inspect/event-search.ts';
import type { EventDetail } from '../inspect/event-detail.ts';
import type { StepDetail } from '../inspect/step-detail.ts';
import type { DeterminismTable, DeterminismRow } from '../inspect/determinism.ts';
import type { CodecServerConfig } from '../proto/codec-server.ts';
import type { SimulationResult } from '../sim/simulate.ts';
import type {
  ComponentRef,
  ComponentSource,
  HistoryForm,
  SessionAction,
  ShareErrorCode,
  ShareState,
  SharedSelection,
} from '../share/index.ts';
import type { DrivenAnswer } from '../host/driven-runs.ts';
import type { GuestCallSite, RunIdentity } from '../host/run.ts';
import type { CompletionView, TraceEntryView } from '../host/trace-view.ts';
import type { ReplaySummary } from '../session/replay-to-end.ts';
import type { RpcReply, RpcRequest } from '../rpc/rpc.ts';

export type {
  Breakpoint,
  SessionVerdict,
  Divergence,
  EventIndex,
  TaskView,
  StepView,
  CommandView,
  Hazard,
};
export type {
  EventFilter,
  EventDetail,
  StepDetail,
  SourcePosition,
  SourcesInfo,
  DeterminismTable,
  DeterminismRow,
  CodecServerConfig,
};

/** Changes whenever a call's shape changes: a page and a worker of different builds refuse each other. */
export const ENGINE_PROTOCOL_VERSION = 2;

export type CodeSource =
  | { kind: 'bytes'; bytes: ArrayBuffer; label: string }
  | { kind: 'url'; url: string; label?: string };

/** Loaded workflow code, as the engine describes it. */
export interface CodeSummary {
  /** A component, or a seed-ABI core module (no declared types: it runs any type named). */
  kind: 'component' | 'seed-module';
  label: string;
  /** Hex SHA-256 of the bytes; loading the same bytes again reuses the compiled code. */
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
  /** The workflow's source files (components built with our SDK), or why there are none. */
  sources: SourcesInfo;
}

/** The first workflow task of a fresh run, as `run-first-activation` answers it. */
export interface RunView {
  workflowType: string;
  args: unknown[];
  activation: Record<string, unknown>;
  completion: CompletionView;
  trace: TraceEntryView[];
  currentDetails: string;
  durationMs: number;
}

export type { ReplaySummary };

/** Where the commands come from: the component, or the history itself (no code: echo). */
export type ReplayMode = 'component' | 'echo';

export type HistoryInput =
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: ArrayBuffer }
  | { kind: 'url'; url: string };

export interface HistoryView {
  label: string;
  format: HistoryFormat | { kind: 'new-run' };
  warnings: string[];
  workflowType: string;
  runId: string;
  index: EventIndex;
  tasks: TaskView[];
  run: RunSummaryView;
  hazards: Hazard[];
  /** Activities, timers, children, updates, workflow tasks over time: the Gantt and compact list. */
  spans: SpanView;
}

export type StopReason =
  | { kind: 'step' }
  | { kind: 'breakpoint'; breakpoints: Breakpoint[] }
  | { kind: 'end' }
  | { kind: 'paused' };

export interface SessionSnapshot {
  /** Increases with every newly opened session; answers for an older one are stale. */
  generation: number;
  mode: ReplayMode;
  /** Why the mode is echo although a component is loaded (e.g. it lacks the workflow type). */
  modeNote?: string;
  /** The component's workflow function that replays the history (component mode only). */
  workflowFunction?: string;
  stepCount: number;
  /** The page keeps its first `keep` step views and replaces the rest with `steps`. */
  keep: number;
  steps: StepView[];
  /** The current activation (stepCount - 1, or -1 before the first) and call within it. */
  cursor: { step: number; call?: number };
  verdict: SessionVerdict;
  divergence?: Divergence;
  /**
   * Events replayed so far that were taken as recorded because no check applies (other SDKs'
   * markers, timer ids that are not numbers); absent when there are none.
   */
  notCheckedEventIds?: number[];
  breakpoints: Breakpoint[];
  stop: StopReason;
  /** Id of the last history event applied so far. */
  lastEventApplied: number;
  currentDetails: string;
  /** The run's result when the code completed it: the decoded value, as JSON text. */
  result?: string;
  /** Time the worker spent on this request, ms. */
  elapsedMs: number;
}

export interface Opened {
  history: HistoryView;
  session: SessionSnapshot;
}

/** A simulated run, opened as the session's history. */
export interface Simulated {
  opened: Opened;
  outcome: SimulationResult['outcome'];
  workflowTasks: number;
  warnings: string[];
  /** The recorded history, canonical proto3 JSON (to download or remember). */
  historyJson: string;
  simulatedMs: number;
}

export type StepAction =
  | { kind: 'forward' }
  | { kind: 'back' }
  | { kind: 'next-call' }
  | { kind: 'previous-call' }
  | { kind: 'run' }
  | { kind: 'run-to-divergence' }
  | { kind: 'restart' }
  /** `call`: also move to that guest call within the activation (as `next-call` counts them). */
  | { kind: 'to-step'; index: number; call?: number };

// ── Sharing ──────────────────────────────────────────────────────────────────────────────────

/** Where the page got the loaded component (the worker knows only its bytes). */
export type ComponentOrigin =
  | { kind: 'example'; id: string }
  | { kind: 'url'; url: string }
  /** Picked, dropped, recent, or carried by a bundle: the receiver needs the same bytes. */
  | { kind: 'file' };

/** What the page knows of the session and the worker does not: sources' origins, the view. */
export interface ShareView {
  component?: ComponentOrigin;
  /** The URL the history was opened from, when it was. */
  historyUrl?: string;
  filter: EventFilter;
  selection?: SharedSelection;
}

export interface ShareLinkOffer {
  link?: {
    url: string;
    /** Session bytes (state and history) before and after compression. */
    payloadBytes: number;
    compressedBytes: number;
    historyForm?: HistoryForm;
  };
  /** Why there is no link (the session is too large for one). */
  linkError?: EngineError;
  /** How the link names its sources. */
  history: ShareState['history'];
  component?: ComponentRef;
}

export interface ShareBundleFile {
  bytes: ArrayBuffer;
  /** Suggested file name, `<history>.wpbundle`. */
  name: string;
  payloadBytes: number;
}

export type ShareInput = { kind: 'fragment'; fragment: string } | { kind: 'bundle'; file: Blob };

/** `SessionAction`, with what the link or bundle carried as plain bytes. */
export type ShareAction =
  | Exclude<SessionAction, { kind: 'load-component' | 'open-history' }>
  | {
      kind: 'load-component';
      source:
        | Exclude<ComponentSource, { kind: 'bytes' }>
        | { kind: 'bytes'; bytes: ArrayBuffer; label: string; sha256: string };
    }
  | {
      kind: 'open-history';
      source:
        | { kind: 'bytes'; bytes: ArrayBuffer; label: string }
        | { kind: 'url'; url: string; sha256?: string };
      workflowId?: string;
    };

/** An opened link or bundle, checked, and the actions that recreate its session. */
export interface SharePlan {
  state: ShareState;
  actions: ShareAction[];
}

export type CheckResult =
  | { ok: true; eventCount: number; warnings: string[]; format: HistoryFormat }
  | { ok: false; error: EngineError };

/** Every call the engine answers: its request, its result, and its progress note if any. */
export type EngineCalls = {
  /**
   * Loads workflow code; it becomes the code that sessions and runs use (only code that loads
   * completely replaces it). `maxMemoryBytes` caps each instance's memory (the host's default
   * when left out). With a history open, its session starts again with the new code.
   */
  'load-code': {
    request: { source: CodeSource; maxMemoryBytes?: number };
    result: { code: CodeSummary; session?: SessionSnapshot };
  };
  /** Lets go of the code: the open history replays alone from its start. */
  'unload-code': { request: null; result: { session?: SessionSnapshot } };
  'open-history': {
    request: { input: HistoryInput; label: string; workflowId?: string };
    result: Opened;
  };
  /** A fresh run of the loaded code opened as the session: its first workflow task to come. */
  'new-run': { request: { workflowType: string; args: unknown[] }; result: Opened };
  /** `exampleId`: the bundled example whose activity implementations answer unmentioned activities. */
  simulate: {
    request: { scenario: unknown; exampleId?: string };
    result: Simulated;
    progress: ProgressNote;
  };
  'export-history': { request: null; result: { json: string; label: string } };
  'set-mode': {
    request: { mode: ReplayMode; workflowType?: string };
    result: SessionSnapshot;
    progress: ProgressNote;
  };
  step: { request: { action: StepAction }; result: SessionSnapshot; progress: ProgressNote };
  pause: { request: null; result: { pausing: boolean } };
  'toggle-breakpoint': { request: { breakpoint: Breakpoint }; result: Breakpoint[] };
  'set-breakpoints': { request: { breakpoints: Breakpoint[] }; result: Breakpoint[] };
  'event-detail': { request: { eventId: number }; result: EventDetail };
  'step-detail': { request: { index: number }; result: StepDetail };
  determinism: { request: { task: number }; result: DeterminismTable };
  watch: { request: { queries: WatchQuery[] }; result: WatchView };
  'filter-events': {
    request: { filter: EventFilter };
    result: { positions: Int32Array; total: number };
  };
  'check-history': { request: { text: string }; result: CheckResult };
  'history-schema': { request: null; result: Record<string, unknown> };
  'set-codec-server': { request: { config: CodecServerConfig | null }; result: { ok: true } };
  'share-link': { request: { view: ShareView; appUrl: string }; result: ShareLinkOffer };
  'share-bundle': { request: { view: ShareView }; result: ShareBundleFile };
  /** null: the fragment holds no shared session (an ordinary anchor). */
  'open-share': { request: { input: ShareInput }; result: SharePlan | null };
  'fetch-shared-history': {
    request: { url: string; sha256?: string; state: ShareState };
    result: { bytes: ArrayBuffer; label: string };
  };
  'fetch-shared-component': {
    request: { url: string; sha256?: string };
    result: { bytes: ArrayBuffer };
  };
  /** The first workflow task of a fresh run of the loaded code, outside any session. */
  'run-first-activation': {
    request: { workflowType: string; args: unknown[] };
    result: RunView;
  };
  /**
   * Runs driven one activation at a time from outside (sdk-core, for a bridge or the CLI's
   * simulations), with the loaded code, independent of the session. `activation` is an encoded
   * coresdk WorkflowActivation; the answer's `encodedCompletion` the WorkflowActivationCompletion
   * to hand back, its `trace` the new entries.
   */
  'start-run': { request: { identity: RunIdentity }; result: { run: number } };
  activate: { request: { run: number; activation: Uint8Array }; result: DrivenAnswer };
  'end-run': { request: { run: number }; result: null };
  /**
   * Replays a history (an encoded temporal.api.history.v1.History) to its end with the loaded
   * code and answers once with the outcome: what the CLI's `replay` prints, not every step.
   */
  replay: {
    request: { history: ArrayBuffer; workflowId?: string; workflowType?: string };
    result: ReplaySummary;
  };
};

export type EngineCall = keyof EngineCalls;
export type EngineRequest<K extends EngineCall = EngineCall> = EngineCalls[K]['request'];
export type EngineResult<K extends EngineCall = EngineCall> = EngineCalls[K]['result'];

export interface EngineError {
  code:
    | HostErrorCode
    | HistoryErrorCode
    | 'internal'
    /** A guest call ran longer than the limit; the worker was terminated and replaced. */
    | 'watchdog'
    /** The worker died (e.g. out of memory); it was replaced. */
    | 'engine-crashed'
    | 'no-history'
    | 'no-code'
    /** A driven run this worker does not hold (it was restarted since). */
    | 'no-run'
    | 'bad-request'
    /** A simulation scenario is wrong; `location.fieldPath` names the field. */
    | 'scenario'
    | 'filter'
    /** A link or bundle that cannot be made or opened (see ShareError). */
    | ShareErrorCode;
  message: string;
  /** For history errors: where in the input. */
  location?: HistoryLocation;
  /** For `watchdog`: the guest call that did not return. */
  site?: GuestCallSite;
}

export interface ProgressNote {
  stepCount: number;
  lastEventApplied: number;
}

/** What the driving side sends the worker: first `init`, then requests. */
export type ToWorker =
  /** `board`: shared memory the worker writes its current guest call to (see call-site.ts). */
  { kind: 'init'; board?: SharedArrayBuffer } | RpcRequest<EngineCalls>;

export type FromWorker =
  /** The worker's code is running (a crash before this means it cannot start). */
  | { kind: 'ready' }
  | RpcReply<EngineCalls, EngineError>
  /** Only when no shared memory is available: the call the worker is entering (or leaving). */
  | { kind: 'call-site'; seq: number; site?: GuestCallSite };

/** A query the watch panel asks at the cursor: its name and arguments. */
export interface WatchQuery {
  name: string;
  args: unknown[];
}

/** The workflow's queries answered at the session's cursor (on a copy of the guest's state). */
export interface WatchView {
  /** The cursor's step (-1: before the first activation). */
  step: number;
  /** Queries the replaying workflow function declares (list-workflows). */
  declared: string[];
  /** Why nothing can be queried here, when nothing can. */
  refusal?: string;
  answers: Array<
    WatchQuery & {
      /** The answer as JSON text (decoded from its payload), to show and to compare across steps. */
      text?: string;
      error?: string;
    }
  >;
}
