/**
 * The determinism table pairs the i-th server command lang sent in a task with the i-th command
 * event that task's completion recorded (sdk-core matches its command queue against command
 * events in order). Expectations below are written from that rule.
 */
import Long from 'long';
import { describe, expect, it } from 'vitest';
import { determinismTable } from '../../src/engine/inspect/determinism.ts';
import { ET } from '../../src/engine/core/events.ts';
import { toPayload } from '../../src/engine/proto/payload.ts';
import type { HistoryEvent } from '../../src/engine/history/index.ts';
import { HistoryBuilder } from '../history-builder.ts';

const timer = (seq: number) => ({ startTimer: { seq } });
const complete = { completeWorkflowExecution: {} };

function timerEvents(...ids: string[]): HistoryEvent[] {
  const b = new HistoryBuilder().started('wf', []).workflowTask();
  for (const id of ids) b.timerStarted(id);
  return b.events.slice(4) as HistoryEvent[];
}

describe('expected versus actual commands of one workflow task', () => {
  it('matches commands to recorded events row by row', () => {
    const table = determinismTable({
      task: 0,
      wftStartedEventId: 3,
      commandEvents: timerEvents('1', '2'),
      steps: [{ index: 0, commands: [timer(1), timer(2)] }],
      finished: true,
    });
    expect(table.rows.map((r) => r.status)).toEqual(['match', 'match']);
    expect(table.rows.map((r) => r.expected?.eventId)).toEqual([5, 6]);
    expect(table.firstMismatch).toBeUndefined();
  });

  it('marks the first row whose kind or identity differs', () => {
    const table = determinismTable({
      task: 0,
      wftStartedEventId: 3,
      commandEvents: timerEvents('1', '2'),
      steps: [{ index: 0, commands: [timer(1), timer(3)] }],
      finished: true,
    });
    expect(table.rows.map((r) => r.status)).toEqual(['match', 'mismatch']);
    expect(table.firstMismatch).toBe(1);
    const wrongKind = determinismTable({
      task: 0,
      wftStartedEventId: 3,
      commandEvents: timerEvents('1'),
      steps: [{ index: 0, commands: [complete] }],
      finished: true,
    });
    expect(wrongKind.rows[0]).toMatchObject({
      status: 'mismatch',
      expected: { kind: 'StartTimer', detail: 'timer 1', eventType: 'TimerStarted' },
      actual: { kind: 'CompleteWorkflowExecution', step: 0, position: 0 },
    });
  });

  it('tells missing commands from ones not produced yet, and flags extra ones', () => {
    const input = {
      task: 0,
      wftStartedEventId: 3,
      commandEvents: timerEvents('1', '2'),
      steps: [{ index: 0, commands: [timer(1)] }],
    };
    expect(determinismTable({ ...input, finished: false }).rows[1]!.status).toBe('pending');
    expect(determinismTable({ ...input, finished: true }).rows[1]!.status).toBe('missing');
    const extra = determinismTable({
      ...input,
      commandEvents: timerEvents('1'),
      steps: [{ index: 0, commands: [timer(1), complete] }],
      finished: true,
    });
    expect(extra.rows.map((r) => r.status)).toEqual(['match', 'extra']);
    expect(extra.firstMismatch).toBe(1);
  });

  it('counts commands of every activation of the task, and only server commands', () => {
    const table = determinismTable({
      task: 0,
      wftStartedEventId: 3,
      commandEvents: timerEvents('1', '2'),
      steps: [
        { index: 4, commands: [timer(1), { respondToQuery: { queryId: 'q' } }] },
        { index: 5, commands: [timer(2)] },
      ],
      finished: true,
    });
    expect(table.rows.map((r) => [r.status, r.actual?.step, r.actual?.position])).toEqual([
      ['match', 4, 0],
      ['match', 5, 0],
    ]);
  });

  it('calls the commands of a task history never completed new, not replayed', () => {
    const table = determinismTable({
      task: 0,
      wftStartedEventId: 3,
      commandEvents: undefined,
      steps: [{ index: 0, commands: [complete] }],
      finished: true,
    });
    expect(table.recorded).toBe(false);
    expect(table.rows.map((r) => r.status)).toEqual(['new']);
  });

  it('compares patch markers by patch id, as sdk-core does', () => {
    // A core_patch marker as sdk-core writes it: details["patch-data"] holds {"id", "deprecated"}.
    const marker = (id: string): HistoryEvent =>
      ({
        eventId: Long.fromNumber(5),
        eventType: ET.MarkerRecorded,
        markerRecordedEventAttributes: {
          markerName: 'core_patch',
          details: { 'patch-data': { payloads: [toPayload({ id, deprecated: false })] } },
        },
      }) as unknown as HistoryEvent;
    const patch = (patchId: string) => ({ setPatchMarker: { patchId, deprecated: false } });
    const run = (recorded: string, code: string) =>
      determinismTable({
        task: 0,
        wftStartedEventId: 3,
        commandEvents: [marker(recorded)],
        steps: [{ index: 0, commands: [patch(code)] }],
        finished: true,
      }).rows[0]!.status;
    expect(run('v2', 'v2')).toBe('match');
    expect(run('v2', 'v3')).toBe('mismatch');
  });
});
