/**
 * A long history for scale tests and benchmarks: a workflow that sleeps in a loop, one timer per
 * workflow task (TimerStarted, TimerFired, then the next task's Scheduled/Started/Completed),
 * written the way a server records it, until it reaches the requested number of events; then it
 * completes. 50,000 events is close to the most a Temporal server allows (51,200).
 */
import { History } from '../src/engine/proto/index.ts';
import { HistoryBuilder } from './history-builder.ts';

export function timerLoopHistory(targetEvents = 50_000): HistoryBuilder {
  const b = new HistoryBuilder().started('sleepLoop', [targetEvents]).workflowTask();
  // Each iteration adds 5 events; completion adds 1.
  for (let n = 1; b.events.length + 6 <= targetEvents; n++) {
    const started = b.timerStarted(String(n));
    b.timerFired(String(n), started).workflowTask();
  }
  return b.completed('done');
}

/** The same history as a binary `temporal.api.history.v1.History`. */
export function timerLoopHistoryBytes(targetEvents = 50_000): Uint8Array {
  return History.encode({ events: timerLoopHistory(targetEvents).events });
}
