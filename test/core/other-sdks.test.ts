/**
 * History-only replay of histories other SDKs recorded (Go- and Java-shaped fixtures, hand-built
 * from those SDKs' marker shapes): it must reach the end of every valid history, name each marker
 * for what it is, and say which checks could not apply, instead of calling them nondeterminism.
 */
import { describe, expect, it } from 'vitest';
import { ET, eventIdOf } from '../../src/engine/core/events.ts';
import { replayEcho } from '../../src/engine/core/replay.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { groupWorkflowTasks } from '../../src/engine/history/workflow-tasks.ts';
import { determinismTable } from '../../src/engine/inspect/determinism.ts';
import { otherSdkHistories } from '../fixtures/other-sdk-histories.ts';

describe('history-only replay of other SDKs’ histories', () => {
  for (const h of otherSdkHistories()) {
    it(`${h.name} replays to its last event, its markers shown, unchecked parts named`, async () => {
      const session = ReplaySession.open(h.events, { kind: 'echo' });
      await session.runToEnd();
      expect(session.verdict).toEqual({ kind: 'ok' });
      // The last task ran, and its completion matched the history's closing events.
      const lastStarted = h.events.findLast((e) => e.eventType === ET.WorkflowTaskStarted)!;
      expect(session.steps.at(-1)?.wftStartedEventId).toBe(eventIdOf(lastStarted));
      expect(session.notChecked.map((n) => n.subject)).toEqual([
        ...h.markers,
        ...h.foreignTimerIds.map((id) => `timer id ${JSON.stringify(id)}`),
      ]);
      expect(
        session.notChecked.every((n) => /no check applies|does not apply/.test(n.reason)),
      ).toBe(true);
      expect(replayEcho(h.events).verdict).toEqual({ kind: 'ok' });
    });
  }

  it('the determinism table shows their markers and the Java timer as not checked, not as differing', async () => {
    const java = otherSdkHistories()[1]!;
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
    expect(table.rows.map((r) => r.status)).toEqual(Array(5).fill('not-checked'));
    expect(table.firstMismatch).toBeUndefined();
    expect(table.rows[0]!.notChecked?.subject).toBe(java.markers[0]);
  });
});
