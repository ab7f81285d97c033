import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  exportHistoryBinary,
  exportHistoryJson,
  loadHistory,
  type HistoryWarning,
  type LoadedHistory,
} from '../../src/engine/history/index.ts';
import { HistoryEventType, type HistoryEvent } from '../../src/engine/history/events.ts';
import { sample, samples } from './samples.ts';

const plain = (e: HistoryEvent) =>
  HistoryEventType.toObject(e as never, { enums: String, longs: String, bytes: String });
const where = (warnings: HistoryWarning[]) => warnings.map((w) => [w.code, w.eventId, w.fieldPath]);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** proto3 JSON omits empty maps, lists and default strings; Temporal's tools sometimes write them. */
function withoutEmptyContainers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyContainers);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const inner = withoutEmptyContainers(v);
    const empty =
      inner === '' ||
      (Array.isArray(inner) && inner.length === 0) ||
      (inner !== null &&
        typeof inner === 'object' &&
        !Array.isArray(inner) &&
        Object.keys(inner).length === 0 &&
        k !== 'header');
    if (!empty) out[k] = inner;
  }
  return out;
}

describe('export to canonical proto3 JSON', () => {
  const canonical = samples().filter(
    (s) => s.name.endsWith('.json') && !s.name.includes('cancel_fake_progress'),
  );

  it('writes the canonical samples back as Temporal wrote them (up to empty maps and lists)', () => {
    expect(canonical.length).toBeGreaterThanOrEqual(12);
    for (const s of canonical) {
      const exported = JSON.parse(exportHistoryJson(loadHistory(s.bytes).events).text);
      expect(withoutEmptyContainers(exported), s.name).toEqual(
        withoutEmptyContainers(JSON.parse(text(s.bytes))),
      );
    }
  });

  for (const s of samples()) {
    it(`round-trips ${s.name} losslessly`, () => {
      const first = loadHistory(s.bytes);
      const { text: json, dropped } = exportHistoryJson(first.events);
      expect(dropped).toEqual([]);
      const second = loadHistory(json);
      expect(second.format.dialect).toBe('canonical');
      expect(second.events.map(plain)).toEqual(first.events.map(plain));
      expect(where(second.warnings)).toEqual(where(first.warnings));
      expect(second.workflowTasks.map((t) => t.lastEventId)).toEqual(
        first.workflowTasks.map((t) => t.lastEventId),
      );
    });
  }

  it('converts the legacy form to the canonical one that the TypeScript SDK reads identically', () => {
    const legacy = loadHistory(sample('sdk-typescript/cancel_fake_progress_history.json').bytes);
    const json = exportHistoryJson(legacy.events).text;
    const first = JSON.parse(json).events[0];
    expect(first.eventId).toBe('1');
    expect(first.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(first.eventTime).toBe('2022-07-06T00:33:05Z');
    expect(first.version).toBeUndefined(); // a default: not written
    expect(first.workflowExecutionStartedEventAttributes.taskQueue).toEqual({
      name: 'test',
      kind: 'TASK_QUEUE_KIND_NORMAL',
    });
    expect(first.workflowExecutionStartedEventAttributes.workflowTaskTimeout).toBe('10s');
    expect(first.workflowExecutionStartedEventAttributes.initiator).toBeUndefined(); // "Unspecified"

    const require = createRequire(import.meta.url);
    const { historyFromJSON, historyToJSON } = require('@temporalio/common/lib/proto-utils.js') as {
      historyFromJSON: (json: unknown) => unknown;
      historyToJSON: (history: unknown) => string;
    };
    // The TS SDK's writer, fed by its own reader, is an independent canonical rendering.
    const theirs = JSON.parse(historyToJSON(historyFromJSON(JSON.parse(json))));
    expect(withoutEmptyContainers(JSON.parse(json))).toEqual(withoutEmptyContainers(theirs));
  });

  it('writes binary histories back byte for byte', () => {
    for (const s of samples().filter((x) => x.name.endsWith('.bin'))) {
      expect(
        Buffer.from(exportHistoryBinary(loadHistory(s.bytes).events)).equals(Buffer.from(s.bytes)),
        s.name,
      ).toBe(true);
    }
  });
});

describe('what the schema does not know survives a round trip', () => {
  const base = () => JSON.parse(text(sample('sdk-typescript/signal_workflow_1_13_1.json').bytes));

  function roundTrip(json: unknown): {
    first: LoadedHistory;
    second: LoadedHistory;
    exported: { events: Record<string, unknown>[] };
  } {
    const first = loadHistory(JSON.stringify(json));
    const exported = JSON.parse(exportHistoryJson(first.events).text);
    return { first, second: loadHistory(JSON.stringify(exported)), exported };
  }

  it('keeps unknown fields, unknown enum names and unknown event types', () => {
    const json = base();
    json.events[0].futureField = { nested: [1, 2] };
    json.events[1].workflowTaskScheduledEventAttributes.taskQueue.kind = 'TASK_QUEUE_KIND_FUTURE';
    // A new event type the server may add, marked ignorable, inserted as event 6 (ids shifted).
    json.events.splice(5, 0, {
      eventId: '6',
      eventTime: '2025-10-22T21:01:27.5Z',
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_FUTURE_THING',
      workerMayIgnore: true,
      workflowExecutionFutureThingEventAttributes: { detail: 'x' },
    });
    json.events.forEach((e: { eventId: string }, i: number) => (e.eventId = String(i + 1)));
    const { first, second, exported } = roundTrip(json);
    expect(where(first.warnings)).toEqual([
      ['unknown-field', 1, 'futureField'],
      ['unknown-enum-value', 2, 'workflowTaskScheduledEventAttributes.taskQueue.kind'],
      ['unknown-field', 6, 'workflowExecutionFutureThingEventAttributes'],
      ['unknown-event-type', 6, 'eventType'],
    ]);
    expect(where(second.warnings)).toEqual(where(first.warnings));
    expect(exported.events[0]!['futureField']).toEqual({ nested: [1, 2] });
    expect(
      (exported.events[1]!['workflowTaskScheduledEventAttributes'] as { taskQueue: unknown })
        .taskQueue,
    ).toEqual({
      name: 'test-otel-inbound',
      kind: 'TASK_QUEUE_KIND_FUTURE',
    });
    expect(exported.events[5]!['eventType']).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_FUTURE_THING');
    expect(second.events.map(plain)).toEqual(first.events.map(plain));
  });

  it('keeps "__proto__" keys as data, in unknown fields and in maps', () => {
    const text = new TextDecoder()
      .decode(sample('sdk-typescript/signal_workflow_1_13_1.json').bytes)
      .replace(
        '"header": {\n          "fields": {}\n        }',
        '"header": {"fields": {"__proto__": {"data": "AQ=="}}}, "__proto__": {"x": 1}',
      );
    expect(text).toContain('"__proto__": {"x": 1}');
    const first = loadHistory(text);
    const header = first.events[0]!.workflowExecutionStartedEventAttributes!.header!.fields!;
    expect(Object.keys(header)).toEqual(['__proto__']);
    expect(where(first.warnings)).toEqual([
      ['unknown-field', 1, 'workflowExecutionStartedEventAttributes.__proto__'],
    ]);
    const exported = exportHistoryJson(first.events).text;
    expect(exported).toMatch(/"__proto__": \{\s*"data": "AQ=="/);
    const second = loadHistory(exported);
    expect(
      Object.keys(second.events[0]!.workflowExecutionStartedEventAttributes!.header!.fields!),
    ).toEqual(['__proto__']);
    expect(second.events.map(plain)).toEqual(first.events.map(plain));
    expect(where(second.warnings)).toEqual(where(first.warnings));
  });

  it('reports unknown fields of binary input, which have no JSON form', () => {
    const bin = loadHistory(sample('sdk-core/timer_workflow_history.bin').bytes);
    // Append field 999 (varint 7) to event 1: tag (999 << 3 | 0) as a varint, then 7.
    const extra = Uint8Array.from([0xb8, 0x3e, 0x07]);
    const events = bin.events.map((e) => HistoryEventType.encode(e as never).finish());
    events[0] = Uint8Array.from([...events[0]!, ...extra]);
    const parts = events.flatMap((e) => [0x0a, ...varint(e.length), ...e]);
    const loaded = loadHistory(Uint8Array.from(parts));
    expect(where(loaded.warnings)).toEqual([['unknown-field', 1, undefined]]);
    expect(where(exportHistoryJson(loaded.events).dropped)).toEqual([
      ['unknown-field', 1, undefined],
    ]);
    // …while the binary export keeps them.
    expect(Buffer.from(exportHistoryBinary(loaded.events)).equals(Buffer.from(parts))).toBe(true);
  });
});

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
