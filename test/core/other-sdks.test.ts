/**
 * History-only replay of histories other SDKs recorded (the real Go and Java SDKs' recordings,
 * and one hand-built Go shape they lack): it must reach the end of every valid history, name each
 * marker for what it is, and say which checks could not apply, instead of calling them
 * nondeterminism.
 */
import { describe, expect, it } from 'vitest';
import { ET, eventIdOf } from '../../src/engine/core/events.ts';
import { replayEcho } from '../../src/engine/core/replay.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { groupWorkflowTasks } from '../../src/engine/history/workflow-tasks.ts';
import { determinismTable } from '../../src/engine/inspect/determinism.ts';
import { otherSdkHistories, recordedHistories } from '../fixtures/other-sdk-histories.ts';

const subject = (expected: string | RegExp) =>
  typeof expected === 'string' ? expected : expect.stringMatching(expected);

describe('history-only replay of other SDKs’ histories', () => {
  it('has recordings from both SDKs, with Java’s UUID timer ids among them', () => {
    const recorded = recordedHistories();
    expect(recorded.filter((h) => h.name.startsWith('go/')).length).toBe(2);
    expect(recorded.filter((h) => h.name.startsWith('java/')).length).toBe(2);
    // Java names every timer by UUID: one fired in each run, one cancelled in java-changes.
    expect(recorded.map((h) => h.foreignTimerIds.length)).toEqual([0, 0, 2, 1]);
  });

  for (const h of otherSdkHistories()) {
    it(`${h.name} replays to its last event, its markers shown, unchecked parts named`, async () => {
      const session = ReplaySession.open(h.events, { kind: 'echo' });
      await session.runToEnd();
      expect(session.verdict).toEqual({ kind: 'ok' });
      // The last task ran, and its completion matched the history's closing events.
      const lastStarted = h.events.findLast((e) => e.eventType === ET.WorkflowTaskStarted)!;
      expect(session.steps.at(-1)?.wftStartedEventId).toBe(eventIdOf(lastStarted));
      expect(session.notChecked.map((n) => n.subject)).toEqual([
        ...h.markers.map(subject),
        ...h.foreignTimerIds.map((id) => `timer id ${JSON.stringify(id)}`),
      ]);
      expect(
        session.notChecked.every((n) => /no check applies|does not apply/.test(n.reason)),
      ).toBe(true);
      expect(replayEcho(h.events).verdict).toEqual({ kind: 'ok' });
    });
  }

  it('the determinism table shows their markers and the Java timer as not checked, not as differing', async () => {
    const java = recordedHistories().find((h) => h.name.startsWith('java/java-greeting'))!;
    const session = ReplaySession.open(java.events, { kind: 'echo' });
    await session.runToEnd();
    const task = groupWorkflowTasks([...java.events]).tasks[0]!;
    const table = determinismTable({
      task: 0,
      wftStartedEventId: task.startedEventId!,
      commandEvents: task.commandEvents,
      steps: session.steps
        .filter((s) => s.wftStartedEventId === task.startedEventId)
        .map((s) => ({ index: s.index, commands: s.commands })),
      finished: true,
      notChecked: session.notChecked,
    });
    // Version, SideEffect, MutableSideEffect, LocalActivity markers, then the UUID timer.
    expect(table.rows.map((r) => r.status)).toEqual(Array(5).fill('not-checked'));
    expect(table.firstMismatch).toBeUndefined();
    expect(table.rows[0]!.notChecked?.subject).toBe(java.markers[0]);
    expect(table.rows[4]!.notChecked?.subject).toBe(`timer id "${java.foreignTimerIds[0]}"`);
  });
});
