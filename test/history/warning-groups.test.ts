/** Identical warnings are one line with a count and the first places, not one line each. */
import { describe, expect, it } from 'vitest';
import { groupWarnings, loadHistory } from '../../src/engine/history/index.ts';
import { sample } from './samples.ts';

type Json = { events: Record<string, unknown>[] };
const base = (): Json =>
  JSON.parse(new TextDecoder().decode(sample('sdk-typescript/signal_workflow_1_13_1.json').bytes));

describe('warning groups', () => {
  it('one group per (code, field path, problem), with a count and the first five places', () => {
    const json = base();
    // As old exporters wrote a member on every event: 24 identical unknown fields.
    for (const event of json.events) event['legacyThing'] = 'x';
    (json.events[1]!['workflowTaskScheduledEventAttributes'] as Record<string, unknown>)['other'] =
      1;
    const loaded = loadHistory(JSON.stringify(json), { name: 'h.json' });
    expect(loaded.warnings).toHaveLength(25);
    const groups = groupWarnings(loaded.warnings);
    expect(groups.map((g) => [g.code, g.fieldPath, g.count])).toEqual([
      ['unknown-field', 'legacyThing', 24],
      ['unknown-field', 'workflowTaskScheduledEventAttributes.other', 1],
    ]);
    expect(groups[0]!.message).toBe(
      'h.json, field legacyThing: field "legacyThing" is not in temporal.api.history.v1.HistoryEvent; kept as is (24 times: event 1, event 2, event 3, event 4, event 5, and 19 more)',
    );
    // Alone, a warning reads as it always did.
    expect(groups[1]!.message).toBe(loaded.warnings[1]!.message);
    expect(groups[0]!.warnings.map((w) => w.eventId)).toEqual(
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
  });

  it('array positions do not split a group; different problems do', () => {
    const json = base();
    const attributes = json.events[0]!['workflowExecutionStartedEventAttributes'] as {
      input: { payloads: Record<string, unknown>[] };
      taskQueue: Record<string, unknown>;
    };
    const payload = attributes.input.payloads[0]!;
    attributes.input.payloads = [payload, { ...payload }, { ...payload }];
    attributes.input.payloads.forEach((p) => (p['decoded'] = true));
    attributes.taskQueue['kind'] = 'TASK_QUEUE_KIND_ONE';
    json.events[1]!['workflowTaskScheduledEventAttributes'] = {
      ...(json.events[1]!['workflowTaskScheduledEventAttributes'] as object),
      taskQueue: { name: 'q', kind: 'TASK_QUEUE_KIND_TWO' },
    };
    const groups = groupWarnings(loadHistory(JSON.stringify(json)).warnings);
    expect(groups.map((g) => [g.fieldPath, g.count])).toEqual([
      // In the order first seen: taskQueue comes before input in the sample.
      ['workflowExecutionStartedEventAttributes.taskQueue.kind', 1],
      ['workflowExecutionStartedEventAttributes.input.payloads[0].decoded', 3],
      ['workflowTaskScheduledEventAttributes.taskQueue.kind', 1],
    ]);
    expect(groups[1]!.message).toMatch(/\(3 times: event 1\)$/);
  });
});
