/**
 * What the timeline draws, as plain data: the workflow tasks of the history (known before any
 * replay) and, for each activation replayed so far, its jobs, every host↔guest call (routine polls
 * by lane, with made-progress), the commands pushed per call and the history events they matched.
 */
import { eventIdOf, eventTypeName, type FoldReason, type WorkflowTask } from '../history/index.ts';
import { commandVariant, jobVariant, type coresdk } from '../proto/index.ts';
import type { TraceEntry } from '../host/trace.ts';
import { callName, type TraceEntryView } from '../host/trace-view.ts';
import { hazardSentence } from '../host/wasi/hazard.ts';
import { positionOf, type SourcePosition } from '../host/sources.ts';
import type { GuestHazardView } from './guest-hazards.ts';
import type { SessionStep } from '../session/session.ts';
import { summarizeCommand } from '../session/divergence.ts';
import type { DeterminismTable, RowStatus } from './determinism.ts';
import { taskEventRanges } from '../history/task-events.ts';

type IWorkflowActivationJob = coresdk.workflow_activation.IWorkflowActivationJob;
type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

export interface TaskView {
  index: number;
  /** The task's events: what led to it, its start, its completion and commands (task-events.ts). */
  firstEventId: number;
  lastEventId: number;
  /** The events replay applies with the task's activation (sdk-core's sequence), when they differ. */
  replayEvents?: { from: number; to: number };
  startedEventId?: number;
  /** The WorkflowTaskCompleted/Failed/TimedOut that closed the task, if history has one. */
  completion?: { eventId: number; type: string };
  /** Command events the completion recorded. */
  commandEventIds: number[];
  /** Attempts folded into this task (failed or timed-out tasks, heartbeats). */
  folded: Array<{ startedEventId: number; reason: FoldReason; nextEventId?: number }>;
  /** SDK that completed the task (`temporal-typescript 1.11.2`), from sdkMetadata. */
  sdk?: string;
  isLast: boolean;
  /** When the task started (ms since the epoch), for tasks whose events the page does not hold. */
  startedAtMs?: number;
  /** A live run's task: its events are known by id only (the page does not hold the history). */
  eventsUnknown?: true;
}

export function taskViews(tasks: readonly WorkflowTask[]): TaskView[] {
  return taskEventRanges(tasks).map(({ firstEventId, lastEventId }, i) =>
    viewOf(tasks[i]!, firstEventId, lastEventId),
  );
}

function viewOf(t: WorkflowTask, firstEventId: number, lastEventId: number): TaskView {
  return {
    index: t.index,
    firstEventId,
    lastEventId,
    ...(t.firstEventId !== firstEventId || t.lastEventId !== lastEventId
      ? { replayEvents: { from: t.firstEventId, to: t.lastEventId } }
      : {}),
    ...(t.startedEventId !== undefined ? { startedEventId: t.startedEventId } : {}),
    ...(t.completion
      ? { completion: { eventId: eventIdOf(t.completion), type: eventTypeName(t.completion) } }
      : {}),
    commandEventIds: t.commandEvents.map(eventIdOf),
    folded: t.folded.map((f) => ({
      startedEventId: eventIdOf(f.started),
      reason: f.reason,
      ...(f.next ? { nextEventId: eventIdOf(f.next) } : {}),
    })),
    ...(t.sdkMetadata?.sdkName
      ? { sdk: `${t.sdkMetadata.sdkName} ${t.sdkMetadata.sdkVersion ?? ''}`.trim() }
      : {}),
    isLast: t.isLast,
  };
}

export type LaneKind = 'main' | 'signal' | 'update';

export interface CallView {
  seq: number;
  type: 'instantiate' | 'activate' | 'poll';
  /** For polls: the routine's lane (`main`, `signal:<name>`, `update:<name>:<id>`). */
  lane?: string;
  laneKind?: LaneKind;
  laneLabel?: string;
  pass?: number;
  madeProgress?: boolean;
  outcome: string;
  error?: string;
  durationMs: number;
  /** How many commands the guest pushed during this call. */
  pushed: number;
  /** What the guest reached for outside the workflow ABI during this call (clocks, random…). */
  hazards?: GuestHazardView[];
}

export interface JobView {
  /** `FireTimer`, `ResolveActivity`, … */
  kind: string;
  detail: string;
}

export interface CommandView {
  /** The lang command, e.g. `StartTimer`, `CompleteWorkflowExecution`, `RespondToQuery`. */
  kind: string;
  /** Temporal's name for the server command it becomes (`ScheduleActivityTask`), if any. */
  serverKind?: string;
  detail: string;
  origin: 'guest' | 'host' | 'history';
  /** seq of the call during which the guest pushed it. */
  call?: number;
  /** Row in the task's determinism table, for commands that reach the server. */
  row?: number;
  /** The history event it matched (or should have). */
  eventId?: number;
  status?: RowStatus;
  /** Where in the workflow's source the code asked for it (components built with our SDK). */
  site?: SourcePosition;
}

export interface StepView {
  index: number;
  /** Workflow task index, -1 when no task of the grouping has this WorkflowTaskStarted. */
  task: number;
  wftStartedEventId: number;
  events: { from: number; to: number };
  isReplaying: boolean;
  jobs: JobView[];
  calls: CallView[];
  commands: CommandView[];
  /** Set when the workflow task failed in the host (trap, guest failure, malformed result). */
  failure?: string;
  /** A live run's activation: who runs it and, once sdk-core has its completion, who answered. */
  live?: LiveStepState;
}

export interface LiveStepState {
  /** The page (the component it hosts) or the bridge (its own copy of the component). */
  ranBy: 'page' | 'bridge';
  /** Unset while the activation runs; `failed-by-bridge`: the bridge failed it, for `reason`. */
  answeredBy?: 'page' | 'bridge' | 'failed-by-bridge';
  reason?: string;
}

const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

function resolutionStatus(result: Record<string, unknown> | undefined): string {
  if (!result) return '';
  return Object.keys(result).find((k) => k !== 'seq' && result[k] != null) ?? '';
}

export function jobView(job: IWorkflowActivationJob): JobView {
  const key = jobVariant(job);
  const body = ((job as Record<string, unknown>)[key] ?? {}) as Record<string, unknown>;
  const seq = body['seq'] !== undefined ? `#${String(body['seq'])}` : '';
  let detail: string;
  if (job.initializeWorkflow) detail = job.initializeWorkflow.workflowType ?? '';
  else if (job.fireTimer) detail = `timer ${job.fireTimer.seq}`;
  else if (job.resolveActivity)
    detail = `${seq} ${resolutionStatus(job.resolveActivity.result as never)}${job.resolveActivity.isLocal ? ' (local)' : ''}`;
  else if (job.signalWorkflow) detail = job.signalWorkflow.signalName ?? '';
  else if (job.doUpdate) detail = `${job.doUpdate.name ?? ''} (${job.doUpdate.id ?? ''})`;
  else if (job.notifyHasPatch) detail = job.notifyHasPatch.patchId ?? '';
  else if (job.queryWorkflow) detail = job.queryWorkflow.queryType ?? '';
  else if (job.cancelWorkflow) detail = job.cancelWorkflow.reason ?? '';
  else if (job.removeFromCache) detail = job.removeFromCache.message ?? '';
  else if (job.resolveChildWorkflowExecutionStart)
    detail = `${seq} ${resolutionStatus(job.resolveChildWorkflowExecutionStart as never)}`;
  else if (job.resolveChildWorkflowExecution)
    detail = `${seq} ${resolutionStatus(job.resolveChildWorkflowExecution.result as never)}`;
  else if (job.resolveNexusOperationStart)
    detail = `${seq} ${resolutionStatus(job.resolveNexusOperationStart as never)}`;
  else if (job.resolveNexusOperation)
    detail = `${seq} ${resolutionStatus(job.resolveNexusOperation.result as never)}`;
  else detail = seq;
  return { kind: pascal(key), detail: detail.trim() };
}

/** A trace as the host records it, or as it crosses a boundary (the same fields, in JSON). */
type AnyTraceEntry = TraceEntry | TraceEntryView;

function laneOf(entry: AnyTraceEntry): Pick<CallView, 'lane' | 'laneKind' | 'laneLabel'> {
  if (entry.type !== 'poll' || !entry.routine) return {};
  const r = entry.routine;
  switch (r.kind) {
    case 'main':
      return { lane: 'main', laneKind: 'main', laneLabel: 'main' };
    case 'signal':
      return { lane: `signal:${r.name}`, laneKind: 'signal', laneLabel: `signal ${r.name}` };
    case 'update':
      return {
        lane: `update:${r.name}:${r.updateId}`,
        laneKind: 'update',
        laneLabel: `update ${r.name} (${r.updateId})`,
      };
  }
}

function guestHazard(
  entry: Extract<AnyTraceEntry, { type: 'hazard' }>,
  during: string | undefined,
): GuestHazardView {
  return {
    kind: entry.kind,
    function: `${entry.interface} ${entry.function}`,
    count: entry.count,
    denied: entry.denied,
    sentence: hazardSentence(entry.kind, {
      activation: entry.activation,
      count: entry.count,
      ...(during ? { during } : {}),
    }),
  };
}

export function callViews(trace: readonly AnyTraceEntry[]): CallView[] {
  const calls: CallView[] = [];
  const bySeq = new Map<number, { view: CallView; name: string | undefined }>();
  for (const entry of trace) {
    if (entry.type === 'command' && entry.call !== undefined) {
      const call = bySeq.get(entry.call);
      if (call) call.view.pushed++;
    }
    if (entry.type === 'hazard' && entry.call !== undefined) {
      const call = bySeq.get(entry.call);
      if (call) (call.view.hazards ??= []).push(guestHazard(entry, call.name));
    }
    if (entry.type !== 'instantiate' && entry.type !== 'activate' && entry.type !== 'poll')
      continue;
    const view: CallView = {
      seq: entry.seq,
      type: entry.type,
      ...laneOf(entry),
      ...(entry.pass !== undefined ? { pass: entry.pass } : {}),
      ...(entry.madeProgress !== undefined ? { madeProgress: entry.madeProgress } : {}),
      outcome: entry.outcome,
      ...(entry.error ? { error: entry.error } : {}),
      durationMs: entry.durationMs,
      pushed: 0,
    };
    calls.push(view);
    bySeq.set(view.seq, { view, name: callName(entry) });
  }
  return calls;
}

/** A command's lang kind, the server command it becomes, and what identifies it. */
export function commandNames(
  command: IWorkflowCommand,
): Pick<CommandView, 'kind' | 'serverKind' | 'detail'> {
  const summary = summarizeCommand(command);
  return {
    kind: pascal(commandVariant(command)),
    ...(summary ? { serverKind: summary.kind } : {}),
    detail: summary?.detail ?? '',
  };
}

function commandViews(
  step: SessionStep,
  trace: readonly TraceEntry[],
  table: DeterminismTable | undefined,
): CommandView[] {
  // With a component, the trace says who pushed each command and during which call; the
  // completion's commands are the same commands in the same order.
  const pushedBy = trace.filter((e) => e.type === 'command');
  const commands: readonly IWorkflowCommand[] =
    step.completion?.status === 'success' ? step.completion.commands : step.commands;
  return commands.map((command, position) => {
    const traced = pushedBy.find((e) => e.command === command);
    const row = table?.rows.find(
      (r) => r.actual?.step === step.index && r.actual.position === position,
    );
    return {
      ...commandNames(command),
      origin: step.completion ? (traced?.origin ?? 'guest') : 'history',
      ...(traced?.call !== undefined ? { call: traced.call } : {}),
      ...(traced?.site ? { site: positionOf(traced.site) } : {}),
      ...(row
        ? {
            row: row.index,
            status: row.status,
            ...(row.expected ? { eventId: row.expected.eventId } : {}),
          }
        : {}),
    };
  });
}

export function stepView(
  step: SessionStep,
  task: number,
  trace: readonly TraceEntry[],
  table: DeterminismTable | undefined,
): StepView {
  const slice = step.trace ? trace.slice(step.trace.from, step.trace.to) : [];
  return {
    index: step.index,
    task,
    wftStartedEventId: step.wftStartedEventId,
    events: step.events,
    isReplaying: step.activation.isReplaying ?? false,
    jobs: (step.activation.jobs ?? []).map(jobView),
    calls: callViews(slice),
    commands: commandViews(step, slice, table),
    ...(step.completion?.status === 'failed' ? { failure: step.completion.message } : {}),
  };
}
