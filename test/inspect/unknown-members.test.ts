/**
 * What a history holds that this schema does not know (unknown JSON members, unknown enum names)
 * is kept for export; the event inspector shows it too, marked `$unknown`, as written.
 */
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/engine/history/index.ts';
import { eventDetail } from '../../src/engine/inspect/event-detail.ts';
import { RelatedEvents } from '../../src/engine/inspect/related-events.ts';
import { sample } from '../history/samples.ts';

describe('the event inspector shows members the schema does not know', () => {
  it('unknown fields and unknown enum names appear where they were, marked', async () => {
    const json = JSON.parse(
      new TextDecoder().decode(sample('sdk-typescript/signal_workflow_1_13_1.json').bytes),
    ) as { events: Record<string, Record<string, unknown>>[] };
    const scheduled = json.events[1]!['workflowTaskScheduledEventAttributes']!;
    (scheduled['taskQueue'] as Record<string, unknown>)['kind'] = 'TASK_QUEUE_KIND_FUTURE';
    scheduled['brandNewField'] = { nested: [1, 2] };
    const loaded = loadHistory(JSON.stringify(json));
    const event = loaded.events[1]!;
    const detail = await eventDetail(event, 0, new RelatedEvents(loaded.events));
    const attributes = detail.json['workflowTaskScheduledEventAttributes'] as Record<
      string,
      unknown
    >;
    expect(attributes['brandNewField']).toEqual({ $unknown: { nested: [1, 2] } });
    expect((attributes['taskQueue'] as Record<string, unknown>)['kind']).toEqual({
      $unknown: 'TASK_QUEUE_KIND_FUTURE',
    });
    // What the schema knows is shown as before.
    expect((attributes['taskQueue'] as Record<string, unknown>)['name']).toBe(
      (json.events[1]!['workflowTaskScheduledEventAttributes']!['taskQueue'] as { name: string })
        .name,
    );
  });
});
