/**
 * One replay of one history: activations out, lang's commands in, until history is exhausted or
 * a divergence is found. Where the commands come from (a component, or history echo) is the
 * caller's choice; the verdict says whether they agree with the history, in sdk-core's words.
 */
import { AppendLog } from './grow-only.ts';
import type { coresdk } from '../proto/index.ts';
import { FatalReplayError, NondeterminismError } from './errors.ts';
import { eventIdOf, eventTypeName, type HistoryEvent } from './events.ts';
import { HistoryEventType } from '../history/events.ts';
import { HistoryEcho } from './echo.ts';
import { WorkflowMachines, type MachinesOptions } from './workflow-machines.ts';

type IWorkflowActivation = coresdk.workflow_activation.IWorkflowActivation;
type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

export type ReplayOptions = MachinesOptions;

export type Verdict =
  | { kind: 'ok' }
  | {
      kind: 'nondeterminism' | 'fatal';
      /** The full message, e.g. `[TMPRL1100] Nondeterminism error: No command scheduled for event …`. */
      message: string;
      /** The event being applied when the problem was found. */
      eventId?: number;
      eventType?: string;
      /** Index of the activation whose completion was being applied. */
      activation: number;
    };

export interface ReplayStep {
  activation: IWorkflowActivation;
  /** The WorkflowTaskStarted event id of the task this activation belongs to. */
  wftStartedEventId: number;
  commands?: IWorkflowCommand[];
}

/**
 * The workflow id a replay hands the workflow when none is given: the started event's (servers
 * record it since 2023), else "fake", as the TypeScript SDK's replayer does. Code that derives
 * ids from its own (child workflow ids, say) replays as it ran only with the real one.
 */
export function replayWorkflowId(events: readonly HistoryEvent[]): string {
  return events[0]?.workflowExecutionStartedEventAttributes?.workflowId || 'fake';
}

export class Replayer {
  readonly machines: WorkflowMachines;
  readonly steps = new AppendLog<ReplayStep>();
  verdict: Verdict | undefined;

  constructor(
    readonly events: readonly HistoryEvent[],
    options: ReplayOptions = {},
  ) {
    assertDecodedEvents(events);
    this.machines = new WorkflowMachines(events, {
      ...options,
      workflowId: options.workflowId ?? replayWorkflowId(events),
    });
    this.guard(() => this.machines.applyNextWft());
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (thrown) {
      // Outside event application (e.g. lang's commands rejected), point at the next event, as sdk-core does.
      const event = this.machines.eventInProgress;
      const next = this.events[this.machines.lastProcessedEvent];
      const where = event
        ? { eventId: eventIdOf(event), eventType: eventTypeName(event) }
        : next
          ? { eventId: eventIdOf(next), eventType: eventTypeName(next) }
          : {};
      const activation = this.steps.length - 1;
      if (thrown instanceof NondeterminismError)
        this.verdict = { kind: 'nondeterminism', message: thrown.message, activation, ...where };
      else if (thrown instanceof FatalReplayError)
        this.verdict = { kind: 'fatal', message: thrown.message, activation, ...where };
      else throw thrown;
    }
  }

  /** The next activation lang must answer, or undefined when replay has ended. */
  next(): ReplayStep | undefined {
    if (this.verdict || !this.machines.hasPendingJobs()) {
      this.verdict ??= { kind: 'ok' };
      return undefined;
    }
    const step = {
      activation: this.machines.takeActivation(),
      wftStartedEventId: this.machines.currentWftStartedEventId,
    };
    this.steps.push(step);
    return step;
  }

  complete(commands: IWorkflowCommand[]): void {
    const step = this.steps.at(-1);
    if (step) step.commands = commands;
    this.guard(() => this.machines.completeActivation(commands));
  }
}

export interface ReplayResult {
  steps: ReplayStep[];
  verdict: Verdict;
}

/** Replays a history answering every activation with `answer`. */
export function replay(
  events: readonly HistoryEvent[],
  answer: (step: ReplayStep, replayer: Replayer) => IWorkflowCommand[],
  options: ReplayOptions = {},
): ReplayResult {
  const replayer = new Replayer(events, options);
  for (let step = replayer.next(); step; step = replayer.next())
    replayer.complete(answer(step, replayer));
  return { steps: replayer.steps.toArray(), verdict: replayer.verdict ?? { kind: 'ok' } };
}

/** Replays a history with no workflow code: every task answered with what it recorded. */
export function replayEcho(
  events: readonly HistoryEvent[],
  options: ReplayOptions = {},
): ReplayResult {
  const echo = new HistoryEcho(events);
  return replay(events, (step) => echo.commandsFor(step.wftStartedEventId), {
    historyOnly: true,
    ...options,
  });
}

/**
 * Replay reads the loader's protobufjs messages: a copy (`structuredClone`, a JSON round trip)
 * loses the attributes oneof and the Long ids, and would replay as an empty history that passes.
 * Refuse it, naming the first such event, rather than give a verdict on nothing.
 */
function assertDecodedEvents(events: readonly HistoryEvent[]): void {
  events.forEach((event, index) => {
    if (!(event instanceof HistoryEventType.ctor)) {
      throw new TypeError(
        `history event at index ${index} is not a decoded HistoryEvent message (a copy of one?): ` +
          'load histories through the history loader or HistoryEvent.fromObject',
      );
    }
  });
}
