/**
 * Changed workflow code, simulated: for every workflow task that recorded commands, answers that
 * drop, reorder, retype or rename one of them, or add one; for Nexus operations also other
 * endpoints, services and cancellation types, and cancels lang sends later. Each is a
 * nondeterminism sdk-core must catch (or, for changes it does not check, must accept); our engine
 * has to agree on which, and on the event.
 */
import Long from 'long';
import { root, type coresdk } from '../../engine/proto/index.ts';
import { HistoryEcho } from '../../engine/core/echo.ts';
import { ET, eventIdOf, type HistoryEvent } from '../../engine/core/events.ts';
import type { CommandMutation } from './differential.ts';

type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

export interface Mutation {
  name: string;
  mutate: CommandMutation;
}

const timer = (seq: number): IWorkflowCommand => ({
  startTimer: { seq, startToFireTimeout: { seconds: Long.fromNumber(1) } },
});

function retyped(c: IWorkflowCommand): IWorkflowCommand {
  if (c.startTimer) {
    return {
      scheduleActivity: {
        seq: 900 + (c.startTimer.seq ?? 0),
        activityId: 'mutant',
        activityType: 'Mutant',
        taskQueue: 'q',
        startToCloseTimeout: { seconds: Long.fromNumber(1) },
      },
    };
  }
  return timer(9_001);
}

function renamed(c: IWorkflowCommand): IWorkflowCommand | undefined {
  if (c.scheduleActivity)
    return {
      scheduleActivity: {
        ...c.scheduleActivity,
        activityType: `${c.scheduleActivity.activityType}Renamed`,
      },
    };
  if (c.startTimer) return { startTimer: { ...c.startTimer, seq: (c.startTimer.seq ?? 0) + 100 } };
  if (c.startChildWorkflowExecution)
    return {
      startChildWorkflowExecution: {
        ...c.startChildWorkflowExecution,
        workflowType: `${c.startChildWorkflowExecution.workflowType}Renamed`,
      },
    };
  if (c.setPatchMarker)
    return {
      setPatchMarker: { ...c.setPatchMarker, patchId: `${c.setPatchMarker.patchId}-renamed` },
    };
  if (c.scheduleNexusOperation)
    return {
      scheduleNexusOperation: {
        ...c.scheduleNexusOperation,
        operation: `${c.scheduleNexusOperation.operation}Renamed`,
      },
    };
  if (c.scheduleLocalActivity)
    return {
      scheduleLocalActivity: {
        ...c.scheduleLocalActivity,
        activityType: `${c.scheduleLocalActivity.activityType}Renamed`,
      },
    };
  return undefined;
}

const NEXUS_CANCEL = root.lookupEnum('coresdk.nexus.NexusOperationCancellationType').values;
type ScheduleNexus = coresdk.workflow_commands.IScheduleNexusOperation;

/** A Nexus operation lang schedules and cancels before the task completes: no command is sent. */
const cancelledBeforeSent: IWorkflowCommand[] = [
  { scheduleNexusOperation: { seq: 900, endpoint: 'e', service: 's', operation: 'o' } },
  { requestCancelNexusOperation: { seq: 900 } },
];

/** Workflow tasks (by their started event id) whose completion recorded at least one command. */
function tasksWithCommands(
  events: readonly HistoryEvent[],
): Array<{ wft: number; commands: IWorkflowCommand[] }> {
  const echo = new HistoryEcho(events);
  return events
    .filter((e) => e.eventType === ET.WorkflowTaskStarted)
    .map((e) => ({ wft: eventIdOf(e), commands: echo.commandsFor(eventIdOf(e)) }))
    .filter((t) => t.commands.length > 0);
}

export function mutationsOf(events: readonly HistoryEvent[]): Mutation[] {
  const out: Mutation[] = [];
  const tasks = tasksWithCommands(events);
  for (const { wft, commands } of tasks) {
    const count = commands.length;
    // Only the activation that answers for the task (later ones of the same task get no commands).
    const at =
      (fn: (cs: IWorkflowCommand[]) => IWorkflowCommand[]): CommandMutation =>
      (cs, task) =>
        task === wft && cs.length === count ? fn([...cs]) : cs;
    for (let k = 0; k < count; k++) {
      out.push({
        name: `wft ${wft}: drop command ${k}`,
        mutate: at((cs) => cs.filter((_, i) => i !== k)),
      });
      out.push({
        name: `wft ${wft}: retype command ${k}`,
        mutate: at((cs) => cs.map((c, i) => (i === k ? retyped(c) : c))),
      });
      if (renamed(commands[k]!)) {
        out.push({
          name: `wft ${wft}: rename command ${k}`,
          mutate: at((cs) => cs.map((c, i) => (i === k ? (renamed(c) ?? c) : c))),
        });
      }
      if (k + 1 < count)
        out.push({
          name: `wft ${wft}: swap commands ${k} and ${k + 1}`,
          mutate: at((cs) => [...cs.slice(0, k), cs[k + 1]!, cs[k]!, ...cs.slice(k + 2)]),
        });
    }
    out.push({ name: `wft ${wft}: extra timer first`, mutate: at((cs) => [timer(7_777), ...cs]) });
    if (commands.some((c) => c.scheduleNexusOperation))
      out.push({
        name: `wft ${wft}: extra Nexus operation cancelled before it was sent`,
        mutate: at((cs) => [...cancelledBeforeSent, ...cs]),
      });
  }
  return [...out, ...nexusMutations(tasks)];
}

/**
 * Per Nexus operation: endpoint or service changed (sdk-core compares neither with the scheduled
 * event; the operation name is covered by `renamed`), another cancellation type (history does not
 * record it; it only changes when lang hears of a cancel), and a cancel from lang in the next task
 * that sends commands, under each cancellation type. With ABANDON no command reaches the server and
 * lang is resolved at once, so whatever history says happened to the operation next is judged.
 */
function nexusMutations(tasks: Array<{ wft: number; commands: IWorkflowCommand[] }>): Mutation[] {
  const out: Mutation[] = [];
  tasks.forEach(({ wft, commands }, t) => {
    const next = tasks[t + 1];
    commands.forEach((c, k) => {
      const schedule = c.scheduleNexusOperation;
      if (!schedule) return;
      const inTask =
        (changed: ScheduleNexus): CommandMutation =>
        (cs, task) =>
          task === wft && cs.length === commands.length
            ? cs.map((x, i) => (i === k ? { scheduleNexusOperation: changed } : x))
            : cs;
      const variants: Array<[string, ScheduleNexus]> = [
        ['endpoint changed', { ...schedule, endpoint: `${schedule.endpoint}-moved` }],
        ['service changed', { ...schedule, service: `${schedule.service}V2` }],
      ];
      for (const [type, value] of Object.entries(NEXUS_CANCEL)) {
        const typed = { ...schedule, cancellationType: value };
        if (value !== (schedule.cancellationType ?? 0)) variants.push([type, typed]);
        if (!next) continue;
        const cancelled = inTask(typed);
        out.push({
          name: `wft ${wft}: Nexus command ${k} ${type}, cancelled in wft ${next.wft}`,
          mutate: (cs, task) =>
            task === next.wft && cs.length === next.commands.length
              ? [{ requestCancelNexusOperation: { seq: schedule.seq ?? 0 } }, ...cs]
              : cancelled(cs, task),
        });
      }
      for (const [what, changed] of variants)
        out.push({ name: `wft ${wft}: Nexus command ${k} ${what}`, mutate: inTask(changed) });
    });
  });
  return out;
}
