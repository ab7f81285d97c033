import { describe, expect, it } from 'vitest';
import { loadComponent } from '../../src/engine/host/component.ts';
import { WorkflowRunDriver } from '../../src/engine/host/driver.ts';
import { firstActivation } from '../../src/engine/host/start.ts';
import { fromPayload } from '../../src/engine/proto/payload.ts';
import { guestComponent, helloComponent } from './fixtures.ts';

describe('driving the example component through its first workflow task', () => {
  it('completes the workflow with the greeting, in the order the upstream host calls the guest', async () => {
    const component = await loadComponent(await helloComponent());
    const { identity, activation } = firstActivation({ workflowType: 'greet', args: ['Temporal'] });
    const driver = new WorkflowRunDriver(component, identity);
    const completion = await driver.activate(activation);

    expect(completion.status).toBe('success');
    if (completion.status !== 'success') return;
    expect(completion.commands).toHaveLength(1);
    const [command] = completion.commands;
    expect(fromPayload(command!.completeWorkflowExecution?.result)).toBe(
      'Hello, Temporal! (from greet)',
    );
    expect(completion.origins).toEqual(['host']);

    const calls = driver.trace.filter((e) => e.type !== 'command' && e.type !== 'details');
    expect(
      calls.map((e) => (e.type === 'poll' ? `poll ${e.routineId} pass ${e.pass}` : e.type)),
    ).toEqual(['instantiate', 'activate', 'poll 0 pass 0']);
  });

  it('turns an unknown workflow type into a failed workflow task, not an exception', async () => {
    const component = await loadComponent(await helloComponent());
    const { identity, activation } = firstActivation({ workflowType: 'NoSuchWorkflow', args: [] });
    const completion = await new WorkflowRunDriver(component, identity).activate(activation);
    expect(completion.status).toBe('failed');
    if (completion.status !== 'failed') return;
    expect(completion.message).toBe(
      'Workflow type "NoSuchWorkflow" is not registered in this component; it has: greet',
    );
  });

  it('gives every run its own instance', async () => {
    // `counts-instances` completes with a module-level count of the workflows started in its
    // component instance: a reused instance would say 2 in the second run.
    const component = await loadComponent(await guestComponent('misbehaving'));
    for (let run = 1; run <= 2; run++) {
      const { identity, activation } = firstActivation({
        workflowType: 'counts-instances',
        args: [],
      });
      const completion = await new WorkflowRunDriver(component, identity).activate(activation);
      expect(
        completion.status === 'success' &&
          fromPayload(completion.commands[0]!.completeWorkflowExecution?.result),
      ).toBe(1);
    }
  });
});
