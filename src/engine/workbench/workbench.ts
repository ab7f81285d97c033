/**
 * Everything the engine worker holds: the loaded code, the open history, the replay session over
 * them, breakpoints and the codec server, and the runs driven from outside (a bridge's, the
 * CLI's) through the same code. Each call of the engine protocol is one method here (`handlers`);
 * the answer is plain data. A failed load leaves everything as it was. No DOM, no Node: the page's
 * Web Worker and Node's worker thread serve the same Workbench.
 */
import { DrivenRuns, type DrivenAnswer } from '../host/driven-runs.ts';
import { CodeCache, fetchCode, startRun, type LoadedWorkflowCode } from '../host/load.ts';
import type { GuestCallSite, RunIdentity } from '../host/run.ts';
import { firstActivation } from '../host/start.ts';
import { completionView, traceViews } from '../host/trace-view.ts';
import type { TranspileStore } from '../host/transpile.ts';
import type { HistoryEvent } from '../core/events.ts';
import type { Handlers } from '../rpc/rpc.ts';
import { replayToEnd, type ReplaySummary } from '../session/replay-to-end.ts';
import type { SimulateOptions } from '../sim/simulate.ts';
import {
  EventType,
  eventIdOf,
  groupWarnings,
  loadHistory,
  loadHistoryAsync,
  type LoadedHistory,
} from '../history/index.ts';
import { History, WorkflowActivation } from '../proto/index.ts';
import { fromPayload } from '../proto/payload.ts';
import type { CodecServerConfig } from '../proto/codec-server.ts';
import { historyJsonSchema } from '../proto/json-schema.ts';
import {
  breakpointKey,
  ReplaySession,
  type Breakpoint,
  type SessionStep,
} from '../session/session.ts';
import { startHistory } from '../session/start-history.ts';
import { declaredQueries, queryAtCursor, queryRefusal } from '../session/query.ts';
import { buildEventIndex, type EventIndex } from '../inspect/event-index.ts';
import { runSummary } from '../inspect/run-summary.ts';
import { findHazards } from '../inspect/hazards.ts';
import { buildSpans } from '../inspect/spans.ts';
import { RelatedEvents } from '../inspect/related-events.ts';
import { taskViews, stepView, type TaskView, type StepView } from '../inspect/timeline.ts';
import { determinismTable, type DeterminismTable } from '../inspect/determinism.ts';
import { filterEvents, type EventFilter } from '../inspect/event-search.ts';
import { eventDetail, type EventDetail } from '../inspect/event-detail.ts';
import { stepDetail, type StepDetail } from '../inspect/step-detail.ts';
import { HistoryEventCodec } from '../inspect/inspector-json.ts';
import { simulate } from '../sim/simulate.ts';
import { validateScenario, type Scenario } from '../sim/scenario.ts';
import { exportHistoryJson } from '../history/index.ts';
import { jsonView } from '../proto/json-view.ts';
import { EngineFailure, engineError } from './errors.ts';
import {
  fetchComponentForShare,
  fetchHistoryForShare,
  openShare,
  shareBundle,
  shareLink,
  type ShareSubject,
} from './share.ts';
import type {
  CheckResult,
  CodeSource,
  CodeSummary,
  EngineCalls,
  HistoryInput,
  HistoryView,
  Opened,
  ProgressNote,
  ReplayMode,
  SessionSnapshot,
  Simulated,
  ShareBundleFile,
  ShareLinkOffer,
  ShareView,
  StepAction,
  StopReason,
  RunView,
  WatchQuery,
  WatchView,
} from '../remote/protocol.ts';

/** A bundled example's activity implementations, by example id (the page bundles them). */
export type ActivitiesFor = (
  exampleId: string,
) => Promise<NonNullable<SimulateOptions['activities']> | undefined>;

export interface WorkbenchOptions {
  /** Told of every guest call entered and left: the driving side's watchdog reads it. */
  onGuestCall?: (site: GuestCallSite | undefined) => void;
  /** Where transpiled components outlive the worker (the CLI's disk store). */
  transpileStore?: TranspileStore;
  activities?: ActivitiesFor;
}

const NO_SOURCE_MAP =
  'A seed-ABI core module carries no source map, so its commands cannot be traced to source lines.';

function summary(
  code: LoadedWorkflowCode,
  label: string,
  loaded: { hash: string; cached: boolean; hashMs: number },
): CodeSummary {
  const common = { label, hash: loaded.hash, cached: loaded.cached, byteLength: code.byteLength };
  if (code.kind === 'component') {
    return {
      ...common,
      kind: 'component',
      workflows: [...code.workflows],
      anyWorkflowType: false,
      imports: [...code.transpiled.imports],
      wasiImports: [...code.wasiImports],
      exports: [...code.transpiled.exports],
      timings: { hashMs: loaded.hashMs, ...code.timings },
      sources: code.sourcesInfo,
    };
  }
  return {
    ...common,
    kind: 'seed-module',
    workflows: [],
    anyWorkflowType: true,
    imports: [...code.imports],
    wasiImports: [],
    exports: [...code.exports],
    timings: {
      hashMs: loaded.hashMs,
      transpileMs: 0,
      compileMs: code.timings.compileMs,
      instantiateMs: 0,
    },
    sources: { available: false, reason: NO_SOURCE_MAP },
  };
}

/** The page's base URL for relative history URLs (none in Node). */
const baseUrl = () => (globalThis as { location?: { href: string } }).location?.href;

interface OpenHistory {
  loaded: LoadedHistory;
  view: HistoryView;
  taskByStarted: Map<number, number>;
  related: RelatedEvents;
  /** Attributes JSON per event, built on the first attribute search. */
  attributesText?: string[];
}

/** The TS SDK's built-in query for where each routine is blocked. */
const STACK_TRACE = '__stack_trace';

/** Between slices of a long run the worker lets messages in (pause, inspections) and reports. */
const SLICE_MS = 60;
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Workbench {
  private component:
    | {
        loaded: LoadedWorkflowCode;
        summary: CodeSummary;
        /** Kept for bundles, which carry the component. */
        bytes: Uint8Array;
      }
    | undefined;
  private readonly codeCache: CodeCache;
  private history: OpenHistory | undefined;
  /** InitializeWorkflow.workflow_id for the open history, when a shared session names one. */
  private workflowId: string | undefined;
  private session: ReplaySession | undefined;
  private generation = 0;
  private preferredMode: ReplayMode = 'component';
  private mode: ReplayMode = 'echo';
  private modeNote: string | undefined;
  /** The workflow function the user chose to replay histories with, instead of their type. */
  private chosenWorkflowType: string | undefined;
  /** The component's workflow function replaying the open session (component mode). */
  private workflowFunction: string | undefined;
  private breakpoints: Breakpoint[] = [];
  /** Index of the last guest call shown as executed in the current step; undefined: all. */
  private callCursor: number | undefined;
  /** How many step views the page holds. */
  private sentSteps = 0;
  private stop: StopReason = { kind: 'step' };
  private pauseRequested = false;
  private codecServer: CodecServerConfig | undefined;
  /** The scenario the open history was simulated from, if it was. */
  private scenario: Scenario | undefined;
  private readonly drivenRuns = new DrivenRuns();

  constructor(private readonly options: WorkbenchOptions = {}) {
    this.codeCache = new CodeCache(undefined, options.transpileStore);
  }

  /** The protocol's handlers: one per call, each a method of this. */
  handlers(): Handlers<EngineCalls> {
    return {
      'load-code': (r) => this.loadCode(r.source, r.maxMemoryBytes),
      'unload-code': () => this.unloadCode(),
      'open-history': (r) => this.openHistory(r.input, r.label, r.workflowId),
      'new-run': (r) => this.newRun(r.workflowType, r.args),
      simulate: (r, progress) => this.simulate(r.scenario, r.exampleId, progress),
      'export-history': () => this.exportHistory(),
      'set-mode': (r, progress) => this.setMode(r.mode, progress, r.workflowType),
      step: (r, progress) => this.step(r.action, progress),
      pause: () => ({ pausing: this.requestPause() }),
      'toggle-breakpoint': (r) => this.toggleBreakpoint(r.breakpoint),
      'set-breakpoints': (r) => this.setBreakpoints(r.breakpoints),
      'event-detail': (r) => this.eventDetail(r.eventId),
      'step-detail': (r) => this.stepDetail(r.index),
      determinism: (r) => this.determinism(r.task),
      watch: (r) => this.watch(r.queries),
      'filter-events': (r) => this.filterEvents(r.filter),
      'check-history': (r) => this.checkHistory(r.text),
      'history-schema': () => this.historySchema(),
      'set-codec-server': (r) => {
        this.setCodecServer(r.config);
        return { ok: true as const };
      },
      'share-link': (r) => this.shareLink(r.view, r.appUrl),
      'share-bundle': (r) => this.shareBundle(r.view),
      'open-share': (r) => openShare(r.input),
      'fetch-shared-history': (r) => fetchHistoryForShare(r.url, r.sha256, r.state),
      'fetch-shared-component': (r) => fetchComponentForShare(r.url, r.sha256),
      'run-first-activation': (r) => this.runFirstActivation(r.workflowType, r.args),
      'start-run': (r) => this.startDrivenRun(r.identity),
      activate: (r) => this.activate(r.run, r.activation),
      'end-run': (r) => {
        this.drivenRuns.end(r.run);
        return null;
      },
      replay: (r) => this.replay(r.history, r.workflowId, r.workflowType),
    };
  }

  // ── Sources ────────────────────────────────────────────────────────────────────────────────

  async loadCode(
    source: CodeSource,
    maxMemoryBytes?: number,
  ): Promise<{ code: CodeSummary; session?: SessionSnapshot }> {
    const started = performance.now();
    const bytes =
      source.kind === 'bytes' ? new Uint8Array(source.bytes) : await fetchCode(source.url);
    const label =
      source.kind === 'bytes'
        ? source.label
        : (source.label ?? (source.url.split('/').pop() || source.url));
    const { onGuestCall } = this.options;
    const loaded = await this.codeCache.load(bytes, label, {
      ...(onGuestCall && { onGuestCall }),
      ...(maxMemoryBytes !== undefined && { maxMemoryBytes }),
    });
    const code = summary(loaded.code, label, loaded);
    this.component = { loaded: loaded.code, summary: code, bytes };
    this.preferredMode = 'component';
    if (!this.history) return { code };
    this.openSession();
    return { code, session: this.snapshot(started) };
  }

  /** Lets go of the code: the open history replays alone from its start. */
  unloadCode(): { session?: SessionSnapshot } {
    const started = performance.now();
    this.component = undefined;
    this.preferredMode = 'echo';
    if (!this.history) return {};
    this.openSession();
    return { session: this.snapshot(started) };
  }

  async openHistory(input: HistoryInput, label: string, workflowId?: string): Promise<Opened> {
    const started = performance.now();
    const loaded =
      input.kind === 'url'
        ? await loadHistoryAsync(new URL(input.url, baseUrl()), { name: label })
        : await loadHistoryAsync(input.kind === 'text' ? input.text : new Uint8Array(input.bytes), {
            name: label,
          });
    this.workflowId = workflowId;
    this.setHistory(loaded, label, loaded.format);
    return { history: this.history!.view, session: this.snapshot(started) };
  }

  /** A fresh run of the loaded component: its first workflow task, from a start-only history. */
  newRun(workflowType: string, args: unknown[]): Opened {
    const started = performance.now();
    this.loadedCode();
    const label = `new run of ${workflowType}`;
    const events = startHistory({ workflowType, args });
    const loaded = loadHistory(History.encode({ events }), { name: label });
    this.preferredMode = 'component';
    this.workflowId = undefined;
    this.setHistory(loaded, label, { kind: 'new-run' });
    return { history: this.history!.view, session: this.snapshot(started) };
  }

  /**
   * A simulated run of the loaded component (src/engine/sim), opened as the history. A bundled
   * example's own activity implementations answer the activities the scenario does not mention.
   */
  async simulate(
    scenario: unknown,
    exampleId: string | undefined,
    progress: (note: ProgressNote) => void,
  ): Promise<Simulated> {
    const started = performance.now();
    const code = this.loadedCode();
    const activities = exampleId ? await this.options.activities?.(exampleId) : undefined;
    let reported = performance.now();
    const { onGuestCall } = this.options;
    const result = await simulate(code, scenario, {
      ...(activities && { activities }),
      ...(onGuestCall && { onGuestCall }),
      onWorkflowTask: (workflowTasks, events) => {
        if (performance.now() - reported < SLICE_MS) return;
        reported = performance.now();
        progress({ stepCount: workflowTasks, lastEventApplied: events });
      },
    });
    const simulatedMs = performance.now() - started;
    const { text } = exportHistoryJson(result.events);
    const workflowType = (scenario as { workflowType: string }).workflowType;
    const label = `simulated ${workflowType}.json`;
    const loaded = loadHistory(text, { name: label });
    this.preferredMode = 'component';
    this.setHistory(loaded, label, loaded.format);
    // Kept with the history it recorded, so a shared session carries what made it.
    this.scenario = validateScenario(scenario);
    return {
      opened: { history: this.history!.view, session: this.snapshot(started) },
      outcome: result.outcome,
      workflowTasks: result.workflowTasks,
      warnings: result.warnings,
      historyJson: text,
      simulatedMs,
    };
  }

  /** The open history as `temporal workflow show --output json` writes it. */
  exportHistory(): { json: string; label: string } {
    if (!this.history) throw new EngineFailure('no-history', 'Open a history first.');
    return {
      json: exportHistoryJson(this.history.loaded.events).text,
      label: this.history.view.label,
    };
  }

  checkHistory(text: string): CheckResult {
    try {
      const loaded = loadHistory(text);
      return {
        ok: true,
        eventCount: loaded.events.length,
        warnings: groupWarnings(loaded.warnings).map((g) => g.message),
        format: loaded.format,
      };
    } catch (thrown) {
      return { ok: false, error: engineError(thrown) };
    }
  }

  historySchema(): Record<string, unknown> {
    return historyJsonSchema();
  }

  setCodecServer(config: CodecServerConfig | null): void {
    this.codecServer = config ?? undefined;
  }

  private setHistory(loaded: LoadedHistory, label: string, format: HistoryView['format']): void {
    this.scenario = undefined;
    const started = loaded.events[0]?.workflowExecutionStartedEventAttributes;
    const tasks: TaskView[] = taskViews(loaded.workflowTasks);
    const index: EventIndex = buildEventIndex(loaded.events, loaded.workflowTasks);
    this.history = {
      loaded,
      view: {
        label,
        format,
        warnings: groupWarnings(loaded.warnings).map((g) => g.message),
        workflowType: started?.workflowType?.name ?? '',
        runId: started?.originalExecutionRunId ?? '',
        index,
        tasks,
        run: runSummary(loaded.events, loaded.workflowTasks),
        hazards: findHazards(loaded),
        spans: buildSpans(loaded, index),
      },
      taskByStarted: new Map(
        tasks.flatMap((t) => (t.startedEventId !== undefined ? [[t.startedEventId, t.index]] : [])),
      ),
      related: new RelatedEvents(loaded.events),
    };
    // Breakpoints on event ids and tasks belong to the history they were set in.
    this.breakpoints = [];
    this.openSession();
  }

  private openSession(): void {
    const history = this.history!;
    const workflowType = history.view.workflowType;
    const component = this.component;
    this.modeNote = undefined;
    let useComponent = this.preferredMode === 'component' && !!component;
    const declared = component?.summary.workflows ?? [];
    const has = (type: string | undefined) => declared.some((w) => w.workflowType === type);
    const chosen = has(this.chosenWorkflowType) ? this.chosenWorkflowType : undefined;
    // A seed-ABI module declares no types; it runs whatever type the history names.
    if (useComponent && component!.summary.kind === 'component' && !chosen && !has(workflowType)) {
      useComponent = false;
      this.modeNote = `${component!.summary.label} has no workflow type "${workflowType}" (it has ${declared.map((w) => w.workflowType).join(', ')}): choose the workflow function that replays this history, or replay the history alone.`;
    }
    this.mode = useComponent ? 'component' : 'echo';
    const replayType = useComponent && chosen !== workflowType ? chosen : undefined;
    this.workflowFunction = useComponent ? (replayType ?? workflowType) : undefined;
    this.session?.close();
    this.session = ReplaySession.open(
      history.loaded.events,
      useComponent ? { kind: 'component', component: component!.loaded } : { kind: 'echo' },
      {
        ...(this.workflowId !== undefined ? { workflowId: this.workflowId } : {}),
        ...(replayType ? { workflowType: replayType } : {}),
        ...(this.options.onGuestCall && { onGuestCall: this.options.onGuestCall }),
      },
    );
    this.session.breakpoints.push(...this.breakpoints);
    this.generation++;
    this.sentSteps = 0;
    this.callCursor = undefined;
    this.stop = { kind: 'step' };
  }

  async setMode(
    mode: ReplayMode,
    progress: (note: ProgressNote) => void,
    workflowType?: string,
  ): Promise<SessionSnapshot> {
    const started = performance.now();
    const session = this.requireSession();
    if (mode === 'component' && !this.component)
      throw new EngineFailure('no-code', 'Load a component to replay with it.');
    const summary = this.component?.summary;
    const declared =
      summary?.kind === 'component' ? summary.workflows.map((w) => w.workflowType) : undefined;
    if (workflowType !== undefined && !declared?.includes(workflowType))
      throw new EngineFailure(
        'bad-request',
        `${summary?.label ?? 'No component'} has no workflow function "${workflowType}".`,
      );
    const chosen = declared?.find((t) => t === this.chosenWorkflowType);
    const replayType = workflowType ?? chosen ?? this.history!.view.workflowType;
    // Without a function of the history's type, switching would do nothing: say what to do.
    if (mode === 'component' && declared && !declared.includes(replayType))
      throw new EngineFailure(
        'bad-request',
        `${summary!.label} has no workflow type "${this.history!.view.workflowType}": choose which of its workflow functions (${declared.join(', ')}) replays this history.`,
      );
    if (workflowType !== undefined) this.chosenWorkflowType = workflowType;
    const at = session.steps.length - 1;
    this.preferredMode = mode;
    this.openSession();
    await this.forwardTo(at, progress);
    return this.snapshot(started);
  }

  // ── Runs driven from outside, and whole replays ────────────────────────────────────────────

  private loadedCode(): LoadedWorkflowCode {
    if (!this.component)
      throw new EngineFailure(
        'no-code',
        'No component is loaded: pick an example or open a component file (.wasm).',
      );
    return this.component.loaded;
  }

  /** The first workflow task of a fresh run of the loaded code, outside any session. */
  async runFirstActivation(workflowType: string, args: unknown[]): Promise<RunView> {
    const started = performance.now();
    const { identity, activation } = firstActivation({ workflowType, args });
    const { onGuestCall } = this.options;
    const driver = startRun(this.loadedCode(), identity, onGuestCall ? { onGuestCall } : {});
    const completion = await driver.activate(activation);
    return {
      workflowType,
      args,
      activation: jsonView(WorkflowActivation, activation),
      completion: completionView(completion),
      trace: traceViews(driver.trace),
      currentDetails: driver.currentDetails,
      durationMs: performance.now() - started,
    };
  }

  /** An instance of the loaded code for one run driven from outside (sdk-core, live or replayed). */
  startDrivenRun(identity: RunIdentity): { run: number } {
    const { onGuestCall } = this.options;
    return {
      run: this.drivenRuns.start(this.loadedCode(), identity, onGuestCall ? { onGuestCall } : {}),
    };
  }

  activate(run: number, activation: Uint8Array): Promise<DrivenAnswer> {
    return this.drivenRuns.activate(run, activation);
  }

  /** `history` replayed to its end with the loaded code; only the outcome comes back. */
  replay(history: ArrayBuffer, workflowId?: string, workflowType?: string): Promise<ReplaySummary> {
    const events = (History.decode(new Uint8Array(history)).events ?? []) as HistoryEvent[];
    const { onGuestCall } = this.options;
    return replayToEnd(
      events,
      { kind: 'component', component: this.loadedCode() },
      {
        ...(workflowId !== undefined && { workflowId }),
        ...(workflowType !== undefined && { workflowType }),
        ...(onGuestCall && { onGuestCall }),
      },
    );
  }

  // ── Stepping ───────────────────────────────────────────────────────────────────────────────

  private requireSession(): ReplaySession {
    if (!this.session) throw new EngineFailure('no-history', 'Open a history first.');
    return this.session;
  }

  requestPause(): boolean {
    this.pauseRequested = true;
    return true;
  }

  async step(action: StepAction, progress: (note: ProgressNote) => void): Promise<SessionSnapshot> {
    const started = performance.now();
    const session = this.requireSession();
    this.pauseRequested = false;
    this.stop = { kind: 'step' };
    switch (action.kind) {
      case 'forward':
        this.callCursor = undefined;
        await this.forwardOne();
        break;
      case 'back':
        this.callCursor = undefined;
        await this.backTo(session.steps.length - 2, progress);
        break;
      case 'next-call': {
        const calls = this.callCount(session.steps.at(-1));
        if (this.callCursor !== undefined && this.callCursor < calls - 1) this.callCursor++;
        else {
          const step = await this.forwardOne();
          this.callCursor = step && this.callCount(step) > 0 ? 0 : undefined;
        }
        break;
      }
      case 'previous-call': {
        const calls = this.callCount(session.steps.at(-1));
        const at = this.callCursor ?? calls - 1;
        if (at > 0) this.callCursor = at - 1;
        else {
          this.callCursor = undefined;
          await this.backTo(session.steps.length - 2, progress);
        }
        break;
      }
      case 'run':
        this.callCursor = undefined;
        await this.run(true, progress);
        break;
      case 'run-to-divergence':
        this.callCursor = undefined;
        await this.run(false, progress);
        break;
      case 'restart':
        this.callCursor = undefined;
        await session.goTo(-1);
        break;
      case 'to-step': {
        this.callCursor = undefined;
        await this.backTo(action.index, progress);
        const at = session.steps.at(-1);
        if (
          action.call !== undefined &&
          at?.index === action.index &&
          action.call < this.callCount(at)
        )
          this.callCursor = action.call;
        break;
      }
    }
    return this.snapshot(started);
  }

  private callCount(step: SessionStep | undefined): number {
    if (!step?.trace) return 0;
    const trace = this.session!.driverTrace;
    let n = 0;
    for (let i = step.trace.from; i < step.trace.to; i++) {
      const type = trace[i]!.type;
      if (type === 'instantiate' || type === 'activate' || type === 'poll') n++;
    }
    return n;
  }

  private async forwardOne(): Promise<SessionStep | undefined> {
    const session = this.session!;
    const step = await session.stepForward();
    if (!step || session.done) this.stop = { kind: 'end' };
    return step;
  }

  /** Steps until `stop` says so or replay ends, yielding to messages between slices. */
  private async forwardWhile(
    keepGoing: (step: SessionStep) => boolean,
    progress: (note: ProgressNote) => void,
  ): Promise<void> {
    const session = this.session!;
    let sliceEnd = performance.now() + SLICE_MS;
    while (!session.done) {
      const step = await session.stepForward();
      if (!step) break;
      if (!keepGoing(step)) return;
      if (performance.now() > sliceEnd) {
        progress({ stepCount: session.steps.length, lastEventApplied: step.events.to });
        await yieldToMessages();
        if (this.pauseRequested) {
          this.stop = { kind: 'paused' };
          return;
        }
        sliceEnd = performance.now() + SLICE_MS;
      }
    }
    this.stop = { kind: 'end' };
  }

  private async run(breakpoints: boolean, progress: (note: ProgressNote) => void): Promise<void> {
    const session = this.session!;
    await this.forwardWhile((step) => {
      if (!breakpoints) return true;
      const hit = session.breakpointsHitBy(step);
      if (hit.length === 0) return true;
      this.stop = { kind: 'breakpoint', breakpoints: hit };
      return false;
    }, progress);
  }

  private async forwardTo(index: number, progress: (note: ProgressNote) => void): Promise<void> {
    const session = this.session!;
    if (session.steps.length > index) return;
    await this.forwardWhile(() => session.steps.length <= index, progress);
    if (this.stop.kind === 'end' && session.steps.length > index && !session.done)
      this.stop = { kind: 'step' };
  }

  /**
   * To `index`, back or ahead: from the session's nearest checkpoint, re-executing what lies
   * between (replay is deterministic), or on from where it is.
   */
  private async backTo(index: number, progress: (note: ProgressNote) => void): Promise<void> {
    await this.session!.rewind(index);
    await this.forwardTo(index, progress);
  }

  // ── Watch ──────────────────────────────────────────────────────────────────────────────────

  /**
   * The declared queries and `extra` ones, each answered by the workflow as it is at the cursor,
   * on a copy of its state (the session's run is not touched).
   */
  async watch(extra: WatchQuery[]): Promise<WatchView> {
    const session = this.requireSession();
    const declared = this.workflowFunction ? declaredQueries(session, this.workflowFunction) : [];
    const view: WatchView = { step: session.steps.length - 1, declared, answers: [] };
    const refusal = queryRefusal(session);
    if (refusal) return { ...view, refusal };
    const typed = extra.filter((q) => q.args.length > 0 || !declared.includes(q.name));
    // Where each routine is blocked, for guests that answer the TS SDK's built-in query.
    const stackTrace = typed.some((q) => q.name === STACK_TRACE) ? [] : [STACK_TRACE];
    const queries = [
      ...declared.map((name) => ({ name, args: [] })),
      ...stackTrace.map((name) => ({ name, args: [] })),
      ...typed,
    ];
    for (const query of queries) {
      const answer = await queryAtCursor(session, query);
      // Not asked for: left out when this guest does not answer it.
      if (!answer.ok && stackTrace.includes(query.name)) continue;
      view.answers.push(
        answer.ok
          ? { ...query, text: JSON.stringify(answer.value, null, 2) ?? 'undefined' }
          : { ...query, error: answer.error },
      );
    }
    return view;
  }

  // ── Breakpoints ────────────────────────────────────────────────────────────────────────────

  toggleBreakpoint(breakpoint: Breakpoint): Breakpoint[] {
    const key = breakpointKey(breakpoint);
    const exists = this.breakpoints.some((b) => breakpointKey(b) === key);
    return this.setBreakpoints(
      exists
        ? this.breakpoints.filter((b) => breakpointKey(b) !== key)
        : [...this.breakpoints, breakpoint],
    );
  }

  setBreakpoints(breakpoints: Breakpoint[]): Breakpoint[] {
    this.breakpoints = breakpoints;
    if (this.session) this.session.breakpoints.splice(0, Infinity, ...breakpoints);
    return this.breakpoints;
  }

  // ── Sharing ────────────────────────────────────────────────────────────────────────────────

  private shareSubject(): ShareSubject {
    const session = this.requireSession();
    const history = this.history!;
    return {
      history: { loaded: history.loaded, label: history.view.label },
      ...(this.component && {
        component: { summary: this.component.summary, bytes: this.component.bytes },
      }),
      mode: this.mode,
      cursor: {
        step: session.steps.length - 1,
        ...(this.callCursor !== undefined && { call: this.callCursor }),
      },
      breakpoints: this.breakpoints,
      ...(this.workflowId !== undefined && { workflowId: this.workflowId }),
      // Only a choice the history's type does not make by itself.
      ...(this.workflowFunction !== undefined &&
        this.workflowFunction !== history.view.workflowType && {
          workflowFunction: this.workflowFunction,
        }),
      ...(this.scenario && { scenario: this.scenario }),
    };
  }

  shareLink(view: ShareView, appUrl: string): Promise<ShareLinkOffer> {
    return shareLink(this.shareSubject(), view, appUrl);
  }

  shareBundle(view: ShareView): Promise<ShareBundleFile> {
    return shareBundle(this.shareSubject(), view);
  }

  // ── Views ──────────────────────────────────────────────────────────────────────────────────

  /** The steps from `from` on, by task (a task's steps are consecutive). */
  private stepsByTask(from: number): Map<number, SessionStep[]> {
    const map = new Map<number, SessionStep[]>();
    const steps = this.session!.steps;
    for (let i = from; i < steps.length; i++) {
      const step = steps[i]!;
      let list = map.get(step.wftStartedEventId);
      if (!list) map.set(step.wftStartedEventId, (list = []));
      list.push(step);
    }
    return map;
  }

  /**
   * The steps of the task started at event `started`, found from the end: it is usually the
   * cursor's, asked for after every step (a task's steps are consecutive).
   */
  private stepsOfTask(started: number): SessionStep[] {
    const steps = this.session!.steps;
    let end = steps.length;
    while (end > 0 && steps[end - 1]!.wftStartedEventId !== started) end--;
    let start = end;
    while (start > 0 && steps[start - 1]!.wftStartedEventId === started) start--;
    return steps.slice(start, end);
  }

  /** Task `taskIndex`'s determinism table; `stepsOf` gives a task's steps by its started event. */
  private table(
    taskIndex: number,
    stepsOf: (started: number) => readonly SessionStep[],
  ): DeterminismTable | undefined {
    const history = this.history!;
    const task = history.loaded.workflowTasks[taskIndex];
    if (!task || task.startedEventId === undefined) return undefined;
    const session = this.session!;
    const steps = stepsOf(task.startedEventId);
    const last = session.steps.at(-1);
    return determinismTable({
      task: taskIndex,
      wftStartedEventId: task.startedEventId,
      commandEvents:
        task.completion?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
          ? task.commandEvents
          : undefined,
      steps: steps.map((s) => ({
        index: s.index,
        commands: s.completion?.status === 'success' ? s.completion.commands : s.commands,
      })),
      finished:
        session.done || (last !== undefined && last.wftStartedEventId !== task.startedEventId),
      unchecked: session.uncheckedDifferences,
      notChecked: session.notChecked,
    });
  }

  determinism(taskIndex: number): DeterminismTable {
    this.requireSession();
    const table = this.table(taskIndex, (started) => this.stepsOfTask(started));
    if (!table)
      throw new EngineFailure(
        'bad-request',
        `Workflow task ${taskIndex} has no WorkflowTaskStarted.`,
      );
    return table;
  }

  private snapshot(started: number): SessionSnapshot {
    const session = this.session!;
    const history = this.history!;
    const steps = session.steps;
    let keep = Math.min(this.sentSteps, steps.length);
    // The last task's commands may change status as more of it replays: always send it again.
    const lastTask = steps[keep - 1]?.wftStartedEventId;
    while (keep > 0 && steps[keep - 1]!.wftStartedEventId === lastTask) keep--;
    // Every step of the tasks sent again is at `keep` or after.
    const byTask = this.stepsByTask(keep);
    const tables = new Map<number, DeterminismTable | undefined>();
    const views: StepView[] = [];
    for (let i = keep; i < steps.length; i++) {
      const step = steps[i]!;
      const task = history.taskByStarted.get(step.wftStartedEventId) ?? -1;
      if (!tables.has(task))
        tables.set(
          task,
          task < 0 ? undefined : this.table(task, (started) => byTask.get(started) ?? []),
        );
      views.push(stepView(step, task, session.driverTrace, tables.get(task)));
    }
    this.sentSteps = steps.length;
    const last = steps.at(-1);
    return {
      generation: this.generation,
      mode: this.mode,
      ...(this.modeNote ? { modeNote: this.modeNote } : {}),
      ...(this.workflowFunction ? { workflowFunction: this.workflowFunction } : {}),
      stepCount: steps.length,
      keep,
      steps: views,
      cursor: {
        step: steps.length - 1,
        ...(this.callCursor !== undefined ? { call: this.callCursor } : {}),
      },
      verdict: session.verdict,
      ...(session.divergence ? { divergence: session.divergence } : {}),
      ...(session.notChecked.length > 0
        ? { notCheckedEventIds: session.notChecked.map((n) => n.eventId) }
        : {}),
      breakpoints: this.breakpoints,
      stop: this.stop,
      lastEventApplied: last?.events.to ?? 0,
      currentDetails: this.currentDetails(last),
      ...this.result(),
      elapsedMs: performance.now() - started,
    };
  }

  private currentDetails(step: SessionStep | undefined): string {
    if (!step?.trace) return '';
    const trace = this.session!.driverTrace;
    for (let i = step.trace.to - 1; i >= 0; i--) {
      const entry = trace[i]!;
      if (entry.type === 'details') return entry.text;
    }
    return '';
  }

  /** The value the run completed with, when the last activation's answer completed it. */
  private result(): { result?: string } {
    const step = this.session!.steps.at(-1);
    if (!step) return {};
    const commands =
      step.completion?.status === 'success' ? step.completion.commands : step.commands;
    const complete = commands.find((c) => c.completeWorkflowExecution)?.completeWorkflowExecution;
    if (!complete) return {};
    try {
      // A workflow that returns nothing completes with no payload (or a null one).
      const value = complete.result ? fromPayload(complete.result) : undefined;
      return { result: value === undefined ? 'none (no value returned)' : JSON.stringify(value) };
    } catch {
      return { result: '(encoded payload)' };
    }
  }

  filterEvents(filter: EventFilter): { positions: Int32Array; total: number } {
    const history = this.history;
    if (!history) throw new EngineFailure('no-history', 'Open a history first.');
    const text = filter.attributes ? this.attributesText(history) : undefined;
    return {
      positions: filterEvents(history.view.index, filter, text && ((i) => text[i] ?? '')),
      total: history.view.index.count,
    };
  }

  private attributesText(history: OpenHistory): string[] {
    history.attributesText ??= history.loaded.events.map((e) =>
      JSON.stringify(jsonView(HistoryEventCodec, e)),
    );
    return history.attributesText;
  }

  async eventDetail(eventId: number): Promise<EventDetail> {
    const history = this.history;
    if (!history) throw new EngineFailure('no-history', 'Open a history first.');
    const event = history.loaded.events[eventId - 1];
    if (!event || eventIdOf(event) !== eventId)
      throw new EngineFailure(
        'bad-request',
        `This history has no event ${eventId} (it has events 1–${history.loaded.events.length}).`,
      );
    return eventDetail(
      event,
      history.view.index.taskOf[eventId - 1] ?? -1,
      history.related,
      this.codecServer,
    );
  }

  async stepDetail(index: number): Promise<StepDetail> {
    const session = this.requireSession();
    const step = session.steps[index];
    if (!step)
      throw new EngineFailure(
        'bad-request',
        `Activation ${index + 1} has not been replayed (replayed: ${session.steps.length}).`,
      );
    return stepDetail(step, session.driverTrace, this.codecServer);
  }
}
