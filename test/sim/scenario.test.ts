/**
 * The scenario's checks, without running anything: each bad scenario is refused with the path of
 * the field that is wrong and what would be right; the JSON Schema the editor uses comes from the
 * same definition. Expectations are written from the scenario's documented shape.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError, validateScenario } from '../../src/engine/sim/scenario.ts';
import { generateScenarioSchema } from '../../src/node/gen/scenario-schema.ts';

const refusal = (scenario: unknown): string => {
  try {
    validateScenario(scenario);
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(ScenarioError);
    return (thrown as Error).message;
  }
  throw new Error('the scenario was accepted');
};

describe('validateScenario', () => {
  it('accepts a full scenario and returns what it read', () => {
    const scenario = {
      workflowType: 'order',
      input: [{ id: 1 }],
      startTime: '2026-03-01T10:00:00Z',
      activities: {
        charge: [{ failure: { message: 'declined', nonRetryable: true } }, { result: 'ok' }],
        ship: { result: null, duration: '2h', failAttempts: 2 },
      },
      signals: [{ name: 'approve', at: '0s', input: [true] }],
      updates: [{ name: 'addItem', at: '5m', id: 'u1' }],
      cancelAt: '1d',
      maxWorkflowTasks: 50,
    };
    expect(validateScenario(scenario)).toEqual(scenario);
  });

  it.each<[string, unknown, string]>([
    ['not an object', [], 'scenario: must be a JSON object.'],
    ['no workflow type', {}, 'scenario.workflowType: is required (the workflow type to start).'],
    [
      'a time that is not a duration, in a list',
      {
        workflowType: 'w',
        signals: [
          { name: 'a', at: '1s' },
          { name: 'b', at: '2s' },
          { name: 'c', at: 'five seconds' },
        ],
      },
      'scenario.signals[2].at: "five seconds" is not a duration; write e.g. "500ms", "10s", "5m", "2h", "1d".',
    ],
    [
      'a signal without its time',
      { workflowType: 'w', signals: [{ name: 'a' }] },
      'scenario.signals[0].at: is required, e.g. "10s".',
    ],
    [
      'a misspelt field of an outcome in a list',
      { workflowType: 'w', activities: { a: [{ result: 1 }, { failAtempts: 1 }] } },
      'scenario.activities.a[1].failAtempts: is not a scenario field; did you mean "failAttempts"? (fields here: result, failure, failAttempts, timeout, duration).',
    ],
    [
      'a misspelt top-level field',
      { workflowType: 'w', signal: [] },
      'scenario.signal: is not a scenario field; did you mean "signals"?',
    ],
    [
      'a field nothing is near',
      { workflowType: 'w', colour: 'red' },
      'scenario.colour: is not a scenario field (fields here: workflowType, input,',
    ],
    [
      'a failure without a message',
      { workflowType: 'w', activities: { a: { failure: { type: 'E' } } } },
      'scenario.activities.a.failure.message: must be a string (the failure message).',
    ],
    [
      'an outcome that is not an object',
      { workflowType: 'w', localActivities: { a: 'boom' } },
      'scenario.localActivities.a: must be an object like { "result": … } or { "failure": { "message": … } }.',
    ],
    [
      'outcomes given as a list',
      { workflowType: 'w', childWorkflows: [{ result: 1 }] },
      'scenario.childWorkflows: must be an object of outcomes by type name.',
    ],
    [
      'an unknown timeout',
      { workflowType: 'w', activities: { a: { timeout: 'SOON' } } },
      'scenario.activities.a.timeout: must be one of START_TO_CLOSE, SCHEDULE_TO_START, SCHEDULE_TO_CLOSE, HEARTBEAT.',
    ],
    [
      'a negative attempt count',
      { workflowType: 'w', activities: { a: { failAttempts: -1 } } },
      'scenario.activities.a.failAttempts: must be a whole number ≥ 0.',
    ],
    [
      'a start time that is not a time',
      { workflowType: 'w', startTime: 'yesterday' },
      'scenario.startTime: "yesterday" is not an RFC 3339 time.',
    ],
    [
      'a task limit that is not a whole number',
      { workflowType: 'w', maxWorkflowTasks: 2.5 },
      'scenario.maxWorkflowTasks: must be a whole number ≥ 1.',
    ],
    [
      'update arguments that are not a list',
      { workflowType: 'w', updates: [{ name: 'u', at: '1s', input: 'x' }] },
      'scenario.updates[0].input: must be an array.',
    ],
    [
      'a workflow id that is not text',
      { workflowType: 'w', workflowId: 7 },
      'scenario.workflowId: must be a string.',
    ],
  ])('refuses %s', (_what, scenario, message) => {
    expect(refusal(scenario)).toContain(message);
  });

  it('names the field in the error, for the editor to mark', () => {
    try {
      validateScenario({ workflowType: 'w', updates: [{ name: 'u', at: 'later' }] });
    } catch (thrown) {
      expect((thrown as ScenarioError).path).toBe('updates[0].at');
      return;
    }
    throw new Error('accepted');
  });
});

describe("the editor's JSON Schema", () => {
  const schema = generateScenarioSchema() as {
    properties: Record<string, { description?: string; additionalProperties?: unknown }>;
    additionalProperties: unknown;
    required: string[];
  };

  it('refuses unknown fields, requires the workflow type, and explains each field', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['workflowType']);
    expect(schema.properties['cancelAt']?.description).toBe(
      'Request cancellation of the workflow at this virtual time.',
    );
    // Per activity type, an outcome or a list of them, each with exactly the outcome's fields.
    const activity = schema.properties['activities']?.additionalProperties as {
      anyOf: Array<{ type: string; additionalProperties?: unknown }>;
    };
    expect(activity.anyOf.map((branch) => branch.type)).toEqual(['object', 'array']);
    expect(activity.anyOf[0]?.additionalProperties).toBe(false);
  });
});
