import { describe, expect, it } from 'vitest';
import { RelatedEvents } from '../../src/engine/inspect/related-events.ts';
import { smorgasbord, smorgasbordRaw, typeName } from './smorgasbord.ts';

describe('related events', () => {
  const history = smorgasbord();
  const related = new RelatedEvents(history.events);
  const raw = smorgasbordRaw();

  /** Every (other event, field) pair that points at `id` through an …EventId attribute, from the file. */
  function pointingAt(id: number): number[] {
    return raw
      .filter((e) =>
        Object.entries(e).some(
          ([k, v]) =>
            k.endsWith('Attributes') &&
            Object.entries(v as Record<string, unknown>).some(
              ([f, x]) =>
                f.endsWith('EventId') && f !== 'parentInitiatedEventId' && Number(x) === id,
            ),
        ),
      )
      .map((e) => Number(e.eventId));
  }

  it('links each event both ways through its …EventId attributes', () => {
    for (const id of [5, 6, 8, 14]) {
      const event = history.events[id - 1]!;
      const links = related.of(event);
      const incoming = links
        .filter((l) => l.relation.startsWith('refers here'))
        .map((l) => l.eventId);
      expect(incoming).toEqual(pointingAt(id));
    }
  });

  it('names the relation by the field, and the other event by its type', () => {
    // Event 5 (TimerStarted) was recorded by the completion at 4; TimerFired 29 points back at it.
    const links = related.of(history.events[4]!);
    const fired = raw.find((e) => typeName(e.eventType) === 'TimerFired')!;
    expect(links).toEqual([
      { eventId: 4, eventType: 'WorkflowTaskCompleted', relation: 'workflow task completed' },
      {
        eventId: Number(fired.eventId),
        eventType: 'TimerFired',
        relation: 'refers here as started',
      },
    ]);
  });
});
