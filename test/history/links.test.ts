/**
 * Event links and the run summary, against what the history files themselves say (the reference
 * ids written into each event's attributes, read off the JSON by hand).
 */
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/engine/history/index.ts';
import { sample } from './samples.ts';

describe('event links', () => {
  const h = loadHistory(sample('sdk-typescript/otel_smorgasbord_1_13_1.json').bytes);
  const chainOf = (id: number) => h.links.chains[h.links.chainByEventId.get(id)!]!;

  it('ties activities, timers, children and external signals to what began them', () => {
    // 6 ActivityTaskScheduled (activityId 1) ← 33 Started, 34 Completed (scheduledEventId=6)
    expect(chainOf(34)).toEqual({
      kind: 'activity',
      rootEventId: 6,
      eventIds: [6, 33, 34],
      key: '1',
      lastEventType: 'ActivityTaskCompleted',
    });
    // 7 (activityId 2) ← 23 Started, 25 Completed
    expect(chainOf(7).eventIds).toEqual([7, 23, 25]);
    // 5 TimerStarted (timerId 1) ← 29 TimerFired (startedEventId=5)
    expect(chainOf(29)).toMatchObject({
      kind: 'timer',
      eventIds: [5, 29],
      key: '1',
      lastEventType: 'TimerFired',
    });
    // 8 StartChildWorkflowExecutionInitiated ← 10 Started, 24 Completed (initiatedEventId=8)
    expect(chainOf(24)).toMatchObject({
      kind: 'child-workflow',
      eventIds: [8, 10, 24],
      key: '4951fb36-36e1-414c-a359-ae6f70541afe',
    });
    // 14 SignalExternalWorkflowExecutionInitiated ← 19 ExternalWorkflowExecutionSignaled
    expect(chainOf(19)).toMatchObject({ kind: 'signal-external', eventIds: [14, 19] });
    // 11 WorkflowTaskScheduled ← 12 Started, 13 Completed
    expect(chainOf(12)).toMatchObject({ kind: 'workflow-task', eventIds: [11, 12, 13] });
    expect(h.links.initiatorOf.get(25)).toBe(7); // ActivityTaskCompleted → its ActivityTaskScheduled
    expect(h.links.chainByEventId.has(15)).toBe(false); // a signal begins nothing
  });

  it('knows which task completion recorded each command event', () => {
    expect([5, 6, 7, 8, 9].map((id) => h.links.recordedBy.get(id))).toEqual([4, 4, 4, 4, 4]);
    expect(h.links.recordedBy.get(14)).toBe(13);
    expect(h.links.recordedBy.get(38)).toBe(37);
  });

  it('ties an update acceptance to its completion', () => {
    const u = loadHistory(sample('sdk-core/long_local_activity_with_update-0_history.bin').bytes);
    // 9 UpdateCompleted has acceptedEventId=8 and the same update id as 8.
    expect(u.links.chains[u.links.chainByEventId.get(9)!]).toEqual({
      kind: 'update',
      rootEventId: 8,
      eventIds: [8, 9],
      key: '79401230-1c44-411f-8382-4be0d9d060ce',
      lastEventType: 'WorkflowExecutionUpdateCompleted',
    });
  });
});

describe('run summary', () => {
  it('reads type, ids, status, SDKs and flags off the events', () => {
    const h = loadHistory(sample('sdk-typescript/otel_smorgasbord_1_13_2.json').bytes);
    expect(h.summary).toMatchObject({
      status: 'completed',
      eventCount: 38,
      workflowTaskCount: 7, // one per WorkflowTaskCompleted, counted below
      sdks: [{ name: 'temporal-typescript', version: '1.13.2', firstEventId: 4 }],
      // 4: core [1, 3, 2], lang [5, 4]; 18: lang [3, 2]
      coreUsedFlags: [1, 2, 3],
      langUsedFlags: [2, 3, 4, 5],
    });
    expect(h.summary.eventTypes['WorkflowTaskCompleted']).toBe(7); // 4, 13, 18, 23, 28, 32, 37
    const running = loadHistory(
      sample('sdk-core/evict_while_la_running_no_interference-16_history.bin').bytes,
    );
    expect(running.summary.status).toBe('running');
    expect(running.summary.closeTime).toBeUndefined();
  });
});
