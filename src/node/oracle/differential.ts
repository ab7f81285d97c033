/**
 * The proof of the replay engine: the same history replayed by our engine and by real sdk-core,
 * both answered with the same commands (history echo, optionally mutated), must produce the same
 * activations, field by field, and the same verdict at the same event.
 */
import type { coresdk } from '../../engine/proto/index.ts';
import { WorkflowActivation } from '../../engine/proto/index.ts';
import { HistoryEcho } from '../../engine/core/echo.ts';
import { ET, eventIdOf, type HistoryEvent } from '../../engine/core/events.ts';
import { replay, replayWorkflowId } from '../../engine/core/replay.ts';
import { startRun, type LoadedWorkflowCode } from '../../engine/host/load.ts';
import { ReplaySession } from '../../engine/session/session.ts';
import { ORACLE_BUILD_ID, type SdkCoreReplayer } from './index.ts';
import { jsonDiff } from './json-diff.ts';

type IWorkflowActivation = coresdk.workflow_activation.IWorkflowActivation;
type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

/** Rewrites lang's answer for one activation (a mutation), given the task it belongs to. */
export type CommandMutation = (
  commands: IWorkflowCommand[],
  wftStartedEventId: number,
) => IWorkflowCommand[];

export interface EngineOutcome {
  verdict: 'ok' | 'nondeterminism' | 'fatal' | 'task-failure' | 'timeout' | 'error';
  eventId?: number;
  message?: string;
  activations: Record<string, unknown>[];
}

export interface Comparison {
  name: string;
  ours: EngineOutcome;
  core: EngineOutcome;
  agree: boolean;
  /** Human-readable differences; empty when the engines agree. */
  differences: string[];
}

/**
 * The workflow task each activation answers, found by history length: the last WorkflowTaskStarted
 * at or before it that was not failed or timed out. The task starts are listed once per history
 * (a scan from event 1 per activation made long replays quadratic).
 */
export function taskForActivation(
  events: readonly HistoryEvent[],
): (historyLength: number) => number {
  const starts: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const next = events[i + 1]?.eventType;
    if (
      e.eventType === ET.WorkflowTaskStarted &&
      next !== ET.WorkflowTaskFailed &&
      next !== ET.WorkflowTaskTimedOut
    )
      starts.push(eventIdOf(e));
  }
  return (historyLength) => {
    // The last start <= historyLength (ids ascend), by binary search.
    let [lo, hi] = [0, starts.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= historyLength) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : starts[lo - 1]!;
  };
}

/** An activation as plain JSON after a protobuf round trip, so absent and default fields compare equal. */
export function canonicalActivation(a: IWorkflowActivation): Record<string, unknown> {
  return WorkflowActivation.toJSON(WorkflowActivation.decode(WorkflowActivation.encode(a)));
}

function responder(events: readonly HistoryEvent[], mutate: CommandMutation | undefined) {
  const echo = new HistoryEcho(events);
  const taskOf = taskForActivation(events);
  return (activation: IWorkflowActivation) => {
    const wft = taskOf(activation.historyLength ?? 0);
    const commands = echo.commandsFor(wft);
    return mutate ? mutate(commands, wft) : commands;
  };
}

export function replayOurs(
  events: readonly HistoryEvent[],
  mutate?: CommandMutation,
): EngineOutcome {
  const answer = responder(events, mutate);
  const result = replay(events, (step) => answer(step.activation), {
    workflowId: replayWorkflowId(events),
    workerBuildId: ORACLE_BUILD_ID,
  });
  const v = result.verdict;
  return {
    verdict: v.kind,
    ...(v.kind !== 'ok'
      ? { message: v.message, ...(v.eventId !== undefined ? { eventId: v.eventId } : {}) }
      : {}),
    activations: result.steps.map((s) => canonicalActivation(s.activation)),
  };
}

export async function replayCore(
  replayer: SdkCoreReplayer,
  events: readonly HistoryEvent[],
  mutate?: CommandMutation,
  options: { timeoutMs?: number } = {},
): Promise<EngineOutcome> {
  const answer = responder(events, mutate);
  const run = await replayer.replay(
    { events: [...events] },
    (activation) => ({
      runId: activation.runId ?? '',
      successful: { commands: answer(activation) },
    }),
    { workflowId: replayWorkflowId(events), ...options },
  );
  const v = run.verdict;
  return {
    verdict: v.kind,
    ...('message' in v ? { message: v.message } : {}),
    ...('eventId' in v && v.eventId !== undefined ? { eventId: v.eventId } : {}),
    activations: run.activations.map(canonicalActivation),
  };
}

export function compareOutcomes(
  name: string,
  ours: EngineOutcome,
  core: EngineOutcome,
): Comparison {
  const differences: string[] = [];
  // sdk-core's replay worker stays silent when it has nothing to activate (it never evicts); ours
  // then ends with the same activations and nothing more to do, which is the same outcome.
  const bothIdle =
    core.verdict === 'timeout' &&
    ours.verdict === 'ok' &&
    ours.activations.length === core.activations.length;
  if (ours.verdict !== core.verdict && !bothIdle)
    differences.push(
      `verdict: ours ${ours.verdict} (${ours.message ?? ''}), sdk-core ${core.verdict} (${core.message ?? ''})`,
    );
  else if (ours.verdict === 'nondeterminism' && ours.eventId !== core.eventId) {
    differences.push(
      `nondeterminism found at event ${ours.eventId} by us, at ${core.eventId} by sdk-core`,
    );
  }
  const n = Math.max(ours.activations.length, core.activations.length);
  if (ours.activations.length !== core.activations.length) {
    differences.push(
      `activations: ours ${ours.activations.length}, sdk-core ${core.activations.length}`,
    );
  }
  for (let i = 0; i < n && i < Math.min(ours.activations.length, core.activations.length); i++) {
    const found: string[] = [];
    jsonDiff(ours.activations[i], core.activations[i], `activation[${i}]`, found, {
      other: 'sdk-core',
      max: 5,
    });
    differences.push(...found);
    if (differences.length > 10) break;
  }
  return { name, ours, core, agree: differences.length === 0, differences };
}

export async function compareWithSdkCore(
  replayer: SdkCoreReplayer,
  name: string,
  events: readonly HistoryEvent[],
  mutate?: CommandMutation,
  options: { timeoutMs?: number } = {},
): Promise<Comparison> {
  return compareOutcomes(
    name,
    replayOurs(events, mutate),
    await replayCore(replayer, events, mutate, options),
  );
}

/**
 * The same comparison with workflow code answering: sdk-core builds activations and our host and
 * component give the completions, against our engine and the same component in a replay session.
 */
export async function compareCodeWithSdkCore(
  replayer: SdkCoreReplayer,
  name: string,
  events: readonly HistoryEvent[],
  code: LoadedWorkflowCode,
): Promise<Comparison> {
  const workflowId = replayWorkflowId(events);
  const session = ReplaySession.open(
    events,
    { kind: 'component', component: code },
    // Replayed once, start to end: nothing steps back, so no checkpoints.
    { workflowId, workerBuildId: ORACLE_BUILD_ID, checkpoints: { enabled: false } },
  );
  await session.runToEnd();
  const v = session.verdict;
  const ours: EngineOutcome = {
    verdict: v.kind === 'running' ? 'error' : v.kind,
    ...('message' in v ? { message: v.message } : {}),
    ...('eventId' in v && v.eventId !== undefined ? { eventId: v.eventId } : {}),
    activations: session.steps.map((s) => canonicalActivation(s.activation)),
  };
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const driver = startRun(code, {
    namespace: 'default',
    taskQueue: started?.taskQueue?.name ?? '',
    runId: started?.originalExecutionRunId ?? '',
  });
  const run = await replayer.replay(
    { events: [...events] },
    async (activation) => {
      const completion = await driver.activate(activation);
      return completion.status === 'success'
        ? {
            runId: activation.runId ?? '',
            successful: { commands: completion.commands.filter((c) => !c.respondToQuery) },
          }
        : { runId: activation.runId ?? '', failed: { failure: completion.failure } };
    },
    { workflowId },
  );
  const cv = run.verdict;
  const core: EngineOutcome = {
    verdict: cv.kind,
    ...('message' in cv ? { message: cv.message } : {}),
    ...('eventId' in cv && cv.eventId !== undefined ? { eventId: cv.eventId } : {}),
    activations: run.activations.map(canonicalActivation),
  };
  return compareOutcomes(name, ours, core);
}
