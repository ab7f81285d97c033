import { describe, expect, it } from 'vitest';
import { loadComponent } from '../../src/engine/host/component.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { helloComponent } from '../host/fixtures.ts';
import { HistoryBuilder } from '../history-builder.ts';

/** What a server records for examples/hello: one task that completes the run with the greeting. */
const helloHistory = () =>
  new HistoryBuilder()
    .started('greet', ['Temporal'])
    .workflowTask()
    .completed('Hello, Temporal! (from greet)').events;

describe('a replay session with the example component', () => {
  it('replays the history the example produces, with no divergence', async () => {
    const session = ReplaySession.open(helloHistory(), {
      kind: 'component',
      component: await loadComponent(await helloComponent()),
    });
    const steps = await session.runToEnd();
    expect(session.verdict).toEqual({ kind: 'ok' });
    expect(steps).toHaveLength(1);
    expect(steps[0]!.commands.map((c) => Object.keys(c))).toEqual([['completeWorkflowExecution']]);
    expect(session.driverTrace.some((e) => e.type === 'poll')).toBe(true);
  });

  it("reports where a changed history diverges, with sdk-core's message and both command lists", async () => {
    // History says the first task started a timer; the example completes instead.
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    const timer = b.timerStarted('1');
    b.timerFired('1', timer).workflowTask().completed('x');
    const session = ReplaySession.open(b.events, {
      kind: 'component',
      component: await loadComponent(await helloComponent()),
    });
    await session.runToDivergence();
    expect(session.verdict).toMatchObject({
      kind: 'nondeterminism',
      eventId: timer,
      eventType: 'TimerStarted',
    });
    expect(session.divergence).toMatchObject({
      kind: 'wrong-kind',
      message: `[TMPRL1100] Nondeterminism error: Complete workflow machine does not handle this event: HistoryEvent(id: ${timer}, TimerStarted)`,
      expected: [{ kind: 'StartTimer', detail: 'timer 1' }],
      actual: [{ kind: 'CompleteWorkflowExecution', detail: '' }],
      firstMismatch: 0,
    });
  });

  it('steps back by re-executing, arriving at the same state', async () => {
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    const timer = b.timerStarted('1');
    b.timerFired('1', timer).workflowTask().completed('x');
    const session = ReplaySession.open(b.events, { kind: 'echo' });
    await session.runToEnd();
    expect(session.verdict).toEqual({ kind: 'ok' });
    const all = session.steps.map((s) => s.activation);
    await session.stepBack();
    expect(session.steps.map((s) => s.activation)).toEqual(all.slice(0, -1));
    expect(session.done).toBe(false);
  });

  it('stops at a breakpoint on an event type', async () => {
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    const timer = b.timerStarted('1');
    b.timerFired('1', timer).workflowTask().completed('x');
    const session = ReplaySession.open(b.events, { kind: 'echo' });
    session.breakpoints.push({ kind: 'event-type', eventType: 'TimerFired' });
    const taken = await session.runToEnd();
    expect(taken.at(-1)!.activation.jobs?.[0]?.fireTimer).toBeTruthy();
  });
});
