/**
 * Components built by Temporal's own guest crate (`temporalio-workflow`, Rust) in our host: a
 * guest our SDK did not make. The components come from `npm run build:rust-examples` (a Rust
 * build of several minutes, so not part of `npm test`); without them these tests skip, saying so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadComponent, type LoadedComponent } from '../../src/engine/host/component.ts';
import { WorkflowRunDriver } from '../../src/engine/host/driver.ts';
import { firstActivation } from '../../src/engine/host/start.ts';
import { fromPayload } from '../../src/engine/proto/payload.ts';
import { simulate, type SimulateOptions } from '../../src/engine/sim/simulate.ts';
import { eventTypeName } from '../../src/engine/core/events.ts';
import { compareCodeWithSdkCore } from '../../src/node/oracle/differential.ts';
import { SdkCoreReplayer } from '../../src/node/oracle/index.ts';
import {
  readRustExampleMeta,
  rustExampleBuilt,
  rustExamplePath,
} from '../../src/node/build/rust-examples.ts';
import type { ExampleMeta } from '../../examples/manifest.ts';
import type { HistoryEvent } from '../../src/engine/history/events.ts';
import { commands, job, TestRun } from '../sdk/harness.ts';
import { buildExample } from '../../src/node/build/examples.ts';
import { REPO } from '../paths.ts';

const RUST_IDS = [
  'hello',
  'hello-activity',
  'timers-cancellation',
  'signals-queries-updates',
  'patching-1-original',
  'patching-2-patched',
  'patching-3-forgot-patch',
  'child-workflows',
  'continue-as-new',
  'local-activities',
  'raw-wit-timer',
] as const;
type RustId = (typeof RUST_IDS)[number];

const missing = RUST_IDS.filter((id) => !rustExampleBuilt(id));
if (missing.length > 0)
  console.warn(
    `test/host/rust-guest.test.ts: skipping what needs ${missing.map((id) => `rust-${id}.wasm`).join(', ')} (not in public/examples/); run \`npm run build:rust-examples\``,
  );
const built = (...ids: RustId[]) => ids.every((id) => !missing.includes(id));

const loaded = new Map<RustId, Promise<LoadedComponent>>();
function rust(id: RustId): Promise<LoadedComponent> {
  let component = loaded.get(id);
  if (!component) {
    component = loadComponent(readFileSync(rustExamplePath(id)), `rust-${id}.wasm`);
    loaded.set(id, component);
  }
  return component;
}
const rustHello = () => rust('hello');

const replayer = new SdkCoreReplayer();
afterAll(() => replayer.close());

describe.skipIf(!built('hello'))('the Rust hello component (temporalio-workflow)', () => {
  it('loads, imports only the workflow host, and lists HelloWorkflow as the crate declares it', async () => {
    const component = await rustHello();
    // wit-bindgen's build imports the types interface too (it holds no functions).
    expect(
      component.transpiled.imports.filter((i) => i !== 'temporal:workflow-runtime/types'),
    ).toEqual(['temporal:workflow-runtime/workflow-host']);
    expect(component.workflows).toEqual([
      {
        workflowType: 'HelloWorkflow',
        hasInit: false,
        initTakesInput: false,
        signals: [],
        queries: [],
        updates: [],
      },
    ]);
  });

  it('completes its first workflow task with the greeting, called as the upstream host calls it', async () => {
    const component = await rustHello();
    const { identity, activation } = firstActivation({
      workflowType: 'HelloWorkflow',
      args: ['Temporal'],
    });
    const driver = new WorkflowRunDriver(component, identity);
    const completion = await driver.activate(activation);
    expect(completion.status).toBe('success');
    if (completion.status !== 'success') return;
    expect(completion.commands).toHaveLength(1);
    expect(fromPayload(completion.commands[0]!.completeWorkflowExecution?.result)).toBe(
      'Hello, Temporal!',
    );
    const calls = driver.trace.filter((e) => e.type !== 'command' && e.type !== 'details');
    expect(
      calls.map((e) => (e.type === 'poll' ? `poll ${e.routineId} pass ${e.pass}` : e.type)),
    ).toEqual(['instantiate', 'activate', 'poll 0 pass 0']);
  });

  it('fails the workflow task, not the host, for a workflow type the crate does not export', async () => {
    const component = await rustHello();
    const { identity, activation } = firstActivation({ workflowType: 'NoSuchWorkflow', args: [] });
    const completion = await new WorkflowRunDriver(component, identity).activate(activation);
    expect(completion.status).toBe('failed');
  });

  it('runs simulated, and real sdk-core replays that history with it as this engine does', async () => {
    const component = await rustHello();
    const result = await simulate(component, { workflowType: 'HelloWorkflow', input: ['Rust'] });
    expect(result.outcome).toBe('completed');
    const hosted = await compareCodeWithSdkCore(replayer, 'rust-hello', result.events, component);
    expect(hosted.differences).toEqual([]);
    expect(hosted.core.verdict).toBe('ok');
  });
});

describe.skipIf(!built('signals-queries-updates'))(
  'signals, queries and updates of a Rust component, driven activation by activation',
  () => {
    const start = async () => {
      const run = new TestRun(await rust('signals-queries-updates'), {
        workflowType: 'ExpenseApproval',
        args: ['expense-77'],
      });
      expect(commands(await run.start())).toEqual([]);
      return run;
    };

    it('declares its handlers, answers a query, and completes after a signal', async () => {
      expect((await rust('signals-queries-updates')).workflows).toEqual([
        {
          workflowType: 'ExpenseApproval',
          hasInit: true,
          initTakesInput: true,
          signals: ['approve'],
          queries: ['status'],
          updates: [{ name: 'decide', hasValidator: true }],
        },
      ]);
      const run = await start();
      expect(commands(await run.activate([job.query('q1', 'status')]))).toEqual([
        { respondToQuery: { queryId: 'q1', succeeded: { response: { payload: 'waiting' } } } },
      ]);
      expect(commands(await run.activate([job.signal('approve', 'finance-lead')], 1000))).toEqual([
        { completeWorkflowExecution: { result: { payload: 'approved by finance-lead' } } },
      ]);
    });

    it('accepts an update, rejects the next one in its validator, and completes the first', async () => {
      const run = await start();
      // The crate runs a sync update handler inside activate, so the second update's validator
      // already sees the first decision.
      const completion = await run.activate(
        [
          job.update('u1', 'decide', [['rejected', 'boss']]),
          job.update('u2', 'decide', [['approved', 'intern']]),
        ],
        1000,
      );
      expect(commands(completion)).toEqual([
        { updateResponse: { protocolInstanceId: 'protocol-u1', accepted: {} } },
        {
          updateResponse: {
            protocolInstanceId: 'protocol-u2',
            rejected: { message: 'already rejected', applicationFailureInfo: {} },
          },
        },
        {
          updateResponse: { protocolInstanceId: 'protocol-u1', completed: { payload: 'rejected' } },
        },
        { completeWorkflowExecution: { result: { payload: 'rejected by boss' } } },
      ]);
    });
  },
);

/** A simulated run of a Rust example; activities run the TypeScript example's implementations. */
async function simulated(
  id: RustId,
  workflowType: string,
  input: unknown[],
  activitiesOf?: string,
  scenario: Record<string, unknown> = {},
  outcome = 'completed',
) {
  const activities = activitiesOf
    ? ((await import(
        join(REPO, 'examples', activitiesOf, 'activities.ts')
      )) as SimulateOptions['activities'])
    : undefined;
  const result = await simulate(
    await rust(id),
    { ...scenario, workflowType, input },
    activities ? { activities } : {},
  );
  expect(result.outcome).toBe(outcome);
  return result;
}

describe('simulated Rust runs that real sdk-core replays with the same component', () => {
  const cases: Array<
    [RustId, string, unknown[], string | undefined, string[], Record<string, unknown>?]
  > = [
    [
      'hello-activity',
      'GreetWithActivity',
      ['Temporal'],
      'hello-activity',
      ['ActivityTaskScheduled', 'ActivityTaskStarted', 'ActivityTaskCompleted'],
    ],
    [
      'timers-cancellation',
      'ChargeWithDeadline',
      [['order-1001', 4999]],
      'timers-cancellation',
      [
        'ActivityTaskScheduled',
        'TimerStarted',
        'ActivityTaskStarted',
        'ActivityTaskCompleted',
        'TimerCanceled',
      ],
    ],
    [
      // The charge outlasts the five-minute deadline: the timer wins and the activity is cancelled.
      'timers-cancellation',
      'ChargeWithDeadline',
      [['order-1001', 4999]],
      'timers-cancellation',
      ['ActivityTaskScheduled', 'TimerStarted', 'TimerFired', 'ActivityTaskCancelRequested'],
      { activities: { chargeCard: { duration: '10m', result: 'late' } } },
    ],
  ];
  for (const [id, workflowType, input, activitiesOf, expected, scenario] of cases) {
    it.skipIf(!built(id))(`${id}: ${expected.join(', ')}`, async () => {
      const { events } = await simulated(id, workflowType, input, activitiesOf, scenario);
      expect(events.map(eventTypeName).filter((t) => /^(Activity|Timer)/.test(t))).toEqual(
        expected,
      );
      const hosted = await compareCodeWithSdkCore(replayer, `rust-${id}`, events, await rust(id));
      expect(hosted.differences).toEqual([]);
      expect(hosted.core.verdict).toBe('ok');
    });
  }
});

describe.skipIf(!built('patching-1-original', 'patching-2-patched', 'patching-3-forgot-patch'))(
  'a Rust v1 history replayed by its later versions diverges exactly where sdk-core says',
  () => {
    const cases: Array<[RustId, 'ok' | 'nondeterminism']> = [
      ['patching-2-patched', 'ok'],
      ['patching-3-forgot-patch', 'nondeterminism'],
    ];
    for (const [to, expected] of cases) {
      it(`patching-1-original -> ${to}: ${expected}`, async () => {
        const { events } = await simulated('patching-1-original', 'PatchedGreeting', ['Temporal']);
        const result = await compareCodeWithSdkCore(
          replayer,
          `rust v1 -> ${to}`,
          events,
          await rust(to),
        );
        expect(result.differences).toEqual([]);
        expect(result.core.verdict).toBe(expected);
      });
    }
  },
);

/** The decoded values of the last event's payloads (a result, or continue-as-new input). */
function endPayloads(events: readonly HistoryEvent[]): unknown[] {
  const last = events.at(-1)!;
  const payloads =
    last.workflowExecutionCompletedEventAttributes?.result?.payloads ??
    last.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads ??
    [];
  return payloads.map((p) => fromPayload(p));
}

/**
 * The Rust examples that mirror a TypeScript example, run in their default scenarios, against the
 * TypeScript example's component run in its own: our SDK (StarlingMonkey) and Temporal's crate
 * write the same workflow, so the simulated services must record the same events and end the
 * same way; and real sdk-core must replay the Rust run with the Rust component.
 */
describe('Rust examples that mirror TypeScript ones record what those record', () => {
  const cases: Array<[RustId, string, 'completed' | 'continued-as-new', RegExp]> = [
    // Two children, one failing (an ftp URL), reported in the result rather than failing the batch.
    ['child-workflows', 'child-workflows', 'completed', /^(StartChild|ChildWorkflow)/],
    // Ten polls (activity + ten-minute timer) then continue-as-new with the cursor.
    ['continue-as-new', 'continue-as-new', 'continued-as-new', /^(Activity|Timer)/],
    // Two local activities, recorded as markers in the first workflow task.
    ['local-activities', 'local-activities', 'completed', /^Marker/],
  ];
  for (const [id, tsId, outcome, interesting] of cases) {
    it.skipIf(!built(id))(`${id} ends ${outcome}, as examples/${tsId} does`, async () => {
      const meta = readRustExampleMeta(id);
      const rustRun = await simulated(
        id,
        meta.workflowType,
        meta.input,
        meta.activities,
        {},
        outcome,
      );
      const tsMeta = JSON.parse(
        readFileSync(join(REPO, 'examples', tsId, 'example.json'), 'utf8'),
      ) as ExampleMeta;
      const tsActivities = (await import(
        join(REPO, 'examples', tsId, 'activities.ts')
      )) as SimulateOptions['activities'];
      const tsRun = await simulate(
        await loadComponent((await buildExample(tsId)).component),
        { workflowType: tsMeta.workflowType, input: tsMeta.input },
        { activities: tsActivities! },
      );
      expect(tsRun.outcome).toBe(outcome);
      const types = (events: readonly HistoryEvent[]) => events.map(eventTypeName);
      expect(types(rustRun.events)).toEqual(types(tsRun.events));
      expect(types(rustRun.events).filter((t) => interesting.test(t)).length).toBeGreaterThan(0);
      // The crate passes one input (a tuple) where the TypeScript workflow takes several args.
      const tsEnd = endPayloads(tsRun.events);
      expect(endPayloads(rustRun.events)).toEqual([
        outcome === 'continued-as-new' ? tsEnd : tsEnd[0],
      ]);

      const hosted = await compareCodeWithSdkCore(
        replayer,
        `rust-${id}`,
        rustRun.events,
        await rust(id),
      );
      expect(hosted.differences).toEqual([]);
      expect(hosted.core.verdict).toBe('ok');
    });
  }
});

/**
 * examples-rust/raw-wit-timer: a component neither SDK built (wit-bindgen against our wit/,
 * protobuf by hand), so neither our SDK's nor Temporal's reading of the ABI is in it.
 */
describe.skipIf(!built('raw-wit-timer'))('a component written against the raw WIT', () => {
  it('starts a timer on its first task and completes when it fires, called as upstream calls it', async () => {
    const component = await rust('raw-wit-timer');
    expect(component.workflows.map((w) => w.workflowType)).toEqual(['RawTimer']);
    const run = new TestRun(component, { workflowType: 'RawTimer', args: ['Temporal'] });
    expect(commands(await run.start())).toEqual([
      { startTimer: { seq: 1, startToFireTimeout: { seconds: 30 } } },
    ]);
    expect(commands(await run.activate([job.fireTimer(1)], 30_000))).toEqual([
      { completeWorkflowExecution: { result: { payload: 'Hello from raw WIT, Temporal!' } } },
    ]);
  });

  it('fails the workflow task, naming what is wrong, for an argument it cannot read', async () => {
    const { identity, activation } = firstActivation({ workflowType: 'RawTimer', args: [42] });
    const completion = await new WorkflowRunDriver(await rust('raw-wit-timer'), identity).activate(
      activation,
    );
    expect(completion.status).toBe('failed');
    if (completion.status !== 'failed') return;
    expect(completion.message).toBe('the argument must be a JSON string without escapes, not 42');
  });

  it('runs simulated, and real sdk-core replays the run with it as this engine does', async () => {
    const component = await rust('raw-wit-timer');
    const { events } = await simulated('raw-wit-timer', 'RawTimer', ['Rust']);
    expect(events.map(eventTypeName).filter((t) => /^Timer|Completed$/.test(t))).toEqual([
      'WorkflowTaskCompleted',
      'TimerStarted',
      'TimerFired',
      'WorkflowTaskCompleted',
      'WorkflowExecutionCompleted',
    ]);
    expect(endPayloads(events)).toEqual(['Hello from raw WIT, Rust!']);
    const hosted = await compareCodeWithSdkCore(replayer, 'rust-raw-wit-timer', events, component);
    expect(hosted.differences).toEqual([]);
    expect(hosted.core.verdict).toBe('ok');
  });

  it('diverges, for sdk-core and for us alike, from a history whose timer has another id', async () => {
    const { events } = await simulated('raw-wit-timer', 'RawTimer', ['Rust']);
    // The recorded run's timer renamed from 1 to 2 (in place: a fresh run of its own), so the
    // component's StartTimer seq 1 no longer matches the history's TimerStarted.
    const timers = events.flatMap((e) =>
      [e.timerStartedEventAttributes, e.timerFiredEventAttributes].filter((a) => a != null),
    );
    expect(timers).toHaveLength(2);
    for (const attributes of timers) attributes.timerId = '2';
    const hosted = await compareCodeWithSdkCore(
      replayer,
      'rust-raw-wit-timer, timer renamed',
      events,
      await rust('raw-wit-timer'),
    );
    expect(hosted.differences).toEqual([]);
    expect(hosted.core.verdict).toBe('nondeterminism');
  });
});
