import { describe, expect, it } from 'vitest';
import { runSummary } from '../../src/engine/inspect/run-summary.ts';
import { smorgasbord } from './smorgasbord.ts';

describe('the run summary of a history the TypeScript SDK recorded', () => {
  const history = smorgasbord();
  const run = runSummary(history.events, history.workflowTasks);

  it('reads status, times, task queue and input from the events', () => {
    expect(run.status).toBe('completed');
    expect(run.taskQueue).toBe('test-otel-inbound');
    expect(run.startMs).toBe(Date.parse('2025-10-22T18:14:10.813Z'));
    expect(run.closeMs).toBe(Date.parse('2025-10-22T18:14:11.856Z'));
    expect(run.input).toBe('2');
    expect(run.outcome?.label).toBe('Result');
  });

  it('says which SDK and worker recorded it, from sdkMetadata and the completions', () => {
    expect(run.sdks).toEqual(['temporal-typescript 1.13.1']);
    expect(run.workers).toEqual(['48709@mac.lan']);
  });
});
