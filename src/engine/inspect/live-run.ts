/**
 * Live runs as the timeline and the inspectors show them. A bridge (`workflow-playground bridge`,
 * a local worker on real sdk-core) reports every activation of every run it handles, what sdk-core
 * was given back and by whom, the host trace, and how sdk-core ended the run. This log keeps those
 * reports per run and turns them into the views a replay produces (TaskView columns, StepView rows,
 * StepDetail), with sdk-core's own verdict in place of the engine's.
 *
 * The page holds no history for a live run: a column is one workflow task, known by the history
 * length sdk-core puts on its activations (the task's WorkflowTaskStarted event id).
 */
import type { RunInfo } from '../bridge/protocol.ts';
import type { TraceEntryView } from '../host/trace-view.ts';
import type { CodecServerConfig } from '../proto/codec-server.ts';
import { fromPayload } from '../proto/payload.ts';
import { Failure, WorkflowActivation, WorkflowCommand, type coresdk } from '../proto/index.ts';
import type { SessionVerdict } from '../session/session.ts';
import { timestampMs } from './event-index.ts';
import { detailViews, type StepDetail } from './step-detail.ts';
import {
  callViews,
  commandNames,
  jobView,
  type CommandView,
  type StepView,
  type TaskView,
} from './timeline.ts';

type IWorkflowActivation = coresdk.workflow_activation.IWorkflowActivation;
type IWorkflowActivationCompletion = coresdk.workflow_completion.IWorkflowActivationCompletion;

/** An activation arrived: the page runs it, or the bridge runs it and the page watches. */
export interface ActivationReport {
  run: RunInfo;
  /** Its position in the run as the bridge counts (from 0). */
  index: number;
  activation: IWorkflowActivation;
  ranBy: 'page' | 'bridge';
}

/** What sdk-core was given for an activation, and by whom. */
export interface AnswerReport {
  run: RunInfo;
  index: number;
  /** `failed-by-bridge`: the bridge failed the activation itself, for `reason`. */
  by: 'page' | 'bridge' | 'failed-by-bridge';
  reason?: string;
  /** The completion sdk-core got, decoded. */
  completion: IWorkflowActivationCompletion;
  /** Who made each command (the guest, or the host on its behalf), when the host reported it. */
  origins?: Array<'guest' | 'host'>;
  /** The host calls of this activation (empty when it never reached the component). */
  trace: TraceEntryView[];
}

/** sdk-core evicted the run; in replay mode `verdict` is its verdict on the whole replay. */
export interface EndReport {
  run: RunInfo;
  /** EvictionReason name: LANG_REQUESTED, NONDETERMINISM, LANG_FAIL, FATAL, CACHE_FULL… */
  reason: string;
  message: string;
  verdict?: Record<string, unknown>;
}

/**
 * How sdk-core ended a run. `activation` is the position (in LiveRun.activations) of the
 * activation whose completion sdk-core was applying.
 */
export type SdkCoreOutcome =
  /** Replay mode: sdk-core applied the whole history with these completions. */
  | { kind: 'ok'; lastEventId: number }
  /** sdk-core's `[TMPRL1100] Nondeterminism error: …`; `eventId` when it names the event. */
  | { kind: 'nondeterminism'; message: string; eventId?: number; activation?: number }
  /** lang failed an activation, so sdk-core failed the workflow task. */
  | { kind: 'task-failure'; message: string; activation?: number }
  | { kind: 'fatal'; reason: string; message: string }
  /** Replay mode: the replay could not be carried out (bad history, a stuck responder…). */
  | { kind: 'error'; message: string }
  /** Live mode: sdk-core removed the run from its cache for another reason (it ended, cache full…). */
  | { kind: 'evicted'; reason: string; message: string };

export interface LiveActivation {
  index: number;
  activation: IWorkflowActivation;
  ranBy: 'page' | 'bridge';
  /** Unset while the activation runs. */
  answer?: Omit<AnswerReport, 'run' | 'index'>;
}

export interface LiveRun {
  /** Unique in its log: a run id seen again from its start (a retried task, a new replay) is a new LiveRun. */
  key: number;
  info: RunInfo;
  activations: LiveActivation[];
  end?: { reason: string; message: string; outcome: SdkCoreOutcome };
}

/** Every run a bridge connection reported, newest last; the oldest go beyond `limit`. */
export class LiveRunLog {
  readonly runs: LiveRun[] = [];
  /** Runs dropped to stay within the limit. */
  dropped = 0;
  private nextKey = 1;

  constructor(private readonly limit = 100) {}

  /** Records an arriving activation; returns its run. */
  activation(report: ActivationReport): LiveRun {
    const starts = (report.activation.jobs ?? []).some((job) => job.initializeWorkflow);
    let run = this.latest(report.run.runId);
    if (!run || run.end || (starts && run.activations.length > 0)) run = this.open(report.run);
    else run.info = report.run;
    const { index, activation, ranBy } = report;
    run.activations.push({ index, activation, ranBy });
    return run;
  }

  /** Records what sdk-core was given; undefined when the activation was never reported. */
  answer(report: AnswerReport): LiveRun | undefined {
    const run = this.latest(report.run.runId);
    const step = run?.activations.findLast((a) => a.index === report.index && !a.answer);
    if (!run || !step) return undefined;
    const { run: _run, index: _index, ...answer } = report;
    step.answer = answer;
    return run;
  }

  /** Records the end of a run (a run the page saw nothing of is recorded too). */
  ended(report: EndReport): LiveRun {
    let run = this.latest(report.run.runId);
    if (!run || run.end) run = this.open(report.run);
    run.end = {
      reason: report.reason,
      message: report.message,
      outcome: sdkCoreOutcome(report, run),
    };
    return run;
  }

  get(key: number): LiveRun | undefined {
    return this.runs.find((run) => run.key === key);
  }

  private latest(runId: string): LiveRun | undefined {
    return this.runs.findLast((run) => run.info.runId === runId);
  }

  private open(info: RunInfo): LiveRun {
    const run: LiveRun = { key: this.nextKey++, info, activations: [] };
    this.runs.push(run);
    if (this.runs.length > this.limit) {
      this.runs.shift();
      this.dropped++;
    }
    return run;
  }
}

const str = (v: Record<string, unknown>, key: string) =>
  typeof v[key] === 'string' ? v[key] : undefined;
const int = (v: Record<string, unknown>, key: string) =>
  Number.isSafeInteger(v[key]) ? (v[key] as number) : undefined;

/**
 * sdk-core's outcome: its replay verdict when the bridge sent one (the oracle's OracleVerdict, read
 * field by field since it arrives as plain JSON), else what the eviction reason says.
 */
export function sdkCoreOutcome(report: EndReport, run: LiveRun): SdkCoreOutcome {
  // The verdict numbers activations as sdk-core handed them out: the bridge's index.
  const position = (index: number | undefined) => {
    if (index === undefined) return {};
    const at = run.activations.findLastIndex((a) => a.index === index);
    return at >= 0 ? { activation: at } : {};
  };
  const lastAnswered = run.activations.findLastIndex((a) => a.answer);
  const last = lastAnswered >= 0 ? { activation: lastAnswered } : {};
  const v = report.verdict;
  const message = (v && str(v, 'message')) ?? report.message;
  switch (v?.['kind']) {
    case 'ok':
      return { kind: 'ok', lastEventId: int(v, 'lastProcessedEventId') ?? 0 };
    case 'nondeterminism': {
      const eventId = int(v, 'eventId');
      return {
        kind: 'nondeterminism',
        message,
        ...(eventId !== undefined ? { eventId } : {}),
        ...position(int(v, 'activationIndex')),
      };
    }
    case 'task-failure':
      return { kind: 'task-failure', message, ...position(int(v, 'activationIndex')) };
    case 'fatal':
      return { kind: 'fatal', reason: str(v, 'reason') ?? report.reason, message };
    case 'error':
      return { kind: 'error', message };
  }
  switch (report.reason) {
    case 'NONDETERMINISM':
      return { kind: 'nondeterminism', message, ...last };
    case 'LANG_FAIL':
      return { kind: 'task-failure', message, ...last };
    case 'FATAL':
      return { kind: 'fatal', reason: report.reason, message };
    default:
      return { kind: 'evicted', reason: report.reason, message };
  }
}

/** The outcome as a session verdict, for what the timeline marks (the failed or diverging task). */
function sessionVerdict(outcome: SdkCoreOutcome | undefined): SessionVerdict {
  switch (outcome?.kind) {
    case undefined:
      return { kind: 'running' };
    case 'ok':
    case 'evicted':
      return { kind: 'ok' };
    case 'nondeterminism':
      return {
        kind: 'nondeterminism',
        message: outcome.message,
        ...(outcome.eventId !== undefined ? { eventId: outcome.eventId } : {}),
        activation: outcome.activation ?? -1,
      };
    case 'task-failure':
      return {
        kind: 'task-failure',
        message: outcome.message,
        activation: outcome.activation ?? -1,
      };
    case 'fatal':
    case 'error':
      return { kind: 'fatal', message: outcome.message, activation: -1 };
  }
}

export interface LiveRunView {
  tasks: TaskView[];
  steps: StepView[];
  verdict: SessionVerdict;
  /** The longest history sdk-core had seen: the last task's WorkflowTaskStarted id. */
  lastEventId: number;
  /** What the workflow last reported through set-current-details. */
  currentDetails: string;
  /** The value the run completed with, as JSON text, once a completion completed it. */
  result?: string;
}

function commandViewsOf(answer: LiveActivation['answer']): CommandView[] {
  const commands = answer?.completion.successful?.commands ?? [];
  // The trace records each command as it was pushed, in the order the completion lists them.
  const pushed = answer?.trace.filter((e) => e.type === 'command') ?? [];
  const calls = pushed.length === commands.length ? pushed.map((e) => e.call) : [];
  return commands.map((command, i) => {
    const call = calls[i];
    return {
      ...commandNames(command),
      origin: answer?.origins?.[i] ?? 'guest',
      ...(call !== undefined ? { call } : {}),
    };
  });
}

function failureOf(answer: LiveActivation['answer']): string | undefined {
  const failed = answer?.completion.failed;
  if (!failed) return undefined;
  return failed.failure?.message || answer.reason || 'the activation failed (no message)';
}

function resultOf(run: LiveRun): string | undefined {
  for (let i = run.activations.length - 1; i >= 0; i--) {
    const commands = run.activations[i]!.answer?.completion.successful?.commands ?? [];
    const complete = commands.find((c) => c.completeWorkflowExecution)?.completeWorkflowExecution;
    if (!complete) continue;
    try {
      return JSON.stringify(fromPayload(complete.result)) ?? 'undefined';
    } catch {
      return '(encoded payload)';
    }
  }
  return undefined;
}

/** The last set-current-details text up to and including activation `position`. */
function detailsUpTo(run: LiveRun, position: number): string {
  for (let i = position; i >= 0; i--) {
    const trace = run.activations[i]?.answer?.trace ?? [];
    for (let k = trace.length - 1; k >= 0; k--) {
      const entry = trace[k]!;
      if (entry.type === 'details') return entry.text;
    }
  }
  return '';
}

function stepView(a: LiveActivation, position: number, task: TaskView): StepView {
  const { answer } = a;
  const failure = failureOf(answer);
  return {
    index: position,
    task: task.index,
    wftStartedEventId: task.startedEventId ?? 0,
    events: { from: task.firstEventId, to: task.lastEventId },
    isReplaying: !!a.activation.isReplaying,
    jobs: (a.activation.jobs ?? []).map(jobView),
    calls: callViews(answer?.trace ?? []),
    commands: commandViewsOf(answer),
    ...(failure !== undefined ? { failure } : {}),
    live: {
      ranBy: a.ranBy,
      ...(answer ? { answeredBy: answer.by } : {}),
      ...(answer?.reason !== undefined ? { reason: answer.reason } : {}),
    },
  };
}

/**
 * The views built so far for a run: a live run is redrawn after every report, so each activation's
 * view is built once when it arrives and once when it is answered (rebuilding them all every time
 * made a 2,000-activation run cost seconds per report), and unchanged views stay the same objects.
 */
interface ViewCache {
  tasks: TaskView[];
  steps: StepView[];
  /** The answer each step view was built with. */
  answers: Array<LiveActivation['answer']>;
}

const caches = new WeakMap<LiveRun, ViewCache>();

function extend(run: LiveRun, cache: ViewCache): void {
  for (let position = cache.steps.length; position < run.activations.length; position++) {
    const a = run.activations[position]!;
    const historyLength = Number(a.activation.historyLength ?? 0);
    let task = cache.tasks.at(-1);
    // A new history length is a new workflow task; activations without one stay with the last.
    if (!task || (historyLength > 0 && historyLength !== task.startedEventId)) {
      const firstEventId = (task?.lastEventId ?? 0) + 1;
      if (task) cache.tasks[task.index] = { ...task, isLast: false };
      task = {
        index: cache.tasks.length,
        firstEventId,
        lastEventId: Math.max(historyLength, firstEventId - 1),
        ...(historyLength > 0 ? { startedEventId: historyLength } : {}),
        commandEventIds: [],
        folded: [],
        isLast: true,
        startedAtMs: timestampMs(a.activation.timestamp),
        eventsUnknown: true,
      };
      cache.tasks.push(task);
    }
    cache.steps.push(stepView(a, position, task));
    cache.answers.push(a.answer);
  }
  run.activations.forEach((a, position) => {
    if (a.answer === cache.answers[position]) return;
    const step = cache.steps[position]!;
    cache.steps[position] = stepView(a, position, cache.tasks[step.task]!);
    cache.answers[position] = a.answer;
  });
}

/** The run as timeline columns (one per workflow task) and rows (one per activation). */
export function liveRunView(run: LiveRun): LiveRunView {
  let cache = caches.get(run);
  if (!cache) caches.set(run, (cache = { tasks: [], steps: [], answers: [] }));
  extend(run, cache);
  const result = resultOf(run);
  return {
    tasks: [...cache.tasks],
    steps: [...cache.steps],
    verdict: sessionVerdict(run.end?.outcome),
    lastEventId: cache.tasks.at(-1)?.lastEventId ?? 0,
    currentDetails: detailsUpTo(run, run.activations.length - 1),
    ...(result !== undefined ? { result } : {}),
  };
}

/** What the activation, commands and trace inspectors show for activation `position` of a run. */
export async function liveStepDetail(
  run: LiveRun,
  position: number,
  codecServer?: CodecServerConfig,
): Promise<StepDetail | undefined> {
  const step = run.activations[position];
  if (!step) return undefined;
  const { view, codecError } = detailViews(codecServer);
  const answer = step.answer;
  const successful = answer?.completion.successful;
  const failed = answer?.completion.failed;
  const commands = await Promise.all(
    (successful?.commands ?? []).map(async (command, i) => ({
      origin: answer?.origins?.[i] ?? ('guest' as const),
      command: await view(WorkflowCommand, command),
    })),
  );
  return {
    index: position,
    activation: await view(WorkflowActivation, step.activation),
    commands,
    ...(failed
      ? {
          failure: {
            message: failureOf(answer)!,
            failure: await view(Failure, failed.failure ?? {}),
          },
        }
      : {}),
    trace: answer?.trace ?? [],
    currentDetails: detailsUpTo(run, position),
    ...codecError(),
  };
}
