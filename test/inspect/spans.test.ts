/** Spans (the Gantt's bars, the compact list's rows) of a real recorded history, counted by hand. */
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/engine/history/index.ts';
import { buildEventIndex } from '../../src/engine/inspect/event-index.ts';
import { buildSpans } from '../../src/engine/inspect/spans.ts';
import { sample } from '../history/samples.ts';

describe('spans', () => {
  it('one per workflow task, activity, timer, child and external signal, with outcome and time', () => {
    const loaded = loadHistory(sample('sdk-typescript/otel_smorgasbord_1_13_1.json').bytes);
    const index = buildEventIndex(loaded.events, loaded.workflowTasks);
    const { spans, compactRows, spanOfRoot } = buildSpans(loaded, index);
    // The file: 7 workflow tasks, timer 1 (5→29 fired), activities fakeProgress (6→33/34) and
    // queryOwnWf (7), child signalTarget (8), the signal "unblock" to it (14→19).
    const by = (kind: string) => spans.filter((s) => s.kind === kind);
    expect(by('workflow-task')).toHaveLength(7);
    expect(by('timer').map((s) => [s.name, s.rootEventId, s.outcome])).toEqual([['1', 5, 'fired']]);
    expect(by('activity').map((s) => [s.name, s.rootEventId, s.outcome])).toEqual([
      ['fakeProgress', 6, 'completed'],
      ['queryOwnWf', 7, 'completed'],
    ]);
    expect(by('child-workflow').map((s) => [s.name, s.outcome])).toEqual([
      ['signalTarget', 'completed'],
    ]);
    expect(
      by('signal-external').map((s) => [s.name, s.rootEventId, s.lastEventId, s.outcome]),
    ).toEqual([['unblock', 14, 19, 'completed']]);
    const timer = by('timer')[0]!;
    expect(timer.endMs - timer.startMs).toBe(
      index.timeMs[timer.lastEventId - 1]! - index.timeMs[timer.rootEventId - 1]!,
    );
    // Compact: every event that is not a span's root or in no span is folded away.
    const inSpans = spans.reduce((n, s) => n + s.events, 0);
    expect(compactRows.length).toBe(loaded.events.length - inSpans + spans.length);
    for (const span of spans) expect(spanOfRoot[span.rootEventId - 1]).toBe(spans.indexOf(span));
  });
});
