/**
 * Every example builds to a component (as `build-examples` builds it) and runs under the host
 * through a realistic run: the activations sdk-core would send for the history its commands make,
 * with activity results as the example's activities would return them. Expected commands are
 * derived by hand from the workflow code and Temporal's rules. Each script then runs again as a
 * replay (isReplaying) and must produce exactly the same commands.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationCompletion } from '../../src/engine/host/driver.ts';
import type { coresdk } from '../../src/engine/proto/index.ts';
import { listExamples } from '../../src/node/build/examples.ts';
import {
  activityFailure,
  commands,
  example,
  job,
  kinds,
  result,
  TestRun,
  type RunOptions,
} from './harness.ts';

type Job = coresdk.workflow_activation.IWorkflowActivationJob;

type Step = {
  jobs: Job[];
  advanceMs?: number;
  check: (completion: ActivationCompletion, run: TestRun) => void;
  /** Jobs core adds, first, when replaying the history this run made (NotifyHasPatch). */
  replayJobs?: Job[];
};

interface Script {
  run: RunOptions;
  steps: Step[];
}

const step = (jobs: Step['jobs'], check: Step['check'], advanceMs = 0): Step => ({
  jobs,
  check,
  advanceMs,
});

/** Plays a script; returns every activation's commands (for the replay comparison). */
async function play(id: string, script: Script, replaying: boolean): Promise<unknown[][]> {
  const run = new TestRun(await example(id), { ...script.run, replaying });
  const out: unknown[][] = [];
  for (const [
    i,
    { jobs: freshJobs, check, advanceMs, replayJobs = [] },
  ] of script.steps.entries()) {
    const jobs = replaying ? [...replayJobs, ...freshJobs] : freshJobs;
    const completion = i === 0 ? await run.start(jobs) : await run.activate(jobs, advanceMs);
    if (!replaying) check(completion, run);
    out.push(commands(completion));
  }
  return out;
}

const TRIP = { traveller: 'Ada', from: 'LHR', to: 'SFO' };
const DAY = 86_400_000;

function longLoopScript(iterations: number): Script {
  const steps: Step[] = [];
  let timers = 0;
  let activities = 0;
  let previous: coresdk.workflow_activation.IWorkflowActivationJob[] = [];
  for (let i = 1; i <= iterations; i++) {
    const checkpoint = i % 10 === 0;
    const seq = checkpoint ? ++activities : ++timers;
    steps.push(
      step(previous, (c) =>
        expect(commands(c)).toMatchObject([
          checkpoint
            ? {
                scheduleActivity: {
                  seq,
                  activityType: 'recordCheckpoint',
                  arguments: [{ payload: i }],
                },
              }
            : { startTimer: { seq, startToFireTimeout: { seconds: 1 } } },
        ]),
      ),
    );
    previous = [checkpoint ? job.activityCompleted(seq, i) : job.fireTimer(seq)];
  }
  steps.push(step(previous, (c) => expect(result(c)).toBe(Math.floor(iterations / 10))));
  return { run: { workflowType: 'longLoop', args: [iterations] }, steps };
}

const SCRIPTS: Record<string, Script> = {
  hello: {
    run: { workflowType: 'greet', args: ['Temporal'] },
    steps: [step([], (c) => expect(result(c)).toBe('Hello, Temporal! (from greet)'))],
  },
  'hello-activity': {
    run: { workflowType: 'greetWithActivity', args: ['Temporal'] },
    steps: [
      step([], (c) =>
        expect(commands(c)).toMatchObject([
          {
            scheduleActivity: {
              seq: 1,
              activityType: 'composeGreeting',
              arguments: [{ payload: 'Hello' }, { payload: 'Temporal' }],
              startToCloseTimeout: { seconds: 60 },
            },
          },
        ]),
      ),
      step([job.activityCompleted(1, 'Hello, Temporal!')], (c) =>
        expect(result(c)).toBe('Hello, Temporal!'),
      ),
    ],
  },
  'timers-cancellation': {
    run: { workflowType: 'chargeWithDeadline', args: ['order-1001', 4999] },
    steps: [
      // The reminder timer, the deadline timer of withTimeout, then the charge inside it.
      step([], (c) =>
        expect(commands(c)).toMatchObject([
          { startTimer: { seq: 1, startToFireTimeout: { seconds: 60 } } },
          { startTimer: { seq: 2, startToFireTimeout: { seconds: 300 } } },
          {
            scheduleActivity: {
              seq: 1,
              activityType: 'chargeCard',
              cancellationType: 'WAIT_CANCELLATION_COMPLETED',
            },
          },
        ]),
      ),
      step(
        [job.fireTimer(1)],
        (c) =>
          expect(commands(c)).toMatchObject([
            { scheduleActivity: { seq: 2, activityType: 'notifyCustomer' } },
          ]),
        60_000,
      ),
      step([job.activityCompleted(2)], (c) => expect(commands(c)).toEqual([])),
      // The deadline fires: the charge is asked to cancel and, with WAIT_CANCELLATION_COMPLETED,
      // the workflow waits for the activity to confirm.
      step(
        [job.fireTimer(2)],
        (c) => expect(commands(c)).toEqual([{ requestCancelActivity: { seq: 1 } }]),
        240_000,
      ),
      step(
        [
          job.activityCancelled(1, {
            message: 'Activity cancelled',
            activityFailureInfo: { activityType: { name: 'chargeCard' } },
            cause: { message: 'cancelled', canceledFailureInfo: {} },
          }),
        ],
        (c) =>
          expect(commands(c)).toMatchObject([
            {
              scheduleActivity: {
                seq: 3,
                activityType: 'notifyCustomer',
                arguments: [
                  { payload: 'order-1001' },
                  { payload: 'We could not charge your card in time' },
                ],
              },
            },
          ]),
      ),
      step([job.activityCompleted(3)], (c) => expect(result(c)).toBe('timed out')),
    ],
  },
  'signals-queries': {
    run: { workflowType: 'expenseApproval', args: ['expense-77'] },
    steps: [
      step([], (c) =>
        expect(commands(c)).toMatchObject([
          { startTimer: { seq: 1, startToFireTimeout: { seconds: 3 * 86_400 } } },
        ]),
      ),
      step([job.query('q1', 'status')], (c) =>
        expect(commands(c)).toMatchObject([
          {
            respondToQuery: {
              succeeded: { response: { payload: { expenseId: 'expense-77', state: 'waiting' } } },
            },
          },
        ]),
      ),
      step(
        [job.signal('approve', 'maria')],
        (c) =>
          expect(commands(c)).toMatchObject([
            { cancelTimer: { seq: 1 } },
            {
              scheduleActivity: {
                seq: 1,
                activityType: 'payExpense',
                arguments: [{ payload: 'expense-77' }],
              },
            },
          ]),
        DAY,
      ),
      step([job.activityCompleted(1, 'paid expense-77')], (c) =>
        expect(commands(c)).toMatchObject([
          {
            scheduleActivity: {
              seq: 2,
              activityType: 'notifySubmitter',
              arguments: [{ payload: 'expense-77' }, { payload: 'approved' }],
            },
          },
        ]),
      ),
      step([job.activityCompleted(2)], (c) =>
        expect(result(c)).toEqual({
          expenseId: 'expense-77',
          state: 'approved',
          decidedBy: 'maria',
        }),
      ),
    ],
  },
  updates: {
    run: { workflowType: 'shoppingCart', args: ['cart-5'] },
    steps: [
      step([], (c) => expect(commands(c)).toEqual([])),
      step([job.update('u1', 'addItem', [{ sku: 'tea', quantity: 0, priceCents: 350 }])], (c) =>
        expect(commands(c)).toMatchObject([
          {
            updateResponse: {
              protocolInstanceId: 'protocol-u1',
              rejected: { message: 'Quantity must be a positive integer, got 0' },
            },
          },
        ]),
      ),
      step([job.update('u2', 'addItem', [{ sku: 'tea', quantity: 2, priceCents: 350 }])], (c) =>
        expect(commands(c)).toMatchObject([
          { updateResponse: { protocolInstanceId: 'protocol-u2', accepted: {} } },
          {
            scheduleActivity: {
              seq: 1,
              activityType: 'reserveStock',
              arguments: [{ payload: 'tea' }, { payload: 2 }],
            },
          },
        ]),
      ),
      step([job.activityCompleted(1, true)], (c) =>
        expect(commands(c)).toMatchObject([
          { updateResponse: { protocolInstanceId: 'protocol-u2', completed: { payload: 700 } } },
        ]),
      ),
      step([job.query('q1', 'cart')], (c) =>
        expect(commands(c)).toMatchObject([
          {
            respondToQuery: {
              succeeded: { response: { payload: [{ sku: 'tea', quantity: 2, priceCents: 350 }] } },
            },
          },
        ]),
      ),
      step([job.signal('checkout')], (c) =>
        expect(commands(c)).toMatchObject([
          {
            scheduleActivity: {
              seq: 2,
              activityType: 'chargeCart',
              arguments: [{ payload: 'cart-5' }, { payload: 700 }],
            },
          },
        ]),
      ),
      step([job.activityCompleted(2, 'receipt-cart-5-700')], (c) =>
        expect(result(c)).toBe('receipt-cart-5-700'),
      ),
    ],
  },
  'patching-1-original': reminderScript('sendEmail', []),
  'patching-2-patched': reminderScript('sendSms', [
    { setPatchMarker: { patchId: 'sms-reminders' } },
  ]),
  'patching-3-deprecated': reminderScript('sendSms', [
    { setPatchMarker: { patchId: 'sms-reminders', deprecated: true } },
  ]),
  'patching-4-forgot-patch': reminderScript('sendSms', []),
  'child-workflows': {
    run: {
      workflowType: 'thumbnailBatch',
      args: [['https://example.com/a.png', 'ftp://example.com/b.png']],
    },
    steps: [
      // Promise.all starts both children in the same workflow task.
      step([], (c) =>
        expect(commands(c)).toMatchObject([
          {
            startChildWorkflowExecution: {
              seq: 1,
              workflowId: 'thumbnailBatch-test/image-0',
              workflowType: 'makeThumbnails',
              input: [{ payload: 'https://example.com/a.png' }],
              parentClosePolicy: 'PARENT_CLOSE_POLICY_REQUEST_CANCEL',
            },
          },
          { startChildWorkflowExecution: { seq: 2, workflowId: 'thumbnailBatch-test/image-1' } },
        ]),
      ),
      step([job.childStarted(1, 'child-run-1'), job.childStarted(2, 'child-run-2')], (c) =>
        expect(commands(c)).toEqual([]),
      ),
      step(
        [
          job.childFailed(2, {
            message: 'Child Workflow execution failed',
            childWorkflowExecutionFailureInfo: { workflowType: { name: 'makeThumbnails' } },
            cause: {
              message: 'Not an https URL: ftp://example.com/b.png',
              applicationFailureInfo: { type: 'BadUrl', nonRetryable: true },
            },
          }),
        ],
        (c) => expect(commands(c)).toEqual([]),
      ),
      step([job.childCompleted(1, 'a64 a128 a256')], (c) =>
        expect(result(c)).toEqual({ done: ['a64 a128 a256'], failed: ['ftp://example.com/b.png'] }),
      ),
    ],
  },
  'continue-as-new': {
    run: { workflowType: 'feedPoller', args: ['https://example.com/feed'] },
    steps: [
      step([], (c) =>
        expect(commands(c)).toMatchObject([
          {
            scheduleActivity: {
              seq: 1,
              activityType: 'fetchNewEntries',
              arguments: [{ payload: 'https://example.com/feed' }, { payload: 0 }],
            },
          },
        ]),
      ),
      ...Array.from({ length: 10 }, (_, poll): Step[] => [
        step([job.activityCompleted(poll + 1, [2 * poll + 1, 2 * poll + 2])], (c) =>
          expect(commands(c)).toMatchObject([
            { startTimer: { seq: poll + 1, startToFireTimeout: { seconds: 600 } } },
          ]),
        ),
        step(
          [job.fireTimer(poll + 1)],
          (c) =>
            expect(commands(c)).toMatchObject([
              poll < 9
                ? {
                    scheduleActivity: { seq: poll + 2, arguments: [{}, { payload: 2 * poll + 2 }] },
                  }
                : {
                    continueAsNewWorkflowExecution: {
                      workflowType: 'feedPoller',
                      arguments: [
                        { payload: 'https://example.com/feed' },
                        { payload: 20 },
                        { payload: 20 },
                      ],
                    },
                  },
            ]),
          600_000,
        ),
      ]).flat(),
    ],
  },
  saga: {
    run: { workflowType: 'bookTrip', args: [TRIP] },
    steps: [
      step([], (c) => expect(kinds(c)).toEqual(['scheduleActivity'])),
      step([job.activityCompleted(1, 'flight LHR-SFO')], (c) =>
        expect(commands(c)).toMatchObject([
          { scheduleActivity: { seq: 2, activityType: 'bookHotel' } },
        ]),
      ),
      step([job.activityCompleted(2, 'hotel in SFO')], (c) =>
        expect(commands(c)).toMatchObject([
          { scheduleActivity: { seq: 3, activityType: 'bookCar' } },
        ]),
      ),
      step([job.activityFailed(3, activityFailure('bookCar', 'No cars left in SFO'))], (c) =>
        expect(commands(c)).toMatchObject([
          {
            scheduleActivity: {
              seq: 4,
              activityType: 'cancelHotel',
              arguments: [{ payload: 'hotel in SFO' }],
            },
          },
        ]),
      ),
      step([job.activityCompleted(4)], (c) =>
        expect(commands(c)).toMatchObject([
          {
            scheduleActivity: {
              seq: 5,
              activityType: 'cancelFlight',
              arguments: [{ payload: 'flight LHR-SFO' }],
            },
          },
        ]),
      ),
      step([job.activityCompleted(5)], (c) =>
        expect(commands(c)).toMatchObject([
          {
            failWorkflowExecution: {
              failure: {
                message: 'Trip for Ada not booked: No cars left in SFO',
                applicationFailureInfo: { type: 'TripNotBooked', nonRetryable: true },
                cause: {
                  activityFailureInfo: { activityType: { name: 'bookCar' } },
                  cause: { message: 'No cars left in SFO' },
                },
              },
            },
          },
        ]),
      ),
    ],
  },
  'local-activities': {
    run: { workflowType: 'quoteShipment', args: ['1 Infinite Loop, Cupertino', 1800, true] },
    steps: [
      step([], (c) =>
        expect(commands(c)).toMatchObject([
          {
            scheduleLocalActivity: {
              seq: 1,
              activityType: 'validateAddress',
              attempt: 1,
              localRetryThreshold: { seconds: 10 },
              retryPolicy: { maximumAttempts: 4 },
            },
          },
        ]),
      ),
      step([job.activityCompleted(1, true, true)], (c) =>
        expect(commands(c)).toMatchObject([
          {
            scheduleLocalActivity: {
              seq: 2,
              activityType: 'priceShipment',
              arguments: [{ payload: 1800 }, { payload: true }],
            },
          },
        ]),
      ),
      step([job.activityCompleted(2, 3600, true)], (c) =>
        expect(result(c)).toEqual({ address: '1 Infinite Loop, Cupertino', priceCents: 3600 }),
      ),
    ],
  },
  'long-loop': longLoopScript(25),
  interceptors: {
    run: { workflowType: 'tracedOrder', args: ['order-9'] },
    steps: [
      step([], (c) =>
        expect(commands(c)).toMatchObject([
          {
            scheduleActivity: {
              activityType: 'reserveInventory',
              headers: { 'x-trace-id': { payload: 'trace-tracedOrder-test-0b8e7a1c' } },
            },
          },
        ]),
      ),
      step([job.activityCompleted(1, 'reservation-order-9')], (c) =>
        expect(commands(c)).toMatchObject([
          { startTimer: { seq: 1, startToFireTimeout: { seconds: 3600 } } },
        ]),
      ),
      step([job.signal('paymentConfirmed')], (c) =>
        expect(commands(c)).toMatchObject([
          { cancelTimer: { seq: 1 } },
          {
            scheduleActivity: { seq: 2, activityType: 'shipOrder', headers: { 'x-trace-id': {} } },
          },
        ]),
      ),
      step([job.activityCompleted(2, 'shipment-1')], (c, run) => {
        expect(result(c)).toBe('shipment-1');
        // The SDK's log records reach the host trace as workflow log lines.
        const messages = run.driver.trace.flatMap((e) =>
          e.type === 'log' && e.source === 'workflow' ? [e.text] : [],
        );
        expect(messages).toEqual([
          'workflow started',
          'activity reserveInventory',
          'timer 3600000 ms',
          'signal paymentConfirmed',
          'activity shipOrder',
          'workflow function returned',
        ]);
      }),
    ],
  },
};

/**
 * The reminder versions. When a run recorded a patch marker, core's lookahead finds it in the
 * next workflow task on replay and sends NotifyHasPatch in that activation.
 */
function reminderScript(activityType: string, marker: object[]): Script {
  const fire: Step = step(
    [job.fireTimer(1)],
    (c) =>
      expect(commands(c)).toMatchObject([
        ...marker,
        {
          scheduleActivity: {
            seq: 1,
            activityType,
            arguments: [{ payload: 'customer-12' }, { payload: 'Your trial ends tomorrow' }],
          },
        },
      ]),
    DAY,
  );
  if (marker.length > 0) fire.replayJobs = [job.notifyHasPatch('sms-reminders')];
  return {
    run: { workflowType: 'trialReminder', args: ['customer-12'] },
    steps: [
      step([], (c) =>
        expect(commands(c)).toMatchObject([
          { startTimer: { seq: 1, startToFireTimeout: { seconds: 86_400 } } },
        ]),
      ),
      fire,
      step([job.activityCompleted(1, 'sent')], (c) => expect(result(c)).toBe('sent')),
    ],
  };
}

describe('examples', () => {
  it('has a script for every example', () => {
    expect(Object.keys(SCRIPTS).sort()).toEqual(listExamples().sort());
  });

  it.each(listExamples())(
    '%s runs under the host, and replays to the same commands',
    async (id) => {
      const script = SCRIPTS[id]!;
      const fresh = await play(id, script, false);
      expect(await play(id, script, true)).toEqual(fresh);
    },
  );

  it('versioning: version 2 replays version 1 histories on the old path; version 4 diverges', async () => {
    const v1 = await play('patching-1-original', SCRIPTS['patching-1-original']!, false);
    // No marker in a version 1 history, so core sends no NotifyHasPatch: the email path.
    const replayedByV2 = await play('patching-2-patched', SCRIPTS['patching-1-original']!, true);
    expect(replayedByV2).toEqual(v1);
    const replayedByV4 = await play(
      'patching-4-forgot-patch',
      SCRIPTS['patching-1-original']!,
      true,
    );
    expect(replayedByV4[1]).toMatchObject([{ scheduleActivity: { activityType: 'sendSms' } }]);
    expect(v1[1]).toMatchObject([{ scheduleActivity: { activityType: 'sendEmail' } }]);
  });

  it('child-workflows: the child runs its resizes and fails on a URL it cannot fetch', async () => {
    const ok = new TestRun(await example('child-workflows'), {
      workflowType: 'makeThumbnails',
      args: ['https://example.com/a.png'],
    });
    expect(commands(await ok.start())).toMatchObject([
      { scheduleActivity: { activityType: 'resizeImage', arguments: [{}, { payload: 64 }] } },
    ]);
    await ok.activate([job.activityCompleted(1, 'a64')]);
    await ok.activate([job.activityCompleted(2, 'a128')]);
    expect(result(await ok.activate([job.activityCompleted(3, 'a256')]))).toBe('a64 a128 a256');
    const bad = new TestRun(await example('child-workflows'), {
      workflowType: 'makeThumbnails',
      args: ['ftp://example.com/b.png'],
    });
    expect(commands(await bad.start())).toMatchObject([
      {
        failWorkflowExecution: {
          failure: { applicationFailureInfo: { type: 'BadUrl', nonRetryable: true } },
        },
      },
    ]);
  });
});
