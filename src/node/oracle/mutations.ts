/**
 * Changed workflow code, simulated: for every workflow task that recorded commands, answers that
 * drop, reorder, retype or rename one of them, or add one. Each is a nondeterminism sdk-core must
 * catch (or, for changes it does not check, must accept); our engine has to agree on which, and
 * on the event.
 */
import Long from 'long';
import type { coresdk } from '../../engine/proto/index.ts';
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
  if (c.scheduleLocalActivity)
    return {
      scheduleLocalActivity: {
        ...c.scheduleLocalActivity,
        activityType: `${c.scheduleLocalActivity.activityType}Renamed`,
      },
    };
  return undefined;
}

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
  for (const { wft, commands } of tasksWithCommands(events)) {
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
  }
  return out;
}
