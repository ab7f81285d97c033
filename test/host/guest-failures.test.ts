/**
 * Every way a guest can misbehave becomes a failed workflow task with a message, never an exception
 * past `WorkflowRunDriver.activate`, as the upstream host turns traps and `err` results into
 * workflow-task failures. The guest is real: `guests/misbehaving.js`, written against the WIT world
 * and built with componentize-js; each workflow type misbehaves in one way. Expected messages are
 * written from what the guest sends (hand-encoded bytes), not from the host's output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadComponent, type LoadedComponent } from '../../src/engine/host/component.ts';
import { MAX_POLL_PASSES, WorkflowRunDriver } from '../../src/engine/host/driver.ts';
import type { ActivationCompletion } from '../../src/engine/host/run.ts';
import { firstActivation } from '../../src/engine/host/start.ts';
import { fromPayload } from '../../src/engine/proto/payload.ts';
import { guestComponent } from './fixtures.ts';

let component: LoadedComponent;
beforeAll(async () => {
  component = await loadComponent(await guestComponent('misbehaving'), 'misbehaving.wasm');
});

async function firstTask(workflowType: string) {
  const { identity, activation } = firstActivation({ workflowType, args: [] });
  const driver = new WorkflowRunDriver(component, identity);
  const completion = await driver.activate(activation);
  return { driver, completion, activation };
}

function failed(completion: ActivationCompletion) {
  if (completion.status !== 'failed')
    throw new Error(`expected a failed task, got ${completion.status}`);
  return completion;
}

describe('a guest that misbehaves fails the workflow task, with a message', () => {
  it('completes normally when it behaves (the guest and its bytes are sound)', async () => {
    const { completion } = await firstTask('completes');
    expect(completion.status).toBe('success');
    if (completion.status !== 'success') return;
    expect(fromPayload(completion.commands[0]?.completeWorkflowExecution?.result)).toBe(
      'completes done',
    );
  });

  it('trap in activate: names the call and keeps the wasm stack', async () => {
    const { completion, driver } = await firstTask('traps-in-activate');
    const { message, failure } = failed(completion);
    expect(message).toBe(
      'WASM workflow trapped in activate: wasm trap: wasm `unreachable` instruction executed',
    );
    expect(failure.stackTrace).toMatch(/wasm-function\[\d+\]/);
    // The glue module was evaluated from a data: URL; its frames must not carry the source.
    expect(failure.stackTrace).not.toContain('data:text/javascript');
    const activate = driver.trace.find((e) => e.type === 'activate');
    expect(activate).toMatchObject({ outcome: 'error', error: message });
    expect(driver.trace.at(-1)).toMatchObject({ type: 'task-failure', message });
  });

  it('trap in poll-routine: names the routine', async () => {
    const { completion } = await firstTask('traps-in-poll');
    expect(failed(completion).message).toBe(
      'WASM workflow trapped in poll-routine(0): wasm trap: wasm `unreachable` instruction executed',
    );
  });

  it('a guest that allocates without bound stops at the memory cap and is said to be out of memory', async () => {
    const hog = await loadComponent(await guestComponent('memory-hog'), 'memory-hog.wasm', {
      maxMemoryBytes: 128 * 2 ** 20,
    });
    const { identity, activation } = firstActivation({ workflowType: 'hog', args: [] });
    const completion = await new WorkflowRunDriver(hog, identity).activate(activation);
    expect(failed(completion).message).toBe(
      'WASM workflow ran out of memory in poll-routine(0): it reached its 128 MiB limit',
    );
  });

  it('a trapped instance is never called again', async () => {
    const { driver, activation } = await firstTask('traps-in-activate');
    const calls = driver.trace.length;
    const next = await driver.activate({ ...activation, jobs: [{ fireTimer: { seq: 1 } }] });
    expect(failed(next).message).toMatch(
      /^The workflow instance trapped earlier and cannot be called again \(WASM workflow trapped in activate: .*\)\. A worker evicts such a run/,
    );
    expect(driver.trace.slice(calls).map((e) => e.type)).toEqual(['task-failure']);
  });

  it('a guest returning err(failure) from activate: the failure is the task failure', async () => {
    const { completion } = await firstTask('fails-activate');
    const { message, failure } = failed(completion);
    expect(message).toBe('the guest refused this activation');
    expect(failure).toMatchObject({
      message: 'the guest refused this activation',
      stackTrace: 'at refuse (misbehaving.js:1:1)',
    });
  });

  it('a guest throwing a plain Error (err with no failure bytes) still gets a message', async () => {
    const { completion } = await firstTask('throws-in-activate');
    expect(failed(completion).message).toBe(
      'activate returned an error whose Failure has no message (0 bytes: the guest threw without a failure payload)',
    );
  });

  it('main returning task-failed keeps the failure and the forced cause', async () => {
    const { completion } = await firstTask('fails-task');
    const result = failed(completion);
    expect(result.message).toBe('guest failed the task');
    expect(result.forceCause).toBe(24);
  });

  it('a failed workflow is not a failed task: it completes with FailWorkflowExecution', async () => {
    const { completion } = await firstTask('fails-workflow');
    expect(completion).toMatchObject({
      status: 'success',
      commands: [{ failWorkflowExecution: { failure: { message: 'the workflow failed' } } }],
    });
  });

  it('instantiate-workflow returning err fails the first task', async () => {
    const { completion } = await firstTask('fails-to-instantiate');
    expect(failed(completion).message).toBe('cannot start workflow type "fails-to-instantiate"');
  });

  it.each([
    ['wrong-job-count', 'Activation result count 0 did not match job count 1'],
    ['extra-job-results', 'Activation result count 2 did not match job count 1'],
  ])('%s: the job result count must match the job count', async (type, message) => {
    expect(failed((await firstTask(type)).completion).message).toBe(message);
  });

  it.each([
    [
      'bad-command-bytes',
      /^push-command received bytes that are not a coresdk\.workflow_commands\.WorkflowCommand: /,
    ],
    [
      'bad-result-bytes',
      /^workflow returned bytes that are not a valid temporal\.api\.common\.v1\.Payload: /,
    ],
    [
      'bad-failure-bytes',
      /^workflow returned bytes that are not a valid temporal\.api\.failure\.v1\.Failure: /,
    ],
  ])('%s: malformed protobuf bytes are named by message type', async (type, message) => {
    const { completion } = await firstTask(type);
    expect(failed(completion).message).toMatch(message);
  });

  it('a guest that reports progress forever is stopped after MAX_POLL_PASSES', async () => {
    const { completion, driver } = await firstTask('progress-forever');
    expect(failed(completion).message).toBe(
      `Routines reported progress for ${MAX_POLL_PASSES} poll passes in a row without blocking; ` +
        'the guest is spinning (a real worker would never complete this workflow task).',
    );
    expect(driver.trace.filter((e) => e.type === 'poll')).toHaveLength(MAX_POLL_PASSES);
  });
});
