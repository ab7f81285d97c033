/**
 * The engine in a worker thread, driven through the protocol the browser uses too: requests and
 * responses, and the watchdog that stops a guest call that never returns, reports which call it
 * was, and leaves a fresh engine behind.
 */
import Long from 'long';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineClient, EngineRequestError } from '../../src/engine/remote/client.ts';
import type { EngineError } from '../../src/engine/remote/protocol.ts';
import { WorkflowActivation } from '../../src/engine/proto/index.ts';
import { RemoteCode } from '../../src/engine/remote/remote-code.ts';
import { replayToEnd } from '../../src/engine/session/replay-to-end.ts';
import { simulate } from '../../src/engine/sim/simulate.ts';
import { createNodeEngine, spawnWorker } from '../../src/node/engine-worker/engine.ts';
import * as longLoopActivities from '../../examples/long-loop/activities.ts';
import { buildExample } from '../../src/node/build/examples.ts';
import { loadComponent } from '../../src/engine/host/component.ts';
import { guestComponent, helloComponent, watModule } from '../host/fixtures.ts';

let engine: EngineClient | undefined;
afterEach(() => engine?.close());

async function load(client: EngineClient, bytes: Uint8Array, label: string) {
  // A copy of its own (Buffer.slice would share memory) that can be transferred.
  const copy = new Uint8Array(bytes);
  const { code } = await client.request(
    'load-code',
    { source: { kind: 'bytes', bytes: copy.buffer, label } },
    { transfer: [copy.buffer] },
  );
  return code;
}

async function engineError(promise: Promise<unknown>): Promise<EngineError> {
  const thrown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(thrown).toBeInstanceOf(EngineRequestError);
  return (thrown as EngineRequestError).error;
}

describe('the engine in a Node worker thread', () => {
  it('loads a component and runs its first workflow task', async () => {
    engine = createNodeEngine();
    const summary = await load(engine, await helloComponent(), 'hello.wasm');
    expect(summary).toMatchObject({ kind: 'component', label: 'hello.wasm', cached: false });
    expect(summary.workflows.map((w) => w.workflowType)).toEqual(['greet']);
    const again = await load(engine, await helloComponent(), 'hello-again.wasm');
    expect(again).toMatchObject({ cached: true, hash: summary.hash });

    const run = await engine.request('run-first-activation', {
      workflowType: 'greet',
      args: ['Temporal'],
    });
    expect(run.completion).toMatchObject({
      status: 'success',
      commands: [
        {
          origin: 'host',
          command: {
            completeWorkflowExecution: {
              result: { value: 'Hello, Temporal! (from greet)' },
            },
          },
        },
      ],
    });
  });

  it('drives a run activation by activation, returning each activation’s new trace entries', async () => {
    engine = createNodeEngine();
    await load(engine, await guestComponent('ticker'), 'ticker.wasm');
    const { run } = await engine.request('start-run', {
      identity: { namespace: 'default', taskQueue: 'tq', runId: 'run-1' },
    });
    const activation = (jobs: object[]) =>
      WorkflowActivation.encode({
        runId: 'run-1',
        timestamp: { seconds: Long.fromNumber(1_700_000_000), nanos: 0 },
        jobs,
      });
    const first = await engine.request('activate', {
      run,
      activation: activation([{ initializeWorkflow: { workflowType: 'ticker' } }]),
    });
    const second = await engine.request('activate', {
      run,
      activation: activation([{ fireTimer: { seq: 1 } }]),
    });
    const timer = (c: typeof first.completion) =>
      c.status === 'success' ? c.commands.map((x) => x.command['startTimer']) : c;
    expect(timer(first.completion)).toEqual([{ seq: 1, startToFireTimeout: { seconds: '1' } }]);
    expect(timer(second.completion)).toEqual([{ seq: 2, startToFireTimeout: { seconds: '1' } }]);
    expect(first.trace[0]).toMatchObject({ type: 'instantiate', activation: 0 });
    expect(second.trace.map((e) => [e.type, e.activation])).toEqual([
      ['activate', 1],
      ['poll', 1],
      ['command', 1],
      ['poll', 1],
    ]);
    await engine.request('end-run', { run });
    expect(
      await engineError(engine.request('activate', { run, activation: activation([]) })),
    ).toEqual({ code: 'no-run', message: `No run ${run} in this engine.` });
  });
});

describe('a whole replay in the worker', () => {
  it('answers with the outcome in one message, the same as replaying here', async () => {
    let messages = 0;
    engine = new EngineClient({
      spawn: () => {
        const worker = spawnWorker();
        return {
          ...worker,
          onMessage: (handler) =>
            worker.onMessage((message) => {
              messages++;
              handler(message);
            }),
        };
      },
    });
    const { component: bytes } = await buildExample('long-loop');
    const component = await loadComponent(bytes, 'long-loop.wasm');
    const { events } = await simulate(
      component,
      { workflowType: 'longLoop', input: [40] },
      { activities: longLoopActivities },
    );
    const here = await replayToEnd(events, { kind: 'component', component });
    expect(here.verdict).toEqual({ kind: 'ok' });
    expect(here.activations).toBeGreaterThan(40);

    const code = await RemoteCode.load(engine, bytes, 'long-loop.wasm');
    const before = messages;
    const there = await code.replay(events);
    expect(messages - before).toBe(1);
    expect(there).toEqual(here);
  });

  it('fails the workflow task whose guest call the watchdog stopped, naming the call', async () => {
    engine = createNodeEngine({ callLimitMs: 1000 });
    const misbehaving = await guestComponent('misbehaving');
    const code = await RemoteCode.load(engine, misbehaving, 'misbehaving.wasm');
    const { events } = await simulate(await loadComponent(misbehaving, 'misbehaving.wasm'), {
      workflowType: 'completes',
    });
    // The history of a run that completed, replayed by a workflow function that never returns.
    expect(await code.replay(events, { workflowType: 'loops-in-poll' })).toEqual({
      verdict: {
        kind: 'task-failure',
        activation: 0,
        message:
          'The workflow code did not return within 1 s in poll-routine(0) of activation 1; the engine stopped it.',
      },
      activations: 1,
      accepted: [],
      notChecked: [],
    });
    // The replacement engine got the code again: the next replay works.
    const completes = await code.replay(events);
    expect(completes.verdict).toEqual({ kind: 'ok' });
  });
});

describe('the watchdog', () => {
  it.each([
    ['loops-in-poll', 'activation 1, poll-routine(0)', 'poll-routine(0)'],
    ['loops-in-activate', 'activation 1, activate', 'activate'],
  ])('stops %s, names the call, and leaves a fresh engine', async (workflowType, where, call) => {
    const restarts: EngineError[] = [];
    engine = createNodeEngine({ callLimitMs: 1000, onRestart: (e) => restarts.push(e) });
    await load(engine, await guestComponent('misbehaving'), 'misbehaving.wasm');
    const error = await engineError(
      engine.request('run-first-activation', { workflowType, args: [] }),
    );
    expect(error).toEqual({
      code: 'watchdog',
      message:
        `The workflow code did not return within 1 s (${where}). ` +
        'The engine was stopped and restarted.',
      // The call as data, for callers that word it their own way (the CLI); activation 0-based.
      site: { activation: 0, call },
    });
    expect(restarts).toEqual([error]);

    // The new engine holds no code, and works once code is loaded again.
    expect(
      (await engineError(engine.request('run-first-activation', { workflowType, args: [] }))).code,
    ).toBe('no-code');
    await load(engine, await guestComponent('misbehaving'), 'misbehaving.wasm');
    const run = await engine.request('run-first-activation', {
      workflowType: 'completes',
      args: [],
    });
    expect(run.completion.status).toBe('success');
  });

  it('stops a simulation whose workflow never returns, as it stops a replay', async () => {
    engine = createNodeEngine({ callLimitMs: 1000 });
    await load(engine, await guestComponent('misbehaving'), 'misbehaving.wasm');
    const error = await engineError(
      engine.request('simulate', { scenario: { workflowType: 'loops-in-poll' } }),
    );
    expect(error).toMatchObject({
      code: 'watchdog',
      site: { activation: 0, call: 'poll-routine(0)' },
    });
  });

  it('works the same without shared memory (call sites posted as messages)', async () => {
    engine = createNodeEngine({ callLimitMs: 1000, sharedMemory: false });
    expect(engine.usesSharedMemory).toBe(false);
    await load(engine, await guestComponent('misbehaving'), 'misbehaving.wasm');
    const error = await engineError(
      engine.request('run-first-activation', { workflowType: 'loops-in-poll', args: [] }),
    );
    expect(error.message).toMatch(
      /^The workflow code did not return within 1 s \(activation 1, poll-routine\(0\)\)\./,
    );
  });

  it('stops a component whose list-workflows never returns, while loading it', async () => {
    engine = createNodeEngine({ callLimitMs: 1000 });
    const error = await engineError(
      load(engine, await guestComponent('loops-on-load'), 'loops-on-load.wasm'),
    );
    expect(error.message).toMatch(
      /^The workflow code did not return within 1 s \(while loading, in list-workflows\)\./,
    );
  });

  it('stops a seed-ABI module whose run never returns', async () => {
    engine = createNodeEngine({ callLimitMs: 1000 });
    await load(engine, await watModule('loop'), 'loop.wasm');
    const error = await engineError(
      engine.request('run-first-activation', { workflowType: 'Any', args: [] }),
    );
    expect(error.message).toMatch(
      /^The workflow code did not return within 1 s \(activation 1, run\)\./,
    );
  });

  it('lets long but finite work through: only a single call is limited', async () => {
    engine = createNodeEngine({ callLimitMs: 1000 });
    await load(engine, await guestComponent('misbehaving'), 'misbehaving.wasm');
    // 10 000 quick poll passes take longer in total than the limit on a slow machine, but no
    // single call comes near it.
    const run = await engine.request('run-first-activation', {
      workflowType: 'progress-forever',
      args: [],
    });
    expect(run.completion).toMatchObject({ status: 'failed' });
  });
});
