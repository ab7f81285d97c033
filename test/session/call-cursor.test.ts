/**
 * The debugger's call cursor across activations: next-call and previous-call move one host↔guest
 * call at a time and cross from one activation to the next and back. The run is examples/
 * hello-activity's simulated run, whose history has two workflow tasks by construction: the first
 * (InitializeWorkflow) schedules the activity, the second (ResolveActivity) completes the run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Workbench } from '../../src/engine/workbench/workbench.ts';
import { buildExample } from '../../src/node/build/examples.ts';

const noProgress = () => {};

describe('next-call and previous-call', () => {
  let bench: Workbench;

  beforeAll(async () => {
    const built = await buildExample('hello-activity');
    bench = new Workbench();
    const bytes = built.component;
    await bench.loadCode({
      kind: 'bytes',
      bytes: bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer,
      label: 'hello-activity.wasm',
    });
    const simulated = await bench.simulate(
      { workflowType: 'greetWithActivity', input: ['Temporal'] },
      'hello-activity',
      noProgress,
    );
    expect(simulated.outcome).toBe('completed');
  });

  it('walk every call of the first activation, cross into the second, and come back', async () => {
    const first = await bench.step({ kind: 'next-call' }, noProgress);
    expect(first.cursor).toEqual({ step: 0, call: 0 });
    const calls = first.steps[0]!.calls.length;
    // A fresh run: the instance is made, activated, and its main routine polled.
    expect(first.steps[0]!.calls.map((c) => c.type).slice(0, 3)).toEqual([
      'instantiate',
      'activate',
      'poll',
    ]);
    for (let k = 1; k < calls; k++)
      expect((await bench.step({ kind: 'next-call' }, noProgress)).cursor).toEqual({
        step: 0,
        call: k,
      });

    // Past the last call of activation 1: the first call of activation 2 (no instantiate now).
    const second = await bench.step({ kind: 'next-call' }, noProgress);
    expect(second.cursor).toEqual({ step: 1, call: 0 });
    expect(second.stepCount).toBe(2);
    expect(second.steps.at(-1)!.calls[0]!.type).toBe('activate');

    // Back before it: activation 1, at its end (the cursor without a call is its last call).
    const back = await bench.step({ kind: 'previous-call' }, noProgress);
    expect(back.stepCount).toBe(1);
    expect(back.cursor).toEqual({ step: 0 });
    expect((await bench.step({ kind: 'previous-call' }, noProgress)).cursor).toEqual({
      step: 0,
      call: calls - 2,
    });
  });
});
