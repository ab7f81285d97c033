/**
 * What every command/event state machine shares, after sdk-core's `machines/`: a named state, a
 * table of transitions, and the rules for turning a history event or a command into an input.
 * An event the machine has no input for is nondeterminism (the code issued a different command
 * than history recorded); an event it has an input for but no transition from its state is fatal.
 */
import type { coresdk } from '../../proto/index.ts';
import { describeEvent, eventIdOf, eventTypeName, type HistoryEvent } from '../events.ts';
import { fatal, nondeterminism } from '../errors.ts';
import { CoreFlag, type InternalFlags } from '../flags.ts';

export type Job = coresdk.workflow_activation.IWorkflowActivationJob;

/** A command as it would be sent to the server: `commandType` as in CommandType, minus prefix. */
export interface ApiCommand {
  commandType: string;
  /** The lang command it came from, for display and for the expected/actual comparison. */
  attributes: Record<string, unknown>;
}

export type MachineResponse =
  | { kind: 'job'; job: Job }
  | { kind: 'command'; command: ApiCommand }
  | { kind: 'wft-started'; startedEventId: number; time: Timestamp }
  | { kind: 'new-run-id'; runId: string }
  | { kind: 'core-command'; command: ApiCommand; machine: Machine }
  | { kind: 'update-time'; time: Timestamp }
  /** A difference sdk-core would call nondeterminism, left unchecked for lack of an internal flag. */
  | { kind: 'unchecked'; message: string };

export interface Timestamp {
  seconds: number;
  nanos: number;
}

export interface EventData {
  event: HistoryEvent;
  replaying: boolean;
  /** Is the workflow task being applied the last one in history? */
  lastTaskInHistory: boolean;
}

export interface Step {
  to: string;
  responses?: MachineResponse[];
}
type Handler = (input: never) => Step;

/**
 * sdk-core's id and type check of a scheduled activity or an initiated child workflow: a
 * difference is nondeterminism where core flag 1 (IdAndTypeDeterminismChecks) applies; in tasks
 * recorded without it sdk-core lets the difference through, and so do we, saying so.
 */
export function uncheckedUnlessFlagged(
  flags: InternalFlags,
  lastTask: boolean,
  difference: string | undefined,
  to: string,
): Step {
  if (!difference) return { to };
  if (flags.tryUse(CoreFlag.IdAndTypeDeterminismChecks, lastTask)) throw nondeterminism(difference);
  return { to, responses: [{ kind: 'unchecked', message: difference }] };
}
export type Transitions = Record<string, Record<string, Handler>>;

/**
 * Each machine's transitions, built on first use. They close over their machine, so they are kept
 * outside it: a copy of a machine (a checkpoint's) builds its own instead of sharing the original's.
 */
const built = new WeakMap<Machine, Transitions>();

export abstract class Machine {
  abstract readonly name: string;
  /** Inputs by state; a missing entry is an invalid transition. */
  protected abstract buildTransitions(): Transitions;
  protected abstract readonly finalStates: ReadonlySet<string>;
  protected cancelledBeforeSentFlag = false;

  constructor(public state: string) {}

  /** Input name (and payload) for a history event, or undefined if this machine never takes it. */
  protected abstract eventInput(data: EventData): { input: string; payload?: unknown } | undefined;
  /** Input name for a command of this type being sent, or undefined if it is not this machine's. */
  protected abstract commandInput(commandType: string): string | undefined;

  /** Feeds an input; returns undefined when the state has no transition for it. */
  protected fire(input: string, payload?: unknown): MachineResponse[] | undefined {
    let transitions = built.get(this);
    if (!transitions) built.set(this, (transitions = this.buildTransitions()));
    const handler = transitions[this.state]?.[input];
    if (!handler) return undefined;
    const step = (handler as (input: unknown) => Step)(payload);
    this.state = step.to;
    // A run keeps its finished machines (tens of thousands in a long one), and rarely feeds them
    // again: their transitions are built anew then rather than kept for the collector to trace.
    if (this.isFinal()) built.delete(this);
    return step.responses ?? [];
  }

  handleEvent(data: EventData): MachineResponse[] {
    const converted = this.eventInput(data);
    if (!converted)
      throw nondeterminism(`${this.name} does not handle this event: ${describeEvent(data.event)}`);
    const responses = this.fire(converted.input, converted.payload);
    if (!responses) {
      throw fatal(
        `${this.name} in state ${this.state} says the transition is invalid during event ` +
          `EventInfo { event_id: ${eventIdOf(data.event)}, event_type: ${eventTypeName(data.event)} }`,
      );
    }
    return responses;
  }

  handleCommand(commandType: string): MachineResponse[] {
    const input = this.commandInput(commandType);
    if (!input)
      throw nondeterminism(`Unexpected command ${commandType} generated by a ${this.name} machine`);
    const responses = this.fire(input);
    if (!responses) {
      throw nondeterminism(
        `Unexpected command producing an invalid transition ${commandType} in state ${this.state}`,
      );
    }
    return responses;
  }

  isFinal(): boolean {
    return this.finalStates.has(this.state);
  }

  wasCancelledBeforeSent(): boolean {
    return this.cancelledBeforeSentFlag;
  }
}

export const stay =
  (to: string): Handler =>
  () => ({ to });
