/**
 * The routine model as the host sees it (trace of activate / poll-routine calls): which routines
 * start for which jobs, how poll passes report progress, and how handler failures surface.
 * Expectations follow the upstream host contract (DESIGN.md §4) and the TypeScript SDK's rules for
 * handler failures.
 */
import { describe, expect, it } from 'vitest';
import type { CallEntry } from '../../src/engine/host/trace.ts';
import { commands, component, job, kinds, result, TestRun } from './harness.ts';

const load = () => component('test/sdk/workflows/semantics.ts');

/** The poll calls of activation `index`: routine, pass, progress and what it returned. */
function polls(run: TestRun, index: number) {
  return run.driver.trace
    .filter((e): e is CallEntry => e.type === 'poll' && e.activation === index)
    .map((e) => ({
      routine: e.routine?.kind,
      pass: e.pass,
      madeProgress: e.madeProgress,
      outcome: e.outcome,
    }));
}

describe('routines', () => {
  it('delivers a signal and an update that arrive with the first workflow task', async () => {
    const r = new TestRun(await load(), { workflowType: 'firstTaskMessages' });
    // The signal waits in the buffer until the workflow registers its handler; the update is
    // validated once the workflow function has registered its handler, then runs as a routine.
    const first = await r.start([
      job.signal('approve', 'ann'),
      job.update('u1', 'addItem', ['apple', 1]),
    ]);
    expect(commands(first)).toMatchObject([
      { updateResponse: { protocolInstanceId: 'protocol-u1', accepted: {} } },
      { updateResponse: { protocolInstanceId: 'protocol-u1', completed: { payload: 2 } } },
    ]);
    // The update completing is progress, so the host makes one more pass, which finds none.
    expect(polls(r, 0)).toEqual([
      { routine: 'update', pass: 0, madeProgress: true, outcome: 'update: completed' },
      { routine: 'main', pass: 0, madeProgress: false, outcome: 'main: blocked' },
      { routine: 'main', pass: 1, madeProgress: false, outcome: 'main: blocked' },
    ]);
    const second = await r.activate([job.signal('approve', 'bob')]);
    expect(result(second)).toEqual(['signal ann', 'update apple x1', 'signal bob']);
    expect(polls(r, 1)).toEqual([
      { routine: 'signal', pass: 0, madeProgress: true, outcome: 'signal: succeeded' },
      { routine: 'main', pass: 0, madeProgress: true, outcome: 'terminal: completed' },
    ]);
  });

  it('reports progress while code runs and stops the passes when the workflow is blocked', async () => {
    const r = new TestRun(await load(), { workflowType: 'saga' });
    await r.start();
    // Resolving the first step wakes the workflow, which schedules the next step (as activate
    // returns): pass 0 reports that progress, pass 1 finds nothing new and ends the loop.
    expect(kinds(await r.activate([job.activityCompleted(1, 'ok')]))).toEqual(['scheduleActivity']);
    expect(polls(r, 1)).toEqual([
      { routine: 'main', pass: 0, madeProgress: true, outcome: 'main: blocked' },
      { routine: 'main', pass: 1, madeProgress: false, outcome: 'main: blocked' },
    ]);
  });

  it('reports no progress when an activation wakes nothing', async () => {
    const r = new TestRun(await load(), { workflowType: 'signalsAndQueries' });
    await r.start();
    // No handler is registered yet: the signal is buffered, no workflow code runs.
    expect(commands(await r.activate([job.signal('approve', 'ann')]))).toEqual([]);
    expect(polls(r, 1)).toEqual([
      { routine: 'main', pass: 0, madeProgress: false, outcome: 'main: blocked' },
    ]);
  });

  it('fails the workflow when a signal handler throws an ApplicationFailure', async () => {
    const r = new TestRun(await load(), { workflowType: 'firstTaskMessages' });
    await r.start();
    expect(commands(await r.activate([job.signal('fail', 'application')]))).toMatchObject([
      {
        failWorkflowExecution: {
          failure: { message: 'signal refused', applicationFailureInfo: { type: 'Refused' } },
        },
      },
    ]);
  });

  it('fails the workflow task when a signal handler has a bug', async () => {
    const r = new TestRun(await load(), { workflowType: 'firstTaskMessages' });
    await r.start();
    const completion = await r.activate([job.signal('fail', 'bug')]);
    expect(completion).toMatchObject({ status: 'failed', message: 'signal handler bug' });
    expect(polls(r, 1)[0]).toMatchObject({ routine: 'signal', outcome: 'signal: failed' });
  });

  it('fails the workflow task when an update handler has a bug', async () => {
    const r = new TestRun(await load(), { workflowType: 'firstTaskMessages' });
    await r.start();
    const completion = await r.activate([job.update('u1', 'explode', [])]);
    expect(completion).toMatchObject({ status: 'failed', message: 'update handler bug' });
  });
});

describe('workflow functions', () => {
  it('may return a value without being async', async () => {
    const r = new TestRun(await load(), { workflowType: 'syncResult', args: [21] });
    expect(result(await r.start())).toBe(42);
  });

  it('run queueMicrotask callbacks as workflow code', async () => {
    const r = new TestRun(await load(), { workflowType: 'microtasks' });
    expect(result(await r.start())).toBe('microtasks');
  });
});

describe('nondeterministic APIs', () => {
  it.each(['fetch', 'WeakRef', 'setInterval'])('%s fails the workflow task', async (api) => {
    const r = new TestRun(await load(), { workflowType: 'forbiddenApi', args: [api] });
    const completion = await r.start();
    expect(completion.status).toBe('failed');
    if (completion.status !== 'failed') return;
    expect(completion.message).toContain(`is not allowed in workflow code`);
    expect(completion.failure.applicationFailureInfo?.type).toBe('DeterminismViolationError');
  });

  it('turns setTimeout and clearTimeout into durable timers', async () => {
    const r = new TestRun(await load(), { workflowType: 'timeouts' });
    expect(commands(await r.start())).toMatchObject([
      { startTimer: { seq: 1, startToFireTimeout: { seconds: 5 } } },
      { startTimer: { seq: 2, startToFireTimeout: { seconds: 6 } } },
      { cancelTimer: { seq: 2 } },
    ]);
    expect(result(await r.activate([job.fireTimer(1)], 5000))).toEqual(['a']);
  });
});
