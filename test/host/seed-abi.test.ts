/**
 * The older JSON ABI (seed spec 001: a core module exporting run(), importing complete,
 * complete_with_failure, get_info, get_info_len and write_log). Modules are written in WAT
 * (test/host/wat/) so every byte they pass is visible; expected commands are derived by hand from
 * the spec's JSON forms (base64 bytes, failure fields) and Temporal's command shapes.
 */
import { describe, expect, it } from 'vitest';
import { HostError } from '../../src/engine/host/errors.ts';
import { CodeCache, startRun } from '../../src/engine/host/load.ts';
import type { LogEntry } from '../../src/engine/host/trace.ts';
import { firstActivation } from '../../src/engine/host/start.ts';
import { fromPayload } from '../../src/engine/proto/payload.ts';
import { watModule } from './fixtures.ts';

async function runSeed(name: string, args: unknown[] = []) {
  const { code } = await new CodeCache().load(await watModule(name), `${name}.wasm`);
  expect(code.kind).toBe('seed-module');
  const { identity, activation } = firstActivation({ workflowType: 'AnyType', args });
  const driver = startRun(code, identity);
  const completion = await driver.activate(activation);
  return { driver, completion, activation };
}

const decode = (b64: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

describe('seed-ABI core modules run as workflows that finish in their first activation', () => {
  it('complete: gets its info, logs, and completes with its payload', async () => {
    const { completion, driver } = await runSeed('complete', ['Ada', 42]);
    expect(completion.status).toBe('success');
    if (completion.status !== 'success') return;
    expect(completion.origins).toEqual(['guest']);
    expect(fromPayload(completion.commands[0]?.completeWorkflowExecution?.result)).toBe('hi');

    // The info the module read (and logged) carries the workflow input as base64 payloads.
    const logs = driver.trace.filter((e): e is LogEntry => e.type === 'log');
    expect(logs).toHaveLength(1); // level 9 is not a log level: no log
    expect(logs[0]).toMatchObject({ source: 'write_log', level: 'info' });
    const info = JSON.parse(logs[0]!.text) as {
      params: Array<{ metadata: Record<string, string>; data: string }>;
    };
    expect(info.params.map((p) => [decode(p.metadata['encoding']!), decode(p.data)])).toEqual([
      ['json/plain', '"Ada"'],
      ['json/plain', '42'],
    ]);
    expect(driver.trace.map((e) => e.type)).toEqual(['run', 'log', 'command']);
    expect(driver.trace[0]).toMatchObject({ type: 'run', outcome: 'complete' });
  });

  it('complete with no output completes with no result', async () => {
    const { completion } = await runSeed('complete-empty');
    expect(completion).toEqual({
      status: 'success',
      commands: [{ completeWorkflowExecution: {} }],
      origins: ['guest'],
    });
  });

  it('complete_with_failure: fails the workflow with the failure, its details and cause', async () => {
    const { completion } = await runSeed('fail');
    expect(completion.status).toBe('success');
    if (completion.status !== 'success') return;
    const failure = completion.commands[0]?.failWorkflowExecution?.failure;
    expect(failure).toMatchObject({
      message: 'card declined',
      applicationFailureInfo: { type: 'PaymentError', nonRetryable: true },
      cause: {
        message: 'gateway timeout',
        applicationFailureInfo: { type: '', nonRetryable: false },
      },
    });
    // details[0].data = base64("42")
    const detail = failure?.applicationFailureInfo?.details?.payloads?.[0];
    expect(new TextDecoder().decode(detail?.data ?? undefined)).toBe('42');
  });

  it.each([
    [
      'returns',
      'run returned without calling complete or complete_with_failure; a seed-ABI workflow must finish in its first activation.',
    ],
    ['bad-base64', 'complete: output[0].data is not valid base64: "not base64!"'],
    ['bad-json', /^complete: output is not valid JSON \(.+\): "\[\{\\"data\\":"$/],
    [
      'out-of-bounds',
      "complete: output 65530..65540 lies outside the module's memory (65536 bytes)",
    ],
  ])('%s: fails the workflow task, saying what and where', async (name, message) => {
    const { completion, driver } = await runSeed(name);
    expect(completion.status).toBe('failed');
    if (completion.status !== 'failed') return;
    expect(completion.message).toMatch(message);
    expect(driver.trace.at(-1)).toMatchObject({ type: 'task-failure' });
  });

  it('a trap in run fails the task with the wasm stack', async () => {
    const { completion } = await runSeed('trap');
    expect(completion).toMatchObject({
      status: 'failed',
      message: 'WASM workflow trapped in run: unreachable',
      failure: { stackTrace: expect.stringMatching(/wasm-function\[\d+\]/) },
    });
  });

  it('refuses later activations: the module has no way to receive them', async () => {
    const { driver, activation } = await runSeed('complete');
    const next = await driver.activate({
      ...activation,
      jobs: [{ queryWorkflow: { queryId: 'q' } }],
    });
    expect(next).toMatchObject({
      status: 'failed',
      message:
        'A seed-ABI module runs once, in the first activation of its run, and cannot handle later activations (this one carries queryWorkflow).',
    });
  });

  it('runs the same module afresh for each run', async () => {
    const cache = new CodeCache();
    const bytes = await watModule('complete');
    const { code } = await cache.load(bytes, 'complete.wasm');
    for (const name of ['one', 'two']) {
      const { identity, activation } = firstActivation({ workflowType: 'x', args: [name] });
      const driver = startRun(code, identity);
      await driver.activate(activation);
      const log = driver.trace.find((e): e is LogEntry => e.type === 'log')!;
      expect(
        decode((JSON.parse(log.text) as { params: Array<{ data: string }> }).params[0]!.data),
      ).toBe(JSON.stringify(name));
    }
  });

  it('refuses a core module that is not seed-ABI, saying what it lacks', async () => {
    const error = await new CodeCache().load(await watModule('not-seed'), 'cmd.wasm').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).code).toBe('core-module');
    expect((error as HostError).message).toBe(
      'cmd.wasm is a core WebAssembly module, not a component, and not a seed-ABI workflow module ' +
        'either: it does not export a function `run`; it imports ' +
        'wasi_snapshot_preview1.fd_write (function), which the seed ABI does not define. Build it ' +
        'as a component for world temporal:workflow-runtime/workflow-module@0.1.0 (e.g. with ' +
        'componentize-js or wasm-tools component new), or, for the older JSON ABI, export run() ' +
        'and memory and import only complete, complete_with_failure, get_info, get_info_len, write_log.',
    );
  });
});
