/**
 * App state. Components read slices with `useApp`; only the action modules beside this file
 * change it, and only they talk to the engine worker. A failed action records its error where it
 * happened and leaves the last good state alone.
 */
import { create } from 'zustand';
import type { ExampleManifestEntry } from '../../../examples/manifest.ts';
import { EngineClient, EngineRequestError } from '../../engine/remote/client.ts';
import { spawnEngineWorker } from '../engine-worker/spawn.ts';
import type {
  CodecServerConfig,
  CodeSummary,
  DeterminismTable,
  EngineError,
  EventDetail,
  EventFilter,
  HistoryView,
  ProgressNote,
  SessionSnapshot,
  Simulated,
  ShareLinkOffer,
  StepDetail,
  StepView,
  WatchQuery,
  WatchView,
} from '../../engine/remote/protocol.ts';
import { NO_FILTER } from '../../engine/inspect/event-search.ts';
import type { RunInfo } from '../../engine/bridge/protocol.ts';
import type { SdkCoreOutcome } from '../../engine/inspect/live-run.ts';
import type { Welcome } from '../bridge/client.ts';
import type { BridgeLink } from '../bridge/link.ts';
import type { RecentSummary, Selection, SourceRef } from './persist.ts';

export type Theme = 'light' | 'dark';
export type InspectorTab =
  'determinism' | 'activation' | 'commands' | 'event' | 'trace' | 'run' | 'watch';
export type Dialog =
  | 'paste'
  | 'url'
  | 'new-run'
  | 'simulate'
  | 'help'
  | 'codec'
  | 'share'
  | 'share-file'
  | 'bridge'
  | 'server'
  | 'example-component';

export interface SessionState extends Omit<SessionSnapshot, 'steps' | 'keep'> {
  steps: StepView[];
}

/** Sharing: the Share dialog's link or bundle, and opening links and bundles. */
export interface ShareUi {
  /** The link made for the session as it was when the dialog opened. */
  offer?: ShareLinkOffer;
  making?: 'link' | 'bundle';
  /** The bundle last saved from the dialog. */
  bundle?: { name: string; size: number };
  /** Why a link or a bundle could not be made. */
  error?: EngineError;
  /** A link or a bundle is being opened. */
  opening?: boolean;
  /** Why the last link or bundle did not open, and what the page still shows. */
  openError?: { what: 'link' | 'bundle'; error: EngineError; note?: string };
  /** A shared session waits for the user to pick the component file it names by hash. */
  ask?: { sha256: string; label?: string; size?: number; problem?: string };
}

/** What the timeline draws of a run: the debugger's replay session, or a live run. */
export type RunState = Pick<
  SessionState,
  | 'generation'
  | 'steps'
  | 'cursor'
  | 'breakpoints'
  | 'lastEventApplied'
  | 'verdict'
  | 'divergence'
  | 'notCheckedEventIds'
>;
/** What the timeline draws of a history: the workflow tasks, the events known, hazards. */
export type HistoryState = Pick<HistoryView, 'tasks' | 'index' | 'hazards'>;

/** A run the bridge reported, as the runs list shows it. */
export interface LiveRunSummary {
  key: number;
  info: RunInfo;
  activations: number;
  /** An activation is still waiting for its completion. */
  running: boolean;
  ranBy?: 'page' | 'bridge';
  outcome?: SdkCoreOutcome;
}

/** The live run on the timeline, in the forms the timeline and inspectors take. */
export interface LiveShown {
  key: number;
  info: RunInfo;
  history: HistoryState;
  run: RunState;
  /** sdk-core's verdict, once the run ended. */
  outcome?: SdkCoreOutcome;
  currentDetails: string;
  result?: string;
}

/** A connection to a bridge (`workflow-playground bridge`) and the runs it reported. */
export interface BridgeState {
  link: BridgeLink;
  connection: { state: 'connecting' | 'open' | 'reconnecting' | 'closed'; message: string };
  welcome?: Welcome;
  /** The bridge's own state (polling, replaying, idle…) in its words. */
  status?: { state: string; message: string };
  /** Frames the bridge refused or the page could not read, and failed requests (the last few). */
  problems: string[];
  runs: LiveRunSummary[];
  /** Older runs the page let go of. */
  dropped: number;
  shown?: LiveShown;
  /** The newest run replaces the shown one when it starts (until the user picks another). */
  follow: boolean;
  selection?: Selection;
}

export interface AppState {
  theme: Theme;
  examples: ExampleManifestEntry[];
  examplesError?: string;
  exampleId?: string;

  component: { loading: boolean; summary?: CodeSummary; ref?: SourceRef; error?: EngineError };
  history: {
    loading: boolean;
    view?: HistoryView;
    ref?: SourceRef;
    run?: { workflowType: string; args: unknown[] };
    error?: EngineError;
  };
  session?: SessionState;
  /** The main area shows the debugger's session, or the live runs of a bridge. */
  showing: 'debugger' | 'live';
  /**
   * Where start-up is: deciding what to open (the page draws nothing yet, so nothing jumps),
   * reopening the last session (named), or done.
   */
  startup: { state: 'deciding' } | { state: 'reopening'; what: string } | { state: 'done' };
  /** The start page is shown over an open session (the brand button), until something opens. */
  startPage: boolean;
  bridge?: BridgeState;
  /**
   * A request the worker is busy with. Long runs report progress between slices; `heardAt` is when
   * the worker last answered, which the call-limit watchdog measures silence from.
   */
  busy?: {
    what: string;
    startedAt: number;
    heardAt: number;
    progress?: ProgressNote;
    pausing?: boolean;
  };
  /** Seconds of silence from a busy worker before it is stopped (a guest stuck in a loop). */
  callLimitSeconds: number;
  /** Errors of stepping, breakpoints and the like, shown above the timeline. */
  actionError?: EngineError;
  restoreError?: string;

  selection?: Selection;
  inspectorTab: InspectorTab;
  detail: {
    event?: EventDetail;
    step?: StepDetail;
    determinism?: DeterminismTable;
    watch?: WatchView;
    loading: boolean;
    error?: EngineError;
  };
  /** The watch panel: queries typed in besides the declared ones, pins, the previous step's answers. */
  watch: { extra: WatchQuery[]; pinned: string[]; previous?: WatchView };

  filter: EventFilter;
  filtered?: Int32Array;
  filterError?: string;

  zoom: number;
  /** The timeline shows workflow tasks as columns, or the run over wall-clock time (a Gantt). */
  timelineView: 'tasks' | 'clock';
  /** The event list shows every event, or one row per activity, timer, child… (compact). */
  eventListView: 'all' | 'compact';
  dialog?: Dialog;
  recent: RecentSummary[];
  codecServer?: CodecServerConfig;
  runForm: { workflowType: string; input: string; error?: string };
  /** The simulation scenario being edited (JSON text), why the last run of it failed, its outcome. */
  scenario: { text: string; error?: EngineError; last?: SimulationSummary };
  share: ShareUi;
}

export type SimulationSummary = Omit<Simulated, 'opened' | 'historyJson'> & {
  /** Label of the history it opened, to tell whether that history is still the open one. */
  label: string;
  bytes: number;
};

function initialTheme(): Theme {
  const saved = localStorage.getItem('wp-theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const useApp = create<AppState>(() => ({
  theme: initialTheme(),
  examples: [],
  component: { loading: false },
  history: { loading: false },
  inspectorTab: 'run',
  detail: { loading: false },
  watch: { extra: [], pinned: [] },
  filter: NO_FILTER,
  zoom: 1,
  timelineView: 'tasks',
  eventListView: 'all',
  recent: [],
  runForm: { workflowType: '', input: '[]' },
  scenario: { text: '' },
  callLimitSeconds: 5,
  share: {},
  showing: 'debugger',
  startup: { state: 'deciding' },
  startPage: false,
}));

export const set = useApp.setState;
export const get = useApp.getState;

let client: EngineClient | undefined;
let restarted: (error: EngineError) => void = () => {};

/** What the page does once the engine's watchdog (or a crash) replaced its worker (startup.ts). */
export function whenEngineRestarts(handler: (error: EngineError) => void): void {
  restarted = handler;
}

/** The engine: a Web Worker driven by the engine's client, under its watchdog. */
export function engine(): EngineClient {
  if (client) return client;
  const started = new EngineClient({
    spawn: spawnEngineWorker,
    callLimitMs: get().callLimitSeconds * 1000,
    onRestart: (error) => restarted(error),
  });
  // The Run tab's call limit applies from the next guest call on.
  useApp.subscribe((s) => (started.callLimitMs = s.callLimitSeconds * 1000));
  return (client = started);
}

export function asEngineError(thrown: unknown): EngineError {
  if (thrown instanceof EngineRequestError) return thrown.error;
  return { code: 'internal', message: thrown instanceof Error ? thrown.message : String(thrown) };
}

/** Applies a snapshot from the worker: steps the page already has are kept. */
export function applySnapshot(snapshot: SessionSnapshot): void {
  set((s) => {
    const previous = s.session;
    const base =
      previous && previous.generation === snapshot.generation
        ? previous.steps.slice(0, snapshot.keep)
        : [];
    const { steps, keep: _keep, ...rest } = snapshot;
    return { session: { ...rest, steps: base.concat(steps) }, actionError: undefined };
  });
}
