/**
 * Commands history expects versus commands the code produced, for one workflow task, row by row.
 * sdk-core matches the server commands of a task, in the order lang sent them, against the command
 * events the task's completion recorded, in history order; row i pairs the i-th of each, which is
 * the pairing that decides nondeterminism. Commands that never reach the server (query answers,
 * local cancellations) are not part of the comparison.
 */
import { eventIdOf, eventTypeName, type HistoryEvent } from '../history/index.ts';
import type { coresdk } from '../proto/index.ts';
import type { NotChecked, UncheckedDifference } from '../core/workflow-machines.ts';
import { UNCHECKED_EXPLANATION, summarizeCommand, summarizeEvent } from '../session/divergence.ts';

type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

export type RowStatus =
  /** Same kind and identity. */
  | 'match'
  /** Both sides have a command here, and they differ. */
  | 'mismatch'
  /** History recorded it; the code did not produce it (the task's replay is over). */
  | 'missing'
  /** The code produced it; history has nothing for it. */
  | 'extra'
  /** History recorded it; the code has not reached it yet. */
  | 'pending'
  /** The task is the one still running when the history ends: its commands are new, not replayed. */
  | 'new'
  /** History-only replay took it as recorded: no sdk-core command expresses it (another SDK's marker). */
  | 'not-checked';

export interface ExpectedCommand {
  eventId: number;
  eventType: string;
  kind: string;
  detail: string;
}

export interface ActualCommand {
  kind: string;
  detail: string;
  /** The activation (step index) whose completion carried it. */
  step: number;
  /** Position among that step's commands. */
  position: number;
}

export interface DeterminismRow {
  index: number;
  expected?: ExpectedCommand;
  actual?: ActualCommand;
  status: RowStatus;
  /**
   * A mismatch sdk-core lets through: what it would have said with core flag 1, why it does not,
   * and what a worker does (`UNCHECKED_EXPLANATION`).
   */
  accepted?: { message: string; explanation: string };
  /** For `not-checked` rows and timers with their own ids: what could not be checked, and why. */
  notChecked?: { subject: string; reason: string };
}

export interface DeterminismTable {
  /** Index of the workflow task. */
  task: number;
  wftStartedEventId: number;
  /** Whether history recorded a completion for this task (so its commands are replayed). */
  recorded: boolean;
  rows: DeterminismRow[];
  /** First row whose status is neither match, pending nor new. */
  firstMismatch?: number;
}

export interface TaskCommands {
  task: number;
  wftStartedEventId: number;
  /** Command events this task's completion recorded; undefined when the task never completed. */
  commandEvents: readonly HistoryEvent[] | undefined;
  /** Commands of every activation of this task, in order. */
  steps: ReadonlyArray<{ index: number; commands: readonly IWorkflowCommand[] }>;
  /** No further activation of this task will come. */
  finished: boolean;
  /** The replay's differences left unchecked for lack of core flag 1 (any task's). */
  unchecked?: readonly UncheckedDifference[];
  /** History-only replay: events taken as recorded (any task's). */
  notChecked?: readonly NotChecked[];
}

export function determinismTable(input: TaskCommands): DeterminismTable {
  const expected: ExpectedCommand[] = (input.commandEvents ?? []).map((event) => {
    const summary = summarizeEvent(event);
    return {
      eventId: eventIdOf(event),
      eventType: eventTypeName(event),
      kind: summary.kind,
      detail: summary.detail,
    };
  });
  const actual: ActualCommand[] = [];
  for (const step of input.steps) {
    step.commands.forEach((command, position) => {
      const summary = summarizeCommand(command);
      if (summary) actual.push({ ...summary, step: step.index, position });
    });
  }
  const recorded = input.commandEvents !== undefined;
  const rows: DeterminismRow[] = [];
  let firstMismatch: number | undefined;
  const notCheckedAt = new Map((input.notChecked ?? []).map((n) => [n.eventId, n]));
  for (let ei = 0, ai = 0; ei < expected.length || ai < actual.length;) {
    const index = rows.length;
    const e = expected[ei];
    const note = e && notCheckedAt.get(e.eventId);
    if (e && note && e.eventType === 'MarkerRecorded') {
      // Another SDK's marker: no command stands for it, so it takes no command's place.
      rows.push({ index, expected: e, status: 'not-checked', notChecked: note });
      ei++;
      continue;
    }
    const a = actual[ai];
    ei++;
    ai++;
    let status: RowStatus;
    if (!recorded) status = 'new';
    else if (e && a) status = e.kind === a.kind && e.detail === a.detail ? 'match' : 'mismatch';
    else if (e) status = input.finished ? 'missing' : 'pending';
    else status = 'extra';
    // A timer id of the SDK's own choosing cannot be the command's (a sequence number).
    if (note && status === 'mismatch') status = 'not-checked';
    if (
      firstMismatch === undefined &&
      (status === 'mismatch' || status === 'missing' || status === 'extra')
    )
      firstMismatch = index;
    const unchecked =
      status === 'mismatch' ? input.unchecked?.find((u) => u.eventId === e?.eventId) : undefined;
    rows.push({
      index,
      ...(e ? { expected: e } : {}),
      ...(a ? { actual: a } : {}),
      status,
      ...(unchecked
        ? { accepted: { message: unchecked.message, explanation: UNCHECKED_EXPLANATION } }
        : {}),
      ...(note ? { notChecked: note } : {}),
    });
  }
  return {
    task: input.task,
    wftStartedEventId: input.wftStartedEventId,
    recorded,
    rows,
    ...(firstMismatch !== undefined ? { firstMismatch } : {}),
  };
}
