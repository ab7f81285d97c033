/**
 * How Nexus events read in the inspector, the timeline and a divergence: expectations written from
 * the generated histories' own fields (endpoint, service, operation, token, failures).
 */
import { describe, expect, it } from 'vitest';
import { linkEvents } from '../../src/engine/history/index.ts';
import { summarizeHistoryEvent } from '../../src/engine/inspect/event-summary.ts';
import { jobView } from '../../src/engine/inspect/timeline.ts';
import { replay, replayEcho } from '../../src/engine/core/replay.ts';
import { HistoryEcho } from '../../src/engine/core/echo.ts';
import {
  buildDivergence,
  summarizeCommand,
  summarizeEvent,
} from '../../src/engine/session/divergence.ts';
import { nexusHistories } from '../oracle/fixtures/nexus-histories.ts';

const history = (name: string) => nexusHistories().find((h) => h.name === `nexus/${name}`)!.events;
const mixed = history('Nexus operations mixed with an activity and a timer');
const cancelled = history('cancel, waiting for the operation to complete as canceled');

describe('Nexus events in the event list', () => {
  it('name the operation, its token, its result or what went wrong', () => {
    const summary = (id: number) => summarizeHistoryEvent(mixed[id - 1]!);
    expect(summary(7)).toBe('payments.charge · endpoint billing-endpoint · "order-17"');
    expect(summary(14)).toBe('← 7 · token token-charge-9');
    expect(summary(22)).toBe('← 7 · "r-9"');
    // The server's wrapper message says nothing by itself; the handler's failure is the cause.
    expect(summary(21)).toBe(
      '← 20 · nexus operation completed unsuccessfully: NoCourier: no courier',
    );
    expect(summarizeHistoryEvent(cancelled[15]!)).toBe('← 5');
  });

  it('link each operation to the events that followed it, keyed by its token', () => {
    const links = linkEvents(cancelled, []);
    const chain = links.chains[links.chainByEventId.get(20)!]!;
    expect(chain).toEqual({
      kind: 'nexus-operation',
      rootEventId: 5,
      eventIds: [5, 7, 15, 16, 20],
      key: 'token-charge-1',
      lastEventType: 'NexusOperationCanceled',
    });
    expect(links.recordedBy.get(15)).toBe(14);
  });
});

describe('Nexus commands and jobs', () => {
  it('compare a scheduled event and its command row by row, cancels included', () => {
    const echo = new HistoryEcho(cancelled);
    const [schedule] = echo.commandsFor(3);
    expect(summarizeEvent(cancelled[4]!)).toEqual({
      kind: 'ScheduleNexusOperation',
      detail: 'payments.charge (endpoint billing-endpoint)',
    });
    expect(summarizeCommand(schedule!)).toEqual(summarizeEvent(cancelled[4]!));
    expect(summarizeEvent(cancelled[14]!)).toEqual({
      kind: 'RequestCancelNexusOperation',
      detail: '',
    });
    expect(summarizeCommand({ requestCancelNexusOperation: { seq: 1 } })).toEqual({
      kind: 'RequestCancelNexusOperation',
      detail: '',
    });
  });

  it('show how each resolution went', () => {
    const { steps } = replayEcho(mixed);
    const views = steps.flatMap((s) => (s.activation.jobs ?? []).map(jobView));
    expect(views).toContainEqual({ kind: 'ResolveNexusOperationStart', detail: '#2 startedSync' });
    expect(views).toContainEqual({ kind: 'ResolveNexusOperationStart', detail: '#3 failed' });
    expect(views).toContainEqual({ kind: 'ResolveNexusOperation', detail: '#1 completed' });
  });

  it('explain a dropped Nexus command as a missing command at its scheduled event', () => {
    const echo = new HistoryEcho(mixed);
    let dropped: ReturnType<HistoryEcho['commandsFor']> = [];
    const { verdict } = replay(mixed, (step) => {
      const commands = echo.commandsFor(step.wftStartedEventId);
      if (step.wftStartedEventId !== 3) return commands;
      dropped = commands.filter((c) => c.scheduleNexusOperation?.seq !== 1);
      return dropped;
    });
    expect(verdict).toMatchObject({ kind: 'nondeterminism', eventId: 8 });
    const d = buildDivergence(
      verdict.kind === 'nondeterminism' ? verdict.message : '',
      mixed,
      3,
      dropped,
      mixed[7],
    );
    // History: activity, timer, charge, quote; the code: activity, timer, quote. sdk-core does not
    // compare Nexus names, so quote's command takes charge's event (7) and quote's own event (8)
    // finds no command left; the table still shows row 2 as the first that differs.
    expect(d.expected.map((r) => r.detail)).toEqual([
      'reserveStock (activity id 1)',
      'timer 1',
      'payments.charge (endpoint billing-endpoint)',
      'payments.quote (endpoint billing-endpoint)',
    ]);
    expect(d.firstMismatch).toBe(2);
    expect(d.kind).toBe('missing-command');
  });
});
