/** StartTimer / CancelTimer ↔ TimerStarted, TimerFired, TimerCanceled. */
import { ET, describeEvent } from '../events.ts';
import { nondeterminism } from '../errors.ts';
import {
  Machine,
  stay,
  type EventData,
  type MachineResponse,
  type Transitions,
} from './machine.ts';

export class TimerMachine extends Machine {
  readonly name = 'TimerMachine';
  protected readonly finalStates = new Set(['Fired', 'Canceled']);
  protected buildTransitions() {
    return {
      StartCommandCreated: {
        CommandStartTimer: stay('StartCommandCreated'),
        TimerStarted: stay('StartCommandRecorded'),
        Cancel: () => {
          this.cancelledBeforeSentFlag = true;
          return { to: 'Canceled' };
        },
      },
      StartCommandRecorded: {
        TimerFired: (timerId: string) => {
          const expected = this.recordedId ?? String(this.seq);
          if (expected !== timerId) {
            throw nondeterminism(
              `Timer fired event did not have expected timer id ${expected}, it was ${timerId}!`,
            );
          }
          return {
            to: 'Fired',
            responses: [{ kind: 'job', job: { fireTimer: { seq: this.seq } } }],
          };
        },
        Cancel: () => ({
          to: 'CancelTimerCommandCreated',
          responses: [
            {
              kind: 'command',
              command: { commandType: 'CancelTimer', attributes: { timerId: String(this.seq) } },
            },
          ],
        }),
      },
      CancelTimerCommandCreated: {
        Cancel: stay('CancelTimerCommandCreated'),
        CommandCancelTimer: stay('CancelTimerCommandSent'),
      },
      CancelTimerCommandSent: { TimerCanceled: stay('Canceled') },
      Canceled: { Cancel: stay('Canceled') },
      Fired: { Cancel: stay('Fired') },
    } satisfies Transitions;
  }

  /** The id history gave this timer, where it is not a sequence number (history-only replay). */
  private recordedId: string | undefined;

  constructor(readonly seq: number) {
    super('StartCommandCreated');
  }

  /** Takes the recorded id as the timer's: other SDKs name timers freely (Java: a UUID). */
  adoptRecordedId(timerId: string): void {
    this.recordedId = timerId;
  }

  cancel(): MachineResponse[] {
    return this.fire('Cancel') ?? [];
  }

  protected eventInput({ event }: EventData) {
    if (event.eventType === ET.TimerStarted) return { input: 'TimerStarted' };
    if (event.eventType === ET.TimerCanceled) return { input: 'TimerCanceled' };
    if (event.eventType === ET.TimerFired)
      return { input: 'TimerFired', payload: event.timerFiredEventAttributes?.timerId ?? '' };
    throw nondeterminism(`Timer machine does not handle this event: ${describeEvent(event)}`);
  }

  protected commandInput(type: string) {
    return (
      { StartTimer: 'CommandStartTimer', CancelTimer: 'CommandCancelTimer' } as Record<
        string,
        string
      >
    )[type];
  }
}
