/**
 * Components built by Temporal's own guest crate (`temporalio-workflow`, Rust) in our host: a
 * guest our SDK did not make. The components come from `npm run build:rust-examples` (a Rust
 * build of several minutes, so not part of `npm test`); without them these tests skip, saying so.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadComponent, type LoadedComponent } from '../../src/engine/host/component.ts';
import { WorkflowRunDriver } from '../../src/engine/host/driver.ts';
import { firstActivation } from '../../src/engine/host/start.ts';
import { fromPayload } from '../../src/engine/proto/payload.ts';
import { simulate } from '../../src/engine/sim/simulate.ts';
import { compareCodeWithSdkCore } from '../../src/node/oracle/differential.ts';
import { SdkCoreReplayer } from '../../src/node/oracle/index.ts';
import { rustExampleBuilt, rustExamplePath } from '../../src/node/build/rust-examples.ts';

const built = rustExampleBuilt('hello');
if (!built)
  console.warn(
    'test/host/rust-guest.test.ts: skipped, public/examples/rust-hello.wasm is not built; run `npm run build:rust-examples`',
  );

let loaded: Promise<LoadedComponent> | undefined;
function rustHello(): Promise<LoadedComponent> {
  loaded ??= loadComponent(readFileSync(rustExamplePath('hello')), 'rust-hello.wasm');
  return loaded;
}

describe.skipIf(!built)('the Rust hello component (temporalio-workflow)', () => {
  const replayer = new SdkCoreReplayer();
  afterAll(() => replayer.close());

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
