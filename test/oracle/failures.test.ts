/**
 * What the oracle does when a replay cannot run its course: a responder that throws, hangs, fails
 * the task or answers nonsense; histories sdk-core cannot take; sdk-core that never answers. Each
 * ends in a verdict with a message saying what and where, and leaves the replayer usable.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Long from 'long';
import { afterAll, describe, expect, it } from 'vitest';
import { History } from '../../src/engine/proto/index.ts';
import { SdkCoreReplayer, type Responder } from '../../src/node/oracle/index.ts';
import { REPO, historiesDir } from '../paths.ts';
import { binaryHistory, eventsOf, jobKinds, duration } from './histories.ts';

/**
 * The time limit of the replays that never finish. Generous, since it bounds the whole run: a
 * loaded machine must not use it up on the steps before the one that hangs.
 */
const LIMIT_MS = 3000;

const replayer = new SdkCoreReplayer();
afterAll(() => replayer.close());

const history = binaryHistory('sdk-core', 'timer_workflow_history.bin');
const events = eventsOf(history);
const correct: Responder = (_activation, index) => ({
  successful: {
    commands: [
      index === 0
        ? { startTimer: { seq: 0, startToFireTimeout: duration(1) } }
        : { completeWorkflowExecution: {} },
    ],
  },
});

/** After any failure the same replayer must still replay a good history to ok. */
async function expectReplayerStillWorks() {
  expect((await replayer.replay(history, correct)).verdict.kind).toBe('ok');
}

describe('a responder that misbehaves', () => {
  it('throws: the activation is failed on its behalf and the run is an error', async () => {
    const run = await replayer.replay(history, () => {
      throw new Error('boom');
    });
    expect(run.verdict).toEqual({
      kind: 'error',
      message: 'the responder threw at activation 0 (initializeWorkflow): boom',
    });
    expect(run.completions[0]!.failed?.failure?.message).toBe(
      'the responder threw at activation 0 (initializeWorkflow): boom',
    );
    expect(run.eviction?.reason).toBe('LANG_FAIL');
    await expectReplayerStillWorks();
  });

  it('never answers: the run ends at the timeout', async () => {
    // The verdict names the limit, so it came from this timeout and not from the default.
    const run = await replayer.replay(history, () => new Promise(() => {}), {
      timeoutMs: LIMIT_MS,
    });
    expect(run.verdict).toEqual({
      kind: 'error',
      message: `the responder did not answer activation 0 (initializeWorkflow) within ${LIMIT_MS} ms`,
    });
    await expectReplayerStillWorks();
  });

  it('answers the second activation late: the first answer still counted', async () => {
    const run = await replayer.replay(
      history,
      (activation, index) => (index === 0 ? correct(activation, index) : new Promise(() => {})),
      { timeoutMs: LIMIT_MS },
    );
    expect(run.activations.map(jobKinds)).toEqual([['initializeWorkflow'], ['fireTimer']]);
    expect(run.verdict).toEqual({
      kind: 'error',
      message: `the responder did not answer activation 1 (fireTimer) within ${LIMIT_MS} ms`,
    });
  });

  it('fails the activation: sdk-core fails the workflow task (task-failure)', async () => {
    const run = await replayer.replay(history, () => ({
      failed: { failure: { message: 'workflow code threw' } },
    }));
    expect(run.verdict).toEqual({
      kind: 'task-failure',
      message: 'workflow code threw',
      lastProcessedEventId: 3,
      activationIndex: 0,
    });
    await expectReplayerStillWorks();
  });

  it("keeps the failure's message intact through sdk-core's Debug-formatted eviction", async () => {
    const message = 'said "no" \\ twice\nthen \u001b[31mred\u001b[0m, ünïcode, tab\there';
    const run = await replayer.replay(history, () => ({ failed: { failure: { message } } }));
    expect(run.eviction?.message).toContain('\\"no\\"');
    expect(run.verdict).toMatchObject({ kind: 'task-failure', message });
  });

  it('sends a command with no variant: sdk-core rejects the completion', async () => {
    const run = await replayer.replay(history, () => ({ successful: { commands: [{}] } }));
    expect(run.verdict.kind).toBe('error');
    expect(run.verdict.kind === 'error' && run.verdict.message).toMatch(
      /^sdk-core rejected the completion of activation 0 \(initializeWorkflow\): Malformed Workflow Completion: .*empty variant/,
    );
    await expectReplayerStillWorks();
  });

  it('answers with something that is not a completion', async () => {
    const run = await replayer.replay(history, () => ({ successful: 'yes' }) as never);
    expect(run.verdict.kind === 'error' && run.verdict.message).toMatch(
      /^the responder's answer to activation 0 \(initializeWorkflow\) is not a WorkflowActivationCompletion: /,
    );
    await expectReplayerStillWorks();
  });

  it('names another run: the run id is taken from the activation', async () => {
    // sdk-core would ignore a completion for an unknown run and wait for the real one forever.
    const run = await replayer.replay(history, (activation, index) => ({
      ...correct(activation, index),
      runId: 'someone-else',
    }));
    expect(run.verdict.kind).toBe('ok');
  });
});

describe('histories sdk-core cannot take are refused before it panics', () => {
  const started = events[0]!;
  const cases: Array<[string, Parameters<typeof replayer.replay>[0], string]> = [
    ['no events', { events: [] }, 'the history has no events'],
    [
      'not starting with WorkflowExecutionStarted',
      { events: events.slice(1) },
      'the first event must be WORKFLOW_EXECUTION_STARTED with its attributes, found WORKFLOW_TASK_SCHEDULED (event 2)',
    ],
    [
      'starting at an event id other than 1',
      { events: events.map((e) => ({ ...e, eventId: Long.fromNumber(Number(e.eventId) + 10) })) },
      'the first event has id 11; a complete history starts at event 1',
    ],
    [
      'a started event without a task queue',
      {
        events: [
          {
            ...started,
            workflowExecutionStartedEventAttributes: {
              ...started.workflowExecutionStartedEventAttributes,
              taskQueue: null,
            },
          },
          ...events.slice(1),
        ],
      },
      'event 1 (WORKFLOW_EXECUTION_STARTED) has no taskQueue',
    ],
    [
      'a workflow task started but followed by something else',
      { events: [...events.slice(0, 3), ...events.slice(4)] },
      'event 3 is WORKFLOW_TASK_STARTED but event 5 after it is TIMER_STARTED',
    ],
    [
      'bytes that are no History',
      new Uint8Array([0xff, 0xff, 0xff]),
      'not a binary temporal.api.history.v1.History',
    ],
  ];
  it.each(cases)('%s', async (_name, input, message) => {
    const run = await replayer.replay(input, correct);
    expect(run.verdict.kind).toBe('error');
    expect(run.verdict.kind === 'error' && run.verdict.message).toContain(
      `the history cannot be replayed: ${message}`,
    );
    expect(run.activations).toEqual([]);
  });

  it('out-of-order event ids reach sdk-core, which calls them fatal', async () => {
    const withGap = [...events.slice(0, 5), ...events.slice(6)];
    const run = await replayer.replay(History.encode({ events: withGap }), correct);
    expect(run.verdict).toEqual({
      kind: 'fatal',
      reason: 'FATAL',
      message:
        'Fatal error in workflow machines: History is out of order. Last processed event: 5, event id: 7',
      lastProcessedEventId: 5,
    });
  });
});

describe('a replay that cannot finish does not keep the process alive', () => {
  const script = join(REPO, 'test', 'oracle', 'fixtures', 'stuck-replay.ts');
  const historyPath = join(historiesDir('sdk-core'), 'timer_workflow_history.bin');
  const runChild = (mode: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, mode, historyPath], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
    });

  // Which of sdk-core's two steps runs out the limit depends on the machine's load; either way
  // the verdict is a time-out that says sdk-core did not answer.
  const silentCore = new RegExp(
    `^sdk-core's replay worker (did not take the history|sent no activation) within ${LIMIT_MS} ms \\(timed out`,
  );
  it.each([
    [
      'silent-responder',
      'error',
      `the responder did not answer activation 0 (initializeWorkflow) within ${LIMIT_MS} ms`,
    ],
    ['silent-core', 'timeout', silentCore],
    ['silent-core-closed', 'timeout', silentCore],
  ])('%s', (mode, kind, message) => {
    const child = runChild(mode);
    expect(child.error).toBeUndefined();
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim())).toEqual({
      kind,
      message: typeof message === 'string' ? message : expect.stringMatching(message),
    });
  });
});

describe('closing', () => {
  it('waits for replays in flight, then refuses new ones', async () => {
    const own = new SdkCoreReplayer();
    const inFlight = own.replay(history, correct);
    await own.close();
    expect((await inFlight).verdict.kind).toBe('ok');
    await expect(own.replay(history, correct)).rejects.toThrow('SdkCoreReplayer is closed');
    await own.close();
  });
});
