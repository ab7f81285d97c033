import { describe, expect, it } from 'vitest';
import { root } from '../../src/engine/proto/index.ts';
import { EVENT_CATEGORIES, categoryOf } from '../../src/engine/inspect/categories.ts';
import { buildEventIndex } from '../../src/engine/inspect/event-index.ts';
import { smorgasbord, smorgasbordRaw, typeName } from './smorgasbord.ts';

describe('event categories', () => {
  it('puts the events people filter together in one category', () => {
    expect(categoryOf('WorkflowExecutionSignaled')).toBe('signal');
    expect(categoryOf('SignalExternalWorkflowExecutionInitiated')).toBe('signal');
    expect(categoryOf('ExternalWorkflowExecutionSignaled')).toBe('signal');
    expect(categoryOf('RequestCancelExternalWorkflowExecutionInitiated')).toBe('external');
    expect(categoryOf('ExternalWorkflowExecutionCancelRequested')).toBe('external');
    expect(categoryOf('WorkflowExecutionUpdateAccepted')).toBe('update');
    expect(categoryOf('StartChildWorkflowExecutionInitiated')).toBe('child-workflow');
    expect(categoryOf('ChildWorkflowExecutionCompleted')).toBe('child-workflow');
    expect(categoryOf('UpsertWorkflowSearchAttributes')).toBe('workflow');
    expect(categoryOf('WorkflowTaskTimedOut')).toBe('workflow-task');
    expect(categoryOf('MarkerRecorded')).toBe('marker');
    expect(categoryOf('NexusOperationScheduled')).toBe('nexus');
  });

  it('has a category for every event type in the schema', () => {
    const types = Object.keys(root.lookupEnum('temporal.api.enums.v1.EventType').values).filter(
      (t) => t !== 'EVENT_TYPE_UNSPECIFIED',
    );
    expect(types.length).toBeGreaterThan(40);
    const uncategorised = types.filter((t) => categoryOf(typeName(t)) === 'other');
    expect(uncategorised).toEqual([]);
  });
});

describe('the event index of a real history', () => {
  const history = smorgasbord();
  const raw = smorgasbordRaw();
  const index = buildEventIndex(history.events, history.workflowTasks);

  it('holds every event with its id, type, category and time, as the file says', () => {
    expect(index.count).toBe(raw.length);
    raw.forEach((e, i) => {
      expect(index.ids[i]).toBe(Number(e.eventId));
      expect(index.types[index.typeOf[i]!]).toBe(typeName(e.eventType));
      expect(EVENT_CATEGORIES[index.categoryOf[i]!]).toBe(categoryOf(typeName(e.eventType)));
      expect(index.timeMs[i]).toBe(Date.parse(e['eventTime'] as string));
    });
  });

  it('assigns events to the workflow task that led to them or recorded them', () => {
    // Task 1 is events 1-3 and its completion at 4 with the commands it recorded (5-9); task 2
    // is what led to it (the child's start at 10, 11, 12), then its completion at 13 onwards.
    expect(Array.from(index.taskOf.slice(0, 9))).toEqual(Array(9).fill(0));
    expect(Array.from(index.taskOf.slice(9, 13))).toEqual([1, 1, 1, 1]);
  });

  it('summarises events by what tells them apart', () => {
    const summary = (id: number) => index.summary[id - 1];
    // From the file: event 5 starts timer "1" for 1s; event 6 schedules fakeProgress (id "1")
    // with input 100, 10; event 9 is the local activity marker of "echo".
    expect(summary(5)).toBe('timer 1 · 1s');
    expect(summary(6)).toBe('fakeProgress · id 1 · 100, 10');
    expect(summary(9)).toBe('local activity · echo · seq 3');
    expect(summary(12)).toMatch(/^← 11/);
  });
});
