/**
 * Local activities. On replay the workflow schedules one and core resolves it from the
 * `core_local_activity` marker it saw ahead in history, so lang sees the result in the same
 * activation it did originally; the marker event later only has to match. Live (the simulator),
 * the activity runs, lang gets its result, and the marker command records it.
 */
import Long from 'long';
import { root, type coresdk, type temporal } from '../../proto/index.ts';
import {
  ET,
  describeEvent,
  localActivityMarkerData,
  type HistoryEvent,
  type LocalActivityMarkerData,
} from '../events.ts';
import { CoreFlag, type InternalFlags } from '../flags.ts';
import { fatal, nondeterminism } from '../errors.ts';
import {
  Machine,
  stay,
  type EventData,
  type MachineResponse,
  type Timestamp,
  type Transitions,
} from './machine.ts';
import { localActivityMarkerCommand } from '../server-commands.ts';

type IFailure = temporal.api.failure.v1.IFailure;

/** What a marker says about how a local activity ended. */
export interface LocalActivityOutcome {
  marker: LocalActivityMarkerData;
  result: { ok: temporal.api.common.v1.IPayload | null } | { failure: IFailure };
}

export function localActivityOutcome(e: HistoryEvent): LocalActivityOutcome | undefined {
  const marker = localActivityMarkerData(e);
  if (!marker) return undefined;
  const attrs = e.markerRecordedEventAttributes!;
  const ok = attrs.details?.['result']?.payloads?.at(-1) ?? null;
  return { marker, result: attrs.failure ? { failure: attrs.failure } : { ok } };
}

const RETRY_STATE_CANCEL_REQUESTED = root.lookupEnum('temporal.api.enums.v1.RetryState').values[
  'RETRY_STATE_CANCEL_REQUESTED'
]!;

/** How a local activity run by the simulator ended. */
export interface LocalActivityResult {
  result: { ok: temporal.api.common.v1.IPayload | null } | { failure: IFailure };
  attempt: number;
  runtimeMs: number;
}

function plus(t: Timestamp | undefined, ms: number): Timestamp | undefined {
  if (!t) return undefined;
  const nanos = t.nanos + Math.round((ms % 1000) * 1e6);
  return {
    seconds: t.seconds + Math.floor(ms / 1000) + Math.floor(nanos / 1e9),
    nanos: nanos % 1e9,
  };
}

export class LocalActivityMachine extends Machine {
  readonly name = 'LocalActivityMachine';
  protected readonly finalStates = new Set(['MarkerCommandRecorded']);

  private resultType: 'completed' | 'failed' | undefined;

  constructor(
    private readonly attrs: coresdk.workflow_commands.IScheduleLocalActivity,
    private readonly replayingWhenInvoked: boolean,
    private readonly flags: InternalFlags,
    private readonly wfTimeWhenStarted: Timestamp | undefined,
  ) {
    super(replayingWhenInvoked ? 'WaitingResolveFromMarkerLookAhead' : 'RequestSent');
  }

  get seq(): number {
    return this.attrs.seq ?? 0;
  }

  willAcceptResolveMarker(): boolean {
    return this.state === 'WaitingResolveFromMarkerLookAhead';
  }

  /** While waiting for the marker after a look-ahead resolution, the marker bypasses command matching. */
  markerGetsSpecialHandling(): boolean {
    if (this.state === 'ResultNotified') return false;
    if (this.state === 'ResolvedFromMarkerLookAheadWaitingMarkerEvent') return true;
    throw fatal(`Attempted to check for LA marker handling in invalid state ${this.state}`);
  }

  private resolution(outcome: LocalActivityOutcome): coresdk.activity_result.IActivityResolution {
    const { marker, result } = outcome;
    if (marker.backoff) {
      return {
        backoff: {
          attempt: marker.attempt + 1,
          backoffDuration: {
            seconds: Long.fromNumber(marker.backoff.seconds),
            nanos: marker.backoff.nanos,
          },
        },
      };
    }
    if ('ok' in result) return { completed: { result: result.ok } };
    const failure = result.failure;
    const cancelled = !!failure.canceledFailureInfo || !!failure.cause?.canceledFailureInfo;
    if (!cancelled) return { failed: { failure } };
    const wrapped: IFailure = failure.canceledFailureInfo
      ? {
          message: 'Local Activity cancelled',
          cause: failure,
          activityFailureInfo: {
            identity: '',
            activityType: { name: this.attrs.activityType ?? '' },
            activityId: this.attrs.activityId ?? '',
            retryState: RETRY_STATE_CANCEL_REQUESTED,
            startedEventId: Long.ZERO,
            scheduledEventId: Long.ZERO,
          },
        }
      : failure;
    return { cancelled: { failure: wrapped } };
  }

  private verify(outcome: LocalActivityOutcome): void {
    const m = outcome.marker;
    if (m.seq !== this.seq) {
      throw nondeterminism(
        `Local activity marker data has sequence number ${m.seq} but matched against LA command with sequence number ${this.seq}`,
      );
    }
    if (this.flags.tryUse(CoreFlag.IdAndTypeDeterminismChecks, !this.replayingWhenInvoked)) {
      if (m.activityId !== this.attrs.activityId) {
        throw nondeterminism(
          `Activity id of recorded marker '${m.activityId}' does not match activity id of local activity command '${this.attrs.activityId}'`,
        );
      }
      if (m.activityType !== this.attrs.activityType) {
        throw nondeterminism(
          `Activity type of recorded marker '${m.activityType}' does not match activity type of local activity command '${this.attrs.activityType}'`,
        );
      }
    }
  }

  protected buildTransitions() {
    return {
      WaitingResolveFromMarkerLookAhead: {
        KnownResult: (outcome: LocalActivityOutcome) => {
          const responses: MachineResponse[] = [
            {
              kind: 'job',
              job: {
                resolveActivity: { seq: this.seq, result: this.resolution(outcome), isLocal: true },
              },
            },
          ];
          if (outcome.marker.completeTime)
            responses.push({ kind: 'update-time', time: outcome.marker.completeTime });
          return { to: 'ResolvedFromMarkerLookAheadWaitingMarkerEvent', responses };
        },
        Cancel: stay('WaitingResolveFromMarkerLookAhead'),
      },
      ResolvedFromMarkerLookAheadWaitingMarkerEvent: {
        Cancel: stay('ResolvedFromMarkerLookAheadWaitingMarkerEvent'),
        MarkerRecorded: (outcome: LocalActivityOutcome) => {
          this.verify(outcome);
          return { to: 'MarkerCommandRecorded' };
        },
      },
      MarkerCommandRecorded: {
        Cancel: stay('MarkerCommandRecorded'),
        KnownResult: stay('MarkerCommandRecorded'),
        HandleResult: stay('MarkerCommandRecorded'),
      },
      // Live path: the activity ran, lang learns the result now, and history must later show the marker.
      RequestSent: {
        Cancel: stay('RequestSent'),
        HandleResult: (r: LocalActivityResult) => {
          this.resultType = 'ok' in r.result ? 'completed' : 'failed';
          const completeTime = plus(this.wfTimeWhenStarted, r.runtimeMs);
          const marker: LocalActivityOutcome = {
            marker: {
              seq: this.seq,
              attempt: r.attempt,
              activityId: this.attrs.activityId ?? '',
              activityType: this.attrs.activityType ?? '',
              ...(completeTime ? { completeTime } : {}),
            },
            result: r.result,
          };
          const responses: MachineResponse[] = [
            {
              kind: 'job',
              job: {
                resolveActivity: { seq: this.seq, result: this.resolution(marker), isLocal: true },
              },
            },
          ];
          if (completeTime) responses.push({ kind: 'update-time', time: completeTime });
          responses.push({
            kind: 'command',
            command: localActivityMarkerCommand(
              marker.marker,
              'ok' in r.result ? r.result.ok : null,
              'failure' in r.result ? r.result.failure : null,
            ),
          });
          return { to: 'MarkerCommandCreated', responses };
        },
      },
      MarkerCommandCreated: {
        CommandRecordMarker: stay('ResultNotified'),
        HandleResult: stay('MarkerCommandCreated'),
      },
      ResultNotified: {
        HandleResult: stay('ResultNotified'),
        MarkerRecorded: (outcome: LocalActivityOutcome) => {
          if (this.resultType === 'completed' && 'failure' in outcome.result) {
            throw nondeterminism(
              `Local activity (seq ${this.seq}) completed successfully locally, but history said it failed!`,
            );
          }
          if (this.resultType === 'failed' && 'ok' in outcome.result) {
            throw nondeterminism(
              `Local activity (seq ${this.seq}) failed locally, but history said it completed!`,
            );
          }
          this.verify(outcome);
          return { to: 'MarkerCommandRecorded' };
        },
      },
    } satisfies Transitions;
  }

  /** Reports a finished run of this local activity (live only). */
  resolveExecuted(result: LocalActivityResult): MachineResponse[] {
    const responses = this.fire('HandleResult', result);
    if (!responses) {
      throw fatal(
        `Invalid transition resolving local activity (seq ${this.seq}, from marker: false) in ${this.state}`,
      );
    }
    return responses;
  }

  /** Resolves from a marker seen ahead in history. */
  resolveFromMarker(outcome: LocalActivityOutcome): MachineResponse[] {
    const responses = this.fire('KnownResult', outcome);
    if (!responses)
      throw fatal(
        `Invalid transition resolving local activity (seq ${this.seq}, from marker: true) in ${this.state}`,
      );
    return responses;
  }

  /** On replay a cancel changes nothing here: the marker decides how the activity ended. */
  cancel(): MachineResponse[] {
    if (this.state === 'RequestSent')
      throw fatal(
        'Executing local activities is not supported by this engine; it only replays them from markers.',
      );
    return this.fire('Cancel') ?? [];
  }

  protected eventInput({ event }: EventData) {
    if (event.eventType !== ET.MarkerRecorded)
      throw nondeterminism(
        `Local activity machine cannot handle this event: ${describeEvent(event)}`,
      );
    const outcome = localActivityOutcome(event);
    if (!outcome) throw nondeterminism('Local activity machine encountered an unparsable marker');
    return { input: 'MarkerRecorded', payload: outcome };
  }

  protected commandInput(type: string) {
    return type === 'RecordMarker' ? 'CommandRecordMarker' : undefined;
  }
}
