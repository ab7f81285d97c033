/**
 * The seed plan's testing matrix, on a real component built from ./workflows/semantics.ts. Each
 * activation is what sdk-core would send for the history the previous commands make; expected
 * commands are written from Temporal's rules (sdk-core's command/event pairing and the
 * TypeScript SDK's documented semantics), never from this SDK's output.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationCompletion } from '../../src/engine/host/driver.ts';
import {
  activityFailure,
  commands,
  component,
  job,
  kinds,
  result,
  TestRun,
  type RunOptions,
} from './harness.ts';

const SEMANTICS = 'test/sdk/workflows/semantics.ts';
const INTERCEPTORS = { interceptors: ['test/sdk/workflows/interceptors.ts'] };
const load = () => component(SEMANTICS);

async function run(options: RunOptions) {
  return new TestRun(await load(), options);
}

function failedTask(completion: ActivationCompletion) {
  expect(completion.status).toBe('failed');
  if (completion.status !== 'failed') throw new Error('unreachable');
  return completion;
}

describe('determinism inside the guest', () => {
  it('draws Math.random, uuid4 and crypto from the seed, and reads time from the activation', async () => {
    const values = async (seed: number) => {
      const r = await run({ workflowType: 'randomness', seed, startMs: Date.UTC(2026, 4, 1) });
      expect(kinds(await r.start())).toEqual(['startTimer']);
      return result(await r.activate([job.fireTimer(1)], 60_000)) as {
        first: { random: number[]; uuid: string; now: number };
        date: string;
        afterTimer: { random: number; now: number; date: string };
      };
    };
    const a = await values(1);
    // Workflow time is the activation's timestamp: the start, then start + the 1 minute timer.
    expect(a.first.now).toBe(Date.UTC(2026, 4, 1));
    expect(a.date).toBe('2026-05-01T00:00:00.000Z');
    expect(a.afterTimer.now).toBe(Date.UTC(2026, 4, 1, 0, 1));
    expect(a.afterTimer.date).toBe('2026-05-01T00:01:00.000Z');
    expect(a.first.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    for (const x of [...a.first.random, a.afterTimer.random]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(await values(1)).toEqual(a);
    const b = await values(2);
    expect(b.first.random).not.toEqual(a.first.random);
    expect(b.first.uuid).not.toBe(a.first.uuid);
  });

  it('re-seeds Math.random on UpdateRandomSeed', async () => {
    const afterReseed = async (seed: number) => {
      const r = await run({ workflowType: 'randomness', seed: 1 });
      await r.start();
      return result(await r.activate([job.updateRandomSeed(seed), job.fireTimer(1)])) as {
        first: unknown;
        afterTimer: { random: number };
      };
    };
    const a = await afterReseed(100);
    const b = await afterReseed(200);
    expect(b.first).toEqual(a.first);
    expect(b.afterTimer.random).not.toBe(a.afterTimer.random);
    expect((await afterReseed(100)).afterTimer.random).toBe(a.afterTimer.random);
  });
});

describe('replay and fresh execution', () => {
  it('produce identical commands for the same activations', async () => {
    const drive = async (replaying: boolean) => {
      const r = await run({ workflowType: 'cart', replaying, seed: 3 });
      return [
        await r.start(),
        await r.activate([job.update('u1', 'addItem', ['apple', 2])]),
        await r.activate([job.activityCompleted(1, 'reserved')]),
        await r.activate([job.signal('checkout')]),
      ].map(commands);
    };
    const fresh = await drive(false);
    expect(fresh.flat().length).toBeGreaterThan(3);
    expect(await drive(true)).toEqual(fresh);
  });
});

describe('failures', () => {
  it('fails the workflow task, not the workflow, on an unexpected error', async () => {
    const r = await run({ workflowType: 'buggy', args: [false] });
    const completion = failedTask(await r.start());
    expect(completion.message).toBe('undefined is not a function (a bug in the workflow)');
    expect(completion.failure.applicationFailureInfo?.type).toBe('TypeError');
  });

  it('fails the workflow task after awaiting, too', async () => {
    const r = await run({ workflowType: 'buggy', args: [true] });
    expect(kinds(await r.start())).toEqual(['scheduleActivity']);
    failedTask(await r.activate([job.activityCompleted(1, 'ok')]));
  });

  it('fails the workflow on an ApplicationFailure, with its type, details and retryability', async () => {
    const r = await run({ workflowType: 'failing' });
    expect(commands(await r.start())).toMatchObject([
      {
        failWorkflowExecution: {
          failure: {
            message: 'order 42 cannot be shipped',
            applicationFailureInfo: {
              type: 'ShippingError',
              nonRetryable: true,
              details: { payloads: [{ payload: 42 }] },
            },
          },
        },
      },
    ]);
  });

  it('propagates an activity failure with its cause', async () => {
    const r = await run({ workflowType: 'activityFails' });
    await r.start();
    const failure = activityFailure('step', 'card declined', 'CardError', true);
    // Rethrown unchanged, the ActivityFailure fails the workflow with the failure core reported.
    expect(commands(await r.activate([job.activityFailed(1, failure)]))).toMatchObject([
      {
        failWorkflowExecution: {
          failure: {
            message: 'Activity task failed',
            activityFailureInfo: { activityType: { name: 'step' } },
            cause: {
              message: 'card declined',
              applicationFailureInfo: { type: 'CardError', nonRetryable: true },
            },
          },
        },
      },
    ]);
  });
});

describe('patches', () => {
  it('takes the new path and records a marker when not replaying', async () => {
    const r = await run({ workflowType: 'patchedWorkflow' });
    expect(commands(await r.start())).toMatchObject([
      { setPatchMarker: { patchId: 'new-step' } },
      { scheduleActivity: { activityType: 'step', arguments: [{ payload: 'new' }] } },
    ]);
  });

  it('takes the old path when replaying history without the marker', async () => {
    const r = await run({ workflowType: 'patchedWorkflow', replaying: true });
    expect(commands(await r.start())).toMatchObject([
      { scheduleActivity: { arguments: [{ payload: 'old' }] } },
    ]);
  });

  it('takes the new path when replaying history with the marker (NotifyHasPatch)', async () => {
    const r = await run({ workflowType: 'patchedWorkflow', replaying: true });
    expect(commands(await r.start([job.notifyHasPatch('new-step')]))).toMatchObject([
      { setPatchMarker: { patchId: 'new-step' } },
      { scheduleActivity: { arguments: [{ payload: 'new' }] } },
    ]);
  });

  it('records a deprecated marker for deprecatePatch', async () => {
    const r = await run({ workflowType: 'deprecatedPatchWorkflow' });
    expect(commands(await r.start())).toMatchObject([
      { setPatchMarker: { patchId: 'new-step', deprecated: true } },
      { scheduleActivity: { arguments: [{ payload: 'new' }] } },
    ]);
  });
});

describe('timers and cancellation', () => {
  it('cancels a timer when its scope is cancelled', async () => {
    const r = await run({ workflowType: 'timerCancel' });
    expect(commands(await r.start())).toMatchObject([
      { startTimer: { seq: 1, startToFireTimeout: { seconds: 3600 } } },
      { startTimer: { seq: 2, startToFireTimeout: { seconds: 1 } } },
    ]);
    const done = await r.activate([job.fireTimer(2)], 1000);
    expect(commands(done)).toMatchObject([
      { cancelTimer: { seq: 1 } },
      { completeWorkflowExecution: { result: { payload: 'timer cancelled' } } },
    ]);
  });

  it('keeps the cancellation scope across await', async () => {
    const r = await run({ workflowType: 'scopeAcrossAwait' });
    // The scope's 10 s timeout timer, then the first sleep inside the scope.
    expect(commands(await r.start())).toMatchObject([
      { startTimer: { seq: 1, startToFireTimeout: { seconds: 10 } } },
      { startTimer: { seq: 2, startToFireTimeout: { seconds: 1 } } },
    ]);
    expect(commands(await r.activate([job.fireTimer(2)], 1000))).toMatchObject([
      { startTimer: { seq: 3, startToFireTimeout: { seconds: 3600 } } },
    ]);
    // The timeout fires: the hour-long sleep, started after an await, is in the scope too.
    expect(commands(await r.activate([job.fireTimer(1)], 9000))).toMatchObject([
      { cancelTimer: { seq: 3 } },
      { completeWorkflowExecution: { result: { payload: 'cancelled by timeout' } } },
    ]);
  });

  it('cancels the workflow: activity cancel requested, cleanup shielded, run cancelled', async () => {
    const r = await run({ workflowType: 'cancellable' });
    expect(kinds(await r.start())).toEqual(['scheduleActivity']);
    expect(commands(await r.activate([job.cancel()]))).toEqual([
      { requestCancelActivity: { seq: 1 } },
    ]);
    // Core resolves a TRY_CANCEL activity as cancelled right away.
    const cancelled = {
      message: 'Activity cancelled',
      activityFailureInfo: { activityType: { name: 'step' } },
      cause: { message: 'cancelled', canceledFailureInfo: {} },
    };
    expect(commands(await r.activate([job.activityCancelled(1, cancelled)]))).toMatchObject([
      { scheduleActivity: { seq: 2, activityType: 'compensate' } },
    ]);
    expect(kinds(await r.activate([job.activityCompleted(2)]))).toEqual([
      'cancelWorkflowExecution',
    ]);
  });
});

describe('signals and queries', () => {
  it('buffers signals until their handler is set, and answers queries from workflow state', async () => {
    const drive = async (replaying: boolean) => {
      const r = await run({ workflowType: 'signalsAndQueries', replaying });
      const outputs = [await r.start()];
      outputs.push(await r.activate([job.signal('approve', 'ann')]));
      outputs.push(await r.activate([job.query('q1', 'status', 'before')]));
      outputs.push(await r.activate([job.fireTimer(1)], 1000));
      outputs.push(await r.activate([job.query('q2', 'status', 'after')]));
      outputs.push(await r.activate([job.signal('approve', 'bob')]));
      return outputs.map(commands);
    };
    const fresh = await drive(false);
    expect(fresh).toMatchObject([
      [{ startTimer: { seq: 1 } }],
      [],
      [
        {
          respondToQuery: {
            queryId: 'q1',
            succeeded: { response: { payload: 'before: 0 approval(s)' } },
          },
        },
      ],
      [],
      [
        {
          respondToQuery: {
            queryId: 'q2',
            succeeded: { response: { payload: 'after: 1 approval(s)' } },
          },
        },
      ],
      [{ completeWorkflowExecution: { result: { payload: ['ann', 'bob'] } } }],
    ]);
    expect(await drive(true)).toEqual(fresh);
  });

  it('fails a query that has no handler, naming it', async () => {
    const r = await run({ workflowType: 'signalsAndQueries' });
    await r.start();
    expect(commands(await r.activate([job.query('q1', 'nope')]))).toMatchObject([
      {
        respondToQuery: {
          queryId: 'q1',
          failed: {
            message: 'Workflow did not register a handler for query "nope" (it has: status)',
          },
        },
      },
    ]);
  });

  it('resolves condition with a timeout to true when signalled first, false on timeout', async () => {
    const signalled = await run({ workflowType: 'conditionTimeout' });
    expect(kinds(await signalled.start())).toEqual(['startTimer']);
    expect(commands(await signalled.activate([job.signal('approve')]))).toMatchObject([
      { cancelTimer: { seq: 1 } },
      { completeWorkflowExecution: { result: { payload: true } } },
    ]);
    const timedOut = await run({ workflowType: 'conditionTimeout' });
    await timedOut.start();
    expect(result(await timedOut.activate([job.fireTimer(1)], 30_000))).toBe(false);
  });
});

describe('updates', () => {
  it('rejects in the validator, accepts, runs the handler as a routine and completes it', async () => {
    const r = await run({ workflowType: 'cart' });
    expect(commands(await r.start())).toEqual([]);
    const rejected = await r.activate([job.update('u1', 'addItem', ['apple', 0])]);
    expect(commands(rejected)).toMatchObject([
      {
        updateResponse: {
          protocolInstanceId: 'protocol-u1',
          rejected: { message: 'quantity must be positive, got 0' },
        },
      },
    ]);
    const accepted = await r.activate([job.update('u2', 'addItem', ['apple', 2])]);
    expect(commands(accepted)).toMatchObject([
      { updateResponse: { protocolInstanceId: 'protocol-u2', accepted: {} } },
      { scheduleActivity: { seq: 1, arguments: [{ payload: 'reserve apple (update u2)' }] } },
    ]);
    expect(commands(await r.activate([job.activityCompleted(1)]))).toMatchObject([
      { updateResponse: { protocolInstanceId: 'protocol-u2', completed: { payload: 2 } } },
    ]);
    expect(result(await r.activate([job.signal('checkout')]))).toEqual({ apple: 2 });
  });

  it('does not run the validator when core says so (replay of an accepted update)', async () => {
    const r = await run({ workflowType: 'cart', replaying: true });
    await r.start();
    expect(kinds(await r.activate([job.update('u1', 'addItem', ['apple', 0], false)]))).toEqual([
      'updateResponse',
      'scheduleActivity',
    ]);
  });

  it('rejects an update that has no handler', async () => {
    const r = await run({ workflowType: 'signalsAndQueries' });
    await r.start();
    expect(commands(await r.activate([job.update('u1', 'nope', [])]))).toMatchObject([
      { updateResponse: { rejected: { message: 'No registered handler for update: nope' } } },
    ]);
  });
});

describe('continue-as-new, child workflows, local activities, sagas', () => {
  it('continues as new with the next arguments', async () => {
    const r = await run({ workflowType: 'counter', args: [0] });
    await r.start();
    expect(commands(await r.activate([job.fireTimer(1)], 1000))).toMatchObject([
      {
        continueAsNewWorkflowExecution: {
          workflowType: 'counter',
          taskQueue: 'sdk-tests',
          arguments: [{ payload: 1 }],
        },
      },
    ]);
  });

  it('starts children, resolves their results and surfaces a child failure with its cause', async () => {
    const r = await run({ workflowType: 'parent' });
    expect(commands(await r.start())).toMatchObject([
      {
        startChildWorkflowExecution: {
          seq: 1,
          workflowId: 'child-1',
          workflowType: 'child',
          input: [{ payload: 'a' }],
          namespace: 'default',
          cancellationType: 'WAIT_CANCELLATION_COMPLETED',
        },
      },
    ]);
    expect(commands(await r.activate([job.childStarted(1, 'run-1')]))).toEqual([]);
    const second = commands(await r.activate([job.childCompleted(1, 'A')]));
    expect(second).toMatchObject([
      { startChildWorkflowExecution: { seq: 2, workflowType: 'child' } },
    ]);
    const childFailure = {
      message: 'Child Workflow execution failed',
      childWorkflowExecutionFailureInfo: { workflowType: { name: 'child' } },
      cause: { message: 'boom', applicationFailureInfo: { type: 'Error' } },
    };
    await r.activate([job.childStarted(2, 'run-2')]);
    expect(result(await r.activate([job.childFailed(2, childFailure)]))).toEqual({
      first: 'A',
      second: 'failed: boom',
      secondId: (second[0] as { startChildWorkflowExecution: { workflowId: string } })
        .startChildWorkflowExecution.workflowId,
    });
  });

  it('schedules local activities and turns a long backoff into a timer', async () => {
    const r = await run({ workflowType: 'localSteps' });
    expect(commands(await r.start())).toMatchObject([
      { scheduleLocalActivity: { seq: 1, activityType: 'quick', attempt: 1 } },
    ]);
    // Core asks lang to back off for 2 minutes before attempt 5: a timer, then a new schedule.
    expect(commands(await r.activate([job.localActivityBackoff(1, 5, 120_000)]))).toMatchObject([
      { startTimer: { seq: 1, startToFireTimeout: { seconds: 120 } } },
    ]);
    expect(commands(await r.activate([job.fireTimer(1)], 120_000))).toMatchObject([
      { scheduleLocalActivity: { seq: 2, activityType: 'quick', attempt: 5 } },
    ]);
    await r.activate([job.activityCompleted(2, 10, true)]);
    expect(result(await r.activate([job.activityCompleted(3, 20, true)]))).toBe(30);
  });

  it('compensates finished saga steps in reverse when a step fails', async () => {
    const r = await run({ workflowType: 'saga' });
    await r.start();
    await r.activate([job.activityCompleted(1, 'flight booked')]);
    const failed = await r.activate([job.activityFailed(2, activityFailure('step', 'no rooms'))]);
    expect(commands(failed)).toMatchObject([
      {
        scheduleActivity: {
          seq: 3,
          activityType: 'compensate',
          arguments: [{ payload: 'flight' }],
        },
      },
    ]);
    expect(commands(await r.activate([job.activityCompleted(3)]))).toMatchObject([
      {
        failWorkflowExecution: {
          failure: {
            message: 'trip not booked',
            applicationFailureInfo: {
              type: 'SagaFailed',
              details: { payloads: [{ payload: 'Activity task failed' }] },
            },
          },
        },
      },
    ]);
  });
});

describe('interceptors', () => {
  it('wrap inbound and outbound calls, add headers, and log to the host trace', async () => {
    const r = new TestRun(await component(SEMANTICS, INTERCEPTORS), {
      workflowType: 'counter',
      args: [2],
    });
    expect(kinds(await r.start())).toEqual(['startTimer']);
    const done = commands(await r.activate([job.fireTimer(1)], 1000));
    expect(done).toMatchObject([{ completeWorkflowExecution: { result: { payload: 2 } } }]);
    // The SDK's log records reach the host trace as workflow log lines, not as details.
    const logs = r.driver.trace.flatMap((e) =>
      e.type === 'log' && e.source === 'workflow'
        ? [{ message: e.text, attributes: e.attributes }]
        : [],
    );
    expect(r.driver.trace.some((e) => e.type === 'details')).toBe(false);
    expect(logs).toMatchObject([
      {
        message: 'execute',
        attributes: { traceId: 'trace-counter-test', workflowType: 'counter' },
      },
      { message: 'timer 1000 ms' },
    ]);
  });

  it('put the trace id header on activities and continue-as-new', async () => {
    const loaded = await component(SEMANTICS, INTERCEPTORS);
    const activity = new TestRun(loaded, { workflowType: 'patchedWorkflow' });
    expect(commands(await activity.start())).toMatchObject([
      { setPatchMarker: {} },
      { scheduleActivity: { headers: { 'trace-id': { payload: 'trace-patchedWorkflow-test' } } } },
    ]);
    const can = new TestRun(loaded, { workflowType: 'counter', args: [0] });
    await can.start();
    expect(commands(await can.activate([job.fireTimer(1)]))).toMatchObject([
      {
        continueAsNewWorkflowExecution: {
          headers: { 'trace-id': { payload: 'trace-counter-test' } },
        },
      },
    ]);
  });

  it('see queries synchronously and may change their answer', async () => {
    const r = new TestRun(await component(SEMANTICS, INTERCEPTORS), {
      workflowType: 'signalsAndQueries',
    });
    await r.start();
    expect(commands(await r.activate([job.query('q', 'status', 'now')]))).toMatchObject([
      { respondToQuery: { succeeded: { response: { payload: '[traced] now: 0 approval(s)' } } } },
    ]);
  });
});
