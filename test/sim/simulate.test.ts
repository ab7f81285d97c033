import { describe, expect, it } from 'vitest';
import { eventTypeName } from '../../src/engine/core/events.ts';
import { replayEcho } from '../../src/engine/core/replay.ts';
import { exportHistoryJson, loadHistory } from '../../src/engine/history/index.ts';
import { loadComponent } from '../../src/engine/host/component.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { ScenarioError } from '../../src/engine/sim/scenario.ts';
import { simulate } from '../../src/engine/sim/simulate.ts';
import { fromPayload } from '../../src/engine/proto/payload.ts';
import { helloComponent } from '../host/fixtures.ts';
import { example } from '../sdk/harness.ts';

describe('simulated runs of the example component', () => {
  it('records what a server records for a run that completes in its first task', async () => {
    const component = await loadComponent(await helloComponent());
    const result = await simulate(component, { workflowType: 'greet', input: ['Sim'] });
    expect(result.outcome).toBe('completed');
    // The server's shape for a one-task run (see any `temporal workflow show` of such a run).
    expect(result.events.map(eventTypeName)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'WorkflowExecutionCompleted',
    ]);
    const completed = result.events[4]!.workflowExecutionCompletedEventAttributes!;
    expect(fromPayload(completed.result!.payloads![0])).toBe('Hello, Sim! (from greet)');
    expect(Number(completed.workflowTaskCompletedEventId)).toBe(4);
  });

  it('produces a history that loads as canonical JSON and replays cleanly, with and without the component', async () => {
    const component = await loadComponent(await helloComponent());
    const { events } = await simulate(component, { workflowType: 'greet', input: ['Sim'] });
    const reloaded = loadHistory(exportHistoryJson(events).text).events;
    expect(reloaded).toHaveLength(events.length);
    expect(replayEcho(reloaded).verdict).toEqual({ kind: 'ok' });
    const session = ReplaySession.open(reloaded, { kind: 'component', component });
    await session.runToEnd();
    expect(session.verdict).toEqual({ kind: 'ok' });
  });

  it('rejects bad scenarios with the exact field that is wrong', async () => {
    const component = await loadComponent(await helloComponent());
    const cases: Array<[unknown, string]> = [
      [
        { workflowType: 'Nope' },
        'scenario.workflowType: "Nope" is not a workflow type of this component; it has greet.',
      ],
      [{ workflowType: 'greet', cancelAt: 'soon' }, 'scenario.cancelAt: "soon" is not a duration'],
      [
        { workflowType: 'greet', activities: { charge: { failure: 'boom' } } },
        'scenario.activities.charge.failure: must be',
      ],
      [{ workflowType: 'greet', input: 'Temporal' }, 'scenario.input: must be an array'],
      [[], 'scenario: must be a JSON object.'],
    ];
    for (const [scenario, message] of cases) {
      const error = await simulate(component, scenario).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as Error).message).toContain(message);
    }
  });

  it('rejects a signal or update the component defines no handler for, before running anything', async () => {
    // The example's source defines signals "approve" and "reject" and query "status" at module
    // load (examples/signals-queries/workflow.ts); the component declares exactly those.
    const signals = await example('signals-queries');
    const [definition] = signals.workflows;
    expect(new Set(definition!.signals)).toEqual(new Set(['approve', 'reject']));
    expect(definition!.queries).toEqual(['status']);
    const misspelt = {
      workflowType: definition!.workflowType,
      signals: [{ name: 'aprove', at: '1s' }],
    };
    await expect(simulate(signals, misspelt)).rejects.toThrow(
      `scenario.signals[0].name: "aprove" has no handler in ${definition!.workflowType}; it declares "approve", "reject".`,
    );
    const updates = await example('updates');
    const type = updates.workflows[0]!.workflowType;
    await expect(
      simulate(updates, { workflowType: type, updates: [{ name: 'additem', at: '1s' }] }),
    ).rejects.toThrow(
      `scenario.updates[0].name: "additem" has no handler in ${type}; it declares "addItem".`,
    );
  });

  it('replays a parent whose child ids derive from its own id, using the recorded workflow id', async () => {
    // examples/child-workflows names each child `${workflowInfo().workflowId}/image-N`: a replay
    // that handed the workflow any other id would start differently named children.
    const parent = await example('child-workflows');
    const activities = (await import('../../examples/child-workflows/activities.ts')) as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    const { events } = await simulate(
      parent,
      { workflowType: 'thumbnailBatch', input: [['a.png', 'b.png']], workflowId: 'batch-7' },
      { activities },
    );
    const session = ReplaySession.open(events, { kind: 'component', component: parent });
    await session.runToEnd();
    expect(session.verdict).toEqual({ kind: 'ok' });
  });

  it('names a misspelt scenario field and suggests the right one', async () => {
    const component = await loadComponent(await helloComponent());
    await expect(
      simulate(component, { workflowType: 'greet', activities: { a: { reslt: 1 } } }),
    ).rejects.toThrow(
      'scenario.activities.a.reslt: is not a scenario field; did you mean "result"?',
    );
  });
});
