/**
 * Hazards found in real recorded histories (../shared/histories). Every expectation below was
 * read off the history itself (event ids, causes, timeout types and the events that follow), not
 * from this code's output.
 */
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/engine/history/index.ts';
import { findHazards } from '../../src/engine/inspect/hazards.ts';
import { sample } from '../history/samples.ts';

const hazardsOf = (name: string) =>
  findHazards(loadHistory(sample(name).bytes, { name })).map(({ kind, eventId, task }) => ({
    kind,
    eventId,
    task,
  }));

const messagesOf = (name: string) =>
  findHazards(loadHistory(sample(name).bytes, { name })).map((h) => h.message);

describe('findHazards on real histories', () => {
  it('tells a reset from a failed attempt (sdk-typescript random-replay, event 9)', () => {
    // Event 9 is WorkflowTaskFailed with cause WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
    // baseRunId 019e93d9-da0e-… and newRunId 248fbeda-…, failing the attempt started at event 8.
    // Events 4–12 form the second workflow task (it ends at WorkflowTaskStarted 12).
    const name = 'sdk-typescript/random-replay-1.17.2.json';
    expect(hazardsOf(name)).toEqual([{ kind: 'workflow-reset', eventId: 9, task: 1 }]);
    const [message] = messagesOf(name);
    expect(message).toContain('WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW');
    expect(message).toContain('248fbeda-b1fd-4901-9dbc-7c9c34273875');
    expect(message).toContain('019e93d9-da0e-70d6-9f43-888c2c8d3988');
    // sdk-core answers a reset with a new randomness seed from the new run id.
    expect(message).toContain('UpdateRandomSeed');
    expect(message).not.toMatch(/retried|cause 20/);
  });

  it('says what timed out and whether the server tried again (sdk-core evict-16, events 15 and 18)', () => {
    // Events 15 and 18 are WorkflowTaskTimedOut (TIMEOUT_TYPE_START_TO_CLOSE) for the attempts
    // started at 14 and 17; event 16 schedules the next attempt, and the history ends at 18.
    // Both attempts fold into the third workflow task (events 8–18; it never completed).
    const name = 'sdk-core/evict_while_la_running_no_interference-16_history.bin';
    expect(hazardsOf(name)).toEqual([
      { kind: 'task-timed-out', eventId: 15, task: 2 },
      { kind: 'task-timed-out', eventId: 18, task: 2 },
    ]);
    const [first, second] = messagesOf(name);
    expect(first).toContain('TIMEOUT_TYPE_START_TO_CLOSE');
    expect(first).toContain('another attempt (event 16)');
    expect(second).toContain('history ends before another attempt');
  });

  it('quotes the failure of a failed attempt and names its cause (sdk-core fail_wf_task, event 9)', () => {
    // Event 9 is WorkflowTaskFailed with no cause (UNSPECIFIED) and the failure "I did an oopsie"
    // for the attempt started at 8; WorkflowTaskScheduled 10 is the next attempt, and the second
    // workflow task is events 4–11.
    const name = 'sdk-core/fail_wf_task.bin';
    expect(hazardsOf(name)).toEqual([{ kind: 'task-failed', eventId: 9, task: 1 }]);
    const [message] = messagesOf(name);
    expect(message).toContain('WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED');
    expect(message).toContain('"I did an oopsie"');
    expect(message).toContain('another attempt (event 10)');
  });

  it('explains a nondeterminism failure recorded by the server (sdk-core evict-23, event 30)', () => {
    // Event 30 is WorkflowTaskFailed, cause WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR.
    const at30 = findHazards(
      loadHistory(sample('sdk-core/evict_while_la_running_no_interference-23_history.bin').bytes),
    ).find((h) => h.eventId === 30);
    expect(at30?.kind).toBe('task-failed');
    expect(at30?.message).toContain('WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR');
    expect(at30?.message).toMatch(/found nondeterminism/);
  });

  it('leaves loader warnings out: an unknown field is not a determinism hazard', () => {
    // A real history with no failed or timed-out attempts, plus a field a newer server might add.
    const text = new TextDecoder().decode(
      sample('sdk-typescript/signal_workflow_1_13_1.json').bytes,
    );
    const json = JSON.parse(text) as { events: Array<Record<string, unknown>> };
    json.events[1]!['someFutureField'] = 'x';
    const loaded = loadHistory(JSON.stringify(json));
    expect(loaded.warnings.map((w) => w.code)).toContain('unknown-field');
    expect(findHazards(loaded)).toEqual([]);
  });
});
