/**
 * Histories a component did not make: each recorded history changed in one place, so the
 * component meets what it would meet from changed code or a changed world. A renamed activity,
 * timer or patch is a nondeterminism both replays must catch at the same event; a renamed or
 * re-valued signal, update or input, a different activity result, make the guest take another
 * path (an unknown handler, another branch), which both hosts must drive alike.
 */
import Long from 'long';
import { History } from '../../engine/proto/index.ts';
import { ET, eventIdOf, eventTypeName, type HistoryEvent } from '../../engine/core/events.ts';

export interface HistoryMutation {
  /** e.g. "@5 ActivityTaskScheduled: activity type renamed". */
  name: string;
  events: HistoryEvent[];
}

const MUTANT_PAYLOAD = {
  metadata: { encoding: new TextEncoder().encode('json/plain') },
  data: new TextEncoder().encode('"mutant"'),
};

type Change = (event: HistoryEvent) => string | undefined;

/** Each change edits a copy of one event in place and says what it did (or skips the event). */
const CHANGES: Change[] = [
  (e) => {
    const a = e.activityTaskScheduledEventAttributes;
    if (!a?.activityType) return undefined;
    a.activityType = { name: `${a.activityType.name ?? ''}Renamed` };
    return 'activity type renamed';
  },
  (e) => {
    const a = e.timerStartedEventAttributes;
    if (!a) return undefined;
    a.timerId = `${a.timerId ?? ''}9`;
    return 'timer id changed';
  },
  (e) => {
    const a = e.markerRecordedEventAttributes;
    const id = a?.details?.['patch_id'];
    if (!a?.details || !id) return undefined;
    a.details = {
      ...a.details,
      patch_id: {
        payloads: [{ ...id.payloads?.[0], data: new TextEncoder().encode('"renamed-patch"') }],
      },
    };
    return 'patch id renamed';
  },
  (e) => {
    const a = e.workflowExecutionSignaledEventAttributes;
    if (!a) return undefined;
    a.signalName = `${a.signalName ?? ''}Unknown`;
    return 'signal renamed (no handler)';
  },
  (e) => {
    const a = e.workflowExecutionSignaledEventAttributes;
    if (!a?.input?.payloads?.length) return undefined;
    a.input = { payloads: [MUTANT_PAYLOAD] };
    return 'signal input changed';
  },
  (e) => {
    const a = e.workflowExecutionUpdateAcceptedEventAttributes;
    const input = a?.acceptedRequest?.input;
    if (!input?.name) return undefined;
    input.name = `${input.name}Unknown`;
    return 'update renamed (no handler)';
  },
  (e) => {
    const a = e.workflowExecutionStartedEventAttributes;
    if (!a?.input?.payloads?.length) return undefined;
    a.input = { payloads: [MUTANT_PAYLOAD] };
    return 'workflow input changed';
  },
  (e) => {
    const a = e.activityTaskCompletedEventAttributes;
    if (!a?.result?.payloads?.length) return undefined;
    a.result = { payloads: [MUTANT_PAYLOAD] };
    return 'activity result changed';
  },
  (e) => {
    const a = e.timerStartedEventAttributes;
    if (!a) return undefined;
    a.startToFireTimeout = { seconds: Long.fromNumber(12_345) };
    return 'timer duration changed';
  },
];

/** A deep copy, by a protobuf round trip (events hold Longs and Uint8Arrays). */
function copy(events: readonly HistoryEvent[]): HistoryEvent[] {
  return (History.decode(History.encode({ events: [...events] })).events ?? []) as HistoryEvent[];
}

/** Every single-place change of `events` the CHANGES apply to. */
export function historyMutationsOf(events: readonly HistoryEvent[]): HistoryMutation[] {
  const out: HistoryMutation[] = [];
  events.forEach((event, i) => {
    if (event.eventType === ET.WorkflowExecutionStarted && i !== 0) return;
    for (const change of CHANGES) {
      const mutated = copy(events);
      const what = change(mutated[i]!);
      if (what)
        out.push({
          name: `@${eventIdOf(event)} ${eventTypeName(event)}: ${what}`,
          events: mutated,
        });
    }
  });
  return out;
}
