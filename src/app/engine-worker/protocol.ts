/**
 * The one message protocol between the page and the engine worker. The page sends intents; every
 * request carries an id and the worker answers each with exactly one response of the same id
 * (long runs also send progress notes with that id before the answer). Everything that crosses is
 * plain data: the worker owns the history, the component and the replay session.
 */
import type { Types } from '../../engine/wit/index.ts';
import type { HostErrorCode } from '../../engine/host/errors.ts';
import type { SourcePosition, SourcesInfo } from '../../engine/host/sources.ts';
import type {
  HistoryErrorCode,
  HistoryFormat,
  HistoryLocation,
} from '../../engine/history/index.ts';
import type { Breakpoint, SessionVerdict } from '../../engine/session/session.ts';
import type { Divergence } from '../../engine/session/divergence.ts';
import type { EventIndex } from '../../engine/inspect/event-index.ts';
import type { TaskView, StepView, CommandView } from '../../engine/inspect/timeline.ts';
import type { Hazard } from '../../engine/inspect/hazards.ts';
import type { SpanView } from '../../engine/inspect/spans.ts';
import type { RunSummaryView } from '../../engine/inspect/run-summary.ts';
import type { EventFilter } from '../../engine/inspect/event-search.ts';
import type { EventDetail } from '../../engine/inspect/event-detail.ts';
import type { StepDetail } from '../../engine/inspect/step-detail.ts';
import type { DeterminismTable, DeterminismRow } from '../../engine/inspect/determinism.ts';
import type { CodecServerConfig } from '../../engine/proto/codec-server.ts';
import type { SimulationResult } from '../../engine/sim/simulate.ts';
import type {
  ComponentRef,
  ComponentSource,
  HistoryForm,
  SessionAction,
  ShareErrorCode,
  ShareState,
  SharedSelection,
} from '../../engine/share/index.ts';
import type { DrivenAnswer } from '../../engine/host/driven-runs.ts';
import type { RunIdentity } from '../../engine/host/run.ts';

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

export interface ComponentSummary {
  /** A component, or a seed-ABI core module (no declared types: it runs any type named). */
  kind: 'component' | 'seed-module';
  label: string;
  /** Hex SHA-256 of the bytes; loading the same bytes again reuses the compiled code. */
  hash: string;
  byteLength: number;
  workflows: Types.WorkflowDefinition[];
  imports: string[];
  exports: string[];
  /** Transpile and instantiate apply to components only. */
  timings: { transpileMs?: number; compileMs: number; instantiateMs?: number };
  /** The workflow's source files (components built with our SDK), or why there are none. */
  sources: SourcesInfo;
}

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

export type EngineRequest =
  | { type: 'load-component'; bytes: ArrayBuffer; label: string }
  | { type: 'unload-component' }
  | { type: 'open-history'; input: HistoryInput; label: string; workflowId?: string }
  | { type: 'start-run'; workflowType: string; args: unknown[] }
  /** `exampleId`: the bundled example whose activity implementations answer unmentioned activities. */
  | { type: 'simulate'; scenario: unknown; exampleId?: string }
  | { type: 'export-history' }
  | { type: 'set-mode'; mode: ReplayMode; workflowType?: string }
  | { type: 'step'; action: StepAction }
  | { type: 'pause' }
  | { type: 'toggle-breakpoint'; breakpoint: Breakpoint }
  | { type: 'set-breakpoints'; breakpoints: Breakpoint[] }
  | { type: 'event-detail'; eventId: number }
  | { type: 'step-detail'; index: number }
  | { type: 'determinism'; task: number }
  | { type: 'watch'; queries: WatchQuery[] }
  | { type: 'filter-events'; filter: EventFilter }
  | { type: 'check-history'; text: string }
  | { type: 'history-schema' }
  | { type: 'set-codec-server'; config: CodecServerConfig | null }
  | { type: 'share-link'; view: ShareView; appUrl: string }
  | { type: 'share-bundle'; view: ShareView }
  | { type: 'open-share'; input: ShareInput }
  | { type: 'fetch-shared-history'; url: string; sha256?: string; state: ShareState }
  | { type: 'fetch-shared-component'; url: string; sha256?: string }
  // A bridge's runs, driven one activation at a time by sdk-core (src/app/bridge/workbench-lang.ts).
  | { type: 'bridge-start-run'; identity: RunIdentity }
  | { type: 'bridge-activate'; run: number; activation: Uint8Array }
  | { type: 'bridge-end-run'; run: number };

export interface EngineResults {
  'load-component': { component: ComponentSummary; session?: SessionSnapshot };
  'unload-component': { session?: SessionSnapshot };
  'open-history': Opened;
  'start-run': Opened;
  simulate: Simulated;
  'export-history': { json: string; label: string };
  'set-mode': SessionSnapshot;
  step: SessionSnapshot;
  pause: { pausing: boolean };
  'toggle-breakpoint': Breakpoint[];
  'set-breakpoints': Breakpoint[];
  'event-detail': EventDetail;
  'step-detail': StepDetail;
  determinism: DeterminismTable;
  watch: WatchView;
  'filter-events': { positions: Int32Array; total: number };
  'check-history': CheckResult;
  'history-schema': Record<string, unknown>;
  'set-codec-server': { ok: true };
  'share-link': ShareLinkOffer;
  'share-bundle': ShareBundleFile;
  /** null: the fragment holds no shared session (an ordinary anchor). */
  'open-share': SharePlan | null;
  'fetch-shared-history': { bytes: ArrayBuffer; label: string };
  'fetch-shared-component': { bytes: ArrayBuffer };
  'bridge-start-run': { run: number };
  'bridge-activate': DrivenAnswer;
  'bridge-end-run': { ok: true };
}

export interface EngineError {
  code:
    | HostErrorCode
    | HistoryErrorCode
    | 'internal'
    /** The worker stayed silent past the call limit and was restarted. */
    | 'watchdog'
    | 'no-history'
    | 'no-component'
    /** A bridge run this worker does not hold (it was restarted since). */
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
}

export interface ProgressNote {
  stepCount: number;
  lastEventApplied: number;
}

export type EngineResponse =
  | { id: number; ok: true; result: EngineResults[keyof EngineResults] }
  | { id: number; ok: false; error: EngineError }
  | { id: number; progress: ProgressNote };

export type EngineMessage = EngineRequest & { id: number };

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
