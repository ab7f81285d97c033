/**
 * Parity with @temporalio/workflow for code ported from a Temporal worker, on a real component
 * built from ./workflows/parity.ts (which imports '@temporalio/workflow' and '@temporalio/common').
 * Expectations come from the TypeScript SDK's documented behaviour and source (packages/common
 * failure.ts, packages/workflow internals.ts), written by hand.
 */
import Long from 'long';
import { describe, expect, it } from 'vitest';
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

const PARITY = 'test/sdk/workflows/parity.ts';

async function run(options: RunOptions) {
  return new TestRun(await component(PARITY), options);
}

function workflowLogs(r: TestRun) {
  return r.driver.trace.flatMap((e) =>
    e.type === 'log' && e.source === 'workflow'
      ? [{ level: e.level, message: e.text, attributes: e.attributes }]
      : [],
  );
}

describe('a workflow ported from a Temporal worker', () => {
  it("builds with '@temporalio/workflow' and '@temporalio/common' imports, and has the enum constants", async () => {
    const r = await run({ workflowType: 'enumValues' });
    // Values as the TS SDK defines them (packages/common, packages/workflow interfaces.ts).
    expect(result(await r.start())).toEqual({
      activityCancellation: 'ABANDON',
      childCancellation: 'WAIT_CANCELLATION_REQUESTED',
      parentClose: 'REQUEST_CANCEL',
      idReuse: 'REJECT_DUPLICATE',
      retryState: 'MAXIMUM_ATTEMPTS_REACHED',
      timeoutType: 'HEARTBEAT',
      category: 'BENIGN',
      unfinished: 'ABANDON',
      sameFailureClass: true,
    });
  });

  it('encodes an enum constant in the command it configures', async () => {
    const r = await run({ workflowType: 'activityFailureShape' });
    // coresdk.workflow_commands.ActivityCancellationType: WAIT_CANCELLATION_COMPLETED = 1.
    expect(commands(await r.start())).toMatchObject([
      { scheduleActivity: { cancellationType: 'WAIT_CANCELLATION_COMPLETED' } },
    ]);
  });
});

describe('failures as the TypeScript SDK shapes them', () => {
  it('leaves unspecified retry state and timeout type undefined, and rootCause is the root message', async () => {
    const r = await run({ workflowType: 'activityFailureShape' });
    await r.start();
    const timedOut = {
      message: 'Activity task timed out',
      activityFailureInfo: { activityType: { name: 'step' }, activityId: '1' },
      cause: { message: 'activity Heartbeat timeout', timeoutFailureInfo: {} },
    };
    expect(kinds(await r.activate([job.activityFailed(1, timedOut)]))).toEqual([
      'scheduleActivity',
    ]);
    const failedTwice = {
      message: 'Activity task failed',
      activityFailureInfo: {
        activityType: { name: 'step' },
        activityId: '2',
        retryState: 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED' as never,
      },
      cause: {
        message: 'could not write',
        applicationFailureInfo: { type: 'IOError' },
        cause: { message: 'disk full', applicationFailureInfo: { type: 'ENOSPC' } },
      },
    };
    expect(result(await r.activate([job.activityFailed(2, failedTwice)]))).toEqual([
      // RETRY_STATE_UNSPECIFIED and TIMEOUT_TYPE_UNSPECIFIED decode to undefined; a
      // TimeoutFailure carries no cause (as the TS SDK decodes it), so it is the root.
      {
        retryState: 'undefined',
        timeoutType: 'undefined',
        rootCause: 'activity Heartbeat timeout',
      },
      // rootCause follows TemporalFailure causes to the innermost message.
      { retryState: 'MAXIMUM_ATTEMPTS_REACHED', timeoutType: 'no timeout', rootCause: 'disk full' },
    ]);
  });

  it('ApplicationFailure.fromError: constructor name as type, overrides applied, also to a decoded failure', async () => {
    const r = await run({ workflowType: 'fromErrorShapes' });
    expect(kinds(await r.start())).toEqual(['scheduleActivity']);
    const failed = commands(
      await r.activate([job.activityFailed(1, activityFailure('step', 'no carrier', 'Carrier'))]),
    );
    expect(failed).toMatchObject([
      {
        failWorkflowExecution: {
          failure: {
            applicationFailureInfo: { type: 'ShippingFailed', nonRetryable: true },
          },
        },
      },
    ]);
    const { message } = (failed[0] as { failWorkflowExecution: { failure: { message: string } } })
      .failWorkflowExecution.failure;
    expect(JSON.parse(message.replace('shipping failed: ', ''))).toEqual({
      // A subclass that does not set `name` is still typed by its constructor.
      plain: { message: 'out of stock', type: 'InventoryError' },
      // A thrown non-object has no type.
      text: { message: 'just text', type: 'undefined' },
      overridden: { same: true, type: 'Overridden', nonRetryable: true },
      rootCauseOfText: 'plain text',
      rootCauseOfNumber: 'undefined',
    });
  });
});

describe('default handlers', () => {
  it('take signals, queries and updates that have no handler of their own', async () => {
    const r = await run({ workflowType: 'defaultHandlers' });
    expect(commands(await r.start())).toEqual([]);
    expect(commands(await r.activate([job.signal('poke', 1, 2)]))).toEqual([]);
    expect(commands(await r.activate([job.query('q1', 'count', 'x')]))).toMatchObject([
      {
        respondToQuery: {
          queryId: 'q1',
          succeeded: { response: { payload: 'query count(x): 1' } },
        },
      },
    ]);
    expect(commands(await r.activate([job.update('u1', 'bump', ['y'])]))).toMatchObject([
      { updateResponse: { protocolInstanceId: 'protocol-u1', accepted: {} } },
      { updateResponse: { protocolInstanceId: 'protocol-u1', completed: { payload: 2 } } },
    ]);
    expect(result(await r.activate([job.signal('finish')]))).toEqual([
      'signal poke(1, 2)',
      'update bump(y)',
    ]);
  });

  it('never route a __temporal_ name to the default query or update handler', async () => {
    const r = await run({ workflowType: 'defaultHandlers' });
    await r.start();
    expect(commands(await r.activate([job.query('q1', '__temporal_secret')]))).toMatchObject([
      {
        respondToQuery: { queryId: 'q1', failed: { message: expect.stringContaining('reserves') } },
      },
    ]);
    const update = await r.activate([job.update('u1', '__temporal_secret', [])]);
    expect(update.status).toBe('failed');
  });
});

describe('queries answered within the activation', () => {
  it('fail a query whose handler returns a Promise, as the TS SDK does', async () => {
    const r = await run({ workflowType: 'defaultHandlers' });
    await r.start();
    expect(commands(await r.activate([job.query('q1', 'later')]))).toMatchObject([
      {
        respondToQuery: {
          queryId: 'q1',
          failed: {
            message:
              'The handler of query "later" returned a Promise; query handlers must be synchronous',
          },
        },
      },
    ]);
  });

  it('fail a query whose handleQuery interceptor is async, saying so', async () => {
    const loaded = await component(PARITY, {
      interceptors: ['test/sdk/workflows/async-query-interceptor.ts'],
    });
    const r = new TestRun(loaded, { workflowType: 'defaultHandlers' });
    await r.start();
    expect(commands(await r.activate([job.query('q1', 'count')]))).toMatchObject([
      {
        respondToQuery: {
          queryId: 'q1',
          failed: {
            message: expect.stringContaining(
              'A handleQuery interceptor returned a Promise for query "count"',
            ),
          },
        },
      },
    ]);
  });
});

describe('unfinished handlers', () => {
  const startTwoUpdates = async (waitForHandlers: boolean) => {
    const r = await run({ workflowType: 'unfinishedHandlers', args: [waitForHandlers] });
    expect(commands(await r.start())).toEqual([]);
    return {
      r,
      completion: await r.activate([
        job.update('u1', 'slow', ['a']),
        job.update('u2', 'quiet', ['b']),
      ]),
    };
  };

  it('warns about abandoned WARN_AND_ABANDON handlers when the workflow completes', async () => {
    const { r, completion } = await startTwoUpdates(false);
    expect(kinds(completion)).toEqual([
      'updateResponse',
      'updateResponse',
      'completeWorkflowExecution',
    ]);
    expect(result(completion)).toBe('ended with handlers finished: false');
    const warnings = workflowLogs(r).filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain('update handlers were still running');
    // The ABANDON handler ("quiet") is not named.
    expect(warnings[0]!.attributes).toMatchObject({
      unfinishedUpdates: [{ name: 'slow', id: 'u1' }],
    });
  });

  it('lets the workflow wait for its handlers with condition(allHandlersFinished)', async () => {
    const { r, completion } = await startTwoUpdates(true);
    expect(kinds(completion)).toEqual(['updateResponse', 'updateResponse']);
    expect(commands(await r.activate([job.signal('release')]))).toMatchObject([
      {
        updateResponse: {
          protocolInstanceId: 'protocol-u1',
          completed: { payload: 'slow a done' },
        },
      },
      {
        updateResponse: {
          protocolInstanceId: 'protocol-u2',
          completed: { payload: 'quiet b done' },
        },
      },
      { completeWorkflowExecution: { result: { payload: 'ended with handlers finished: true' } } },
    ]);
    expect(workflowLogs(r).filter((l) => l.level === 'warn')).toEqual([]);
  });
});

describe('Trigger', () => {
  it('resolves from a signal handler', async () => {
    const r = await run({ workflowType: 'triggered' });
    expect(commands(await r.start())).toEqual([]);
    expect(result(await r.activate([job.signal('go', 'now')]))).toBe('triggered with now');
  });

  it('rejects when its scope is cancelled, so a cancelled workflow ends cancelled', async () => {
    const r = await run({ workflowType: 'triggered' });
    await r.start();
    expect(kinds(await r.activate([job.cancel()]))).toEqual(['cancelWorkflowExecution']);
  });
});

describe('typed child workflows', () => {
  it('start by function or by name with the function as type parameter', async () => {
    const r = await run({ workflowType: 'typedChildren' });
    expect(commands(await r.start())).toMatchObject([
      {
        startChildWorkflowExecution: {
          seq: 1,
          workflowId: 'greet-1',
          workflowType: 'greet',
          input: [{ payload: 'ann' }, { payload: 2 }],
        },
      },
    ]);
    await r.activate([job.childStarted(1, 'run-1')]);
    expect(commands(await r.activate([job.childCompleted(1, 'hello ann x2')]))).toMatchObject([
      {
        startChildWorkflowExecution: {
          seq: 2,
          workflowType: 'greet',
          input: [{ payload: 'bob' }, { payload: 1 }],
        },
      },
    ]);
    await r.activate([job.childStarted(2, 'run-2')]);
    expect(result(await r.activate([job.childCompleted(2, 'hello bob x1')]))).toBe(
      'hello ann x2; hello bob x1',
    );
  });
});

describe('options and run facts', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  /** A search attribute as the server sends it: JSON, typed in its metadata. */
  const attribute = (type: string, json: string) => ({
    metadata: { encoding: utf8('json/plain'), type: utf8(type) },
    data: utf8(json),
  });

  it('sends priority, search attributes and details, and reads them back in workflowInfo()', async () => {
    const r = await run({
      workflowType: 'optionsAndInfo',
      init: {
        attempt: 2,
        searchAttributes: {
          indexedFields: {
            CustomKeywordField: attribute('Keyword', '"gold"'),
            CustomKeywordListField: attribute('KeywordList', '["a","b"]'),
            CustomDatetimeField: attribute('Datetime', '"2026-01-01T12:00:00Z"'),
          },
        },
        rootWorkflow: { workflowId: 'root-wf', runId: 'root-run' },
        retryPolicy: {
          initialInterval: { seconds: Long.fromNumber(2) },
          backoffCoefficient: 1.5,
          maximumAttempts: 4,
          nonRetryableErrorTypes: ['Fatal'],
        },
        priority: { priorityKey: 3, fairnessKey: 'tenant-b' },
      },
      activation: { deploymentVersionForCurrentTask: { deploymentName: 'shop', buildId: 'b-42' } },
    });
    expect(commands(await r.start())).toMatchObject([
      { scheduleActivity: { priority: { priorityKey: 2 } } },
    ]);
    expect(commands(await r.activate([job.activityCompleted(1, 'ok')]))).toMatchObject([
      {
        startChildWorkflowExecution: {
          workflowId: 'greet-3',
          // The TS SDK writes each untyped search attribute as the JSON of its array.
          searchAttributes: {
            indexedFields: {
              CustomKeywordField: { payload: ['vip'] },
              CustomIntField: { payload: [7] },
            },
          },
          priority: { priorityKey: 1, fairnessKey: 'tenant-a', fairnessWeight: 2 },
        },
        userMetadata: { summary: { payload: 'greeting' }, details: { payload: '**Ann**, once' } },
      },
    ]);
    expect(result(await r.activate([job.childStarted(1, 'child-run')]))).toEqual({
      // Every value an array; Datetime values are Dates (here in their JSON form).
      searchAttributes: {
        CustomKeywordField: ['gold'],
        CustomKeywordListField: ['a', 'b'],
        CustomDatetimeField: ['2026-01-01T12:00:00.000Z'],
      },
      root: { workflowId: 'root-wf', runId: 'root-run' },
      retryPolicy: {
        initialInterval: 2000,
        backoffCoefficient: 1.5,
        maximumAttempts: 4,
        nonRetryableErrorTypes: ['Fatal'],
      },
      priority: { priorityKey: 3, fairnessKey: 'tenant-b' },
      currentBuildId: 'b-42',
    });
  });

  it('continues as new with search attributes', async () => {
    const r = await run({ workflowType: 'continueWithSearchAttributes' });
    expect(commands(await r.start())).toMatchObject([
      {
        continueAsNewWorkflowExecution: {
          searchAttributes: {
            indexedFields: { CustomDatetimeField: { payload: ['2026-01-02T00:00:00.000Z'] } },
          },
        },
      },
    ]);
  });
});
