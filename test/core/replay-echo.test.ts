import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ET, eventIdOf } from '../../src/engine/core/events.ts';
import Long from 'long';
import { HistoryEcho } from '../../src/engine/core/echo.ts';
import { replay, replayEcho } from '../../src/engine/core/replay.ts';
import { History } from '../../src/engine/proto/index.ts';
import { newHistoryEvent, type HistoryEvent } from '../../src/engine/history/events.ts';
import { historiesDir } from '../paths.ts';

type Event = HistoryEvent;

function binaryHistories(): Array<[string, Event[]]> {
  return ['sdk-core', 'sdk-typescript'].flatMap((dir) =>
    readdirSync(historiesDir(dir))
      .filter((f) => f.endsWith('.bin'))
      .map((f): [string, Event[]] => [
        f,
        (History.decode(readFileSync(join(historiesDir(dir), f))).events ?? []) as Event[],
      ]),
  );
}

describe('replaying real histories with the commands they recorded (echo)', () => {
  for (const [name, events] of binaryHistories()) {
    it(`${name} replays without nondeterminism`, () => {
      const { verdict, steps } = replayEcho(events);
      expect(verdict).toEqual({ kind: 'ok' });
      // Every activation but queries carries a timestamp from a WorkflowTaskStarted (or the start).
      expect(steps.length).toBeGreaterThan(0);
      expect(steps[0]!.activation.jobs?.[0]?.initializeWorkflow?.workflowType).toBe(
        events[0]!.workflowExecutionStartedEventAttributes?.workflowType?.name,
      );
    });
  }
});

describe('histories cut short', () => {
  it('WorkflowExecutionStarted alone activates nothing (sdk-core takes a one-event remainder for "replay over")', () => {
    // sdk-core's replay worker sends nothing for it either (test/oracle/failures.test.ts, silent-core).
    const [, events] = binaryHistories().find(([n]) => n === 'timer_workflow_history.bin')!;
    expect(replayEcho(events.slice(0, 1))).toEqual({ steps: [], verdict: { kind: 'ok' } });
  });
});

describe('nondeterminism is found where sdk-core finds it', () => {
  const timer = binaryHistories().find(([n]) => n === 'timer_workflow_history.bin')![1];
  const started = timer.find((e) => e.eventType === ET.TimerStarted)!;

  it('a command event with no command: "No command scheduled for event"', () => {
    // Rule (workflow_machines.rs handle_command_event): a command event meets an empty queue.
    const echo = new HistoryEcho(timer);
    const { verdict } = replay(timer, (step) =>
      echo.commandsFor(step.wftStartedEventId).filter((c) => !c.startTimer),
    );
    expect(verdict).toMatchObject({
      kind: 'nondeterminism',
      eventId: eventIdOf(started),
      message: `[TMPRL1100] Nondeterminism error: No command scheduled for event HistoryEvent(id: ${eventIdOf(started)}, TimerStarted)`,
    });
  });

  it('a fired timer whose id differs from the command: timer id mismatch', () => {
    // Rule (timer_state_machine.rs on_timer_fired): TimerFired.timerId must equal the command's seq.
    const mutated = timer.map((e) =>
      e.eventType === ET.TimerFired
        ? newHistoryEvent({
            ...e.toJSON(),
            eventType: e.eventType,
            timerFiredEventAttributes: { ...e.timerFiredEventAttributes, timerId: '99' },
          })
        : e,
    );
    const { verdict } = replayEcho(mutated);
    expect(verdict.kind).toBe('nondeterminism');
    const timerId = started.timerStartedEventAttributes!.timerId;
    expect(verdict.kind !== 'ok' && verdict.message).toContain(
      `Timer fired event did not have expected timer id ${timerId}, it was 99!`,
    );
  });

  it('an activity where history has a timer: the timer machine rejects the event', () => {
    // Rule (machines/mod.rs handle_event + timer TryFrom): wrong machine kind for the event.
    const echo = new HistoryEcho(timer);
    const { verdict } = replay(timer, (step) =>
      echo.commandsFor(step.wftStartedEventId).map((c) =>
        c.startTimer
          ? {
              scheduleActivity: {
                seq: 1,
                activityId: '1',
                activityType: 'a',
                startToCloseTimeout: { seconds: Long.fromNumber(1) },
              },
            }
          : c,
      ),
    );
    expect(verdict.kind !== 'ok' && verdict.message).toBe(
      `[TMPRL1100] Nondeterminism error: Activity machine does not handle this event: HistoryEvent(id: ${eventIdOf(started)}, TimerStarted)`,
    );
  });
});
