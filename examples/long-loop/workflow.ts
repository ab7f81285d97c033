/**
 * A long loop for benchmarks: one workflow task per iteration, each waiting on a one-second timer
 * (TimerStarted, TimerFired and three workflow task events), and every tenth on an activity
 * instead. The default 10,000 iterations make a history of about 51,000 events.
 */
import { proxyActivities, sleep } from '../../sdk/index.ts';
import type * as activities from './activities.ts';

const { recordCheckpoint } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
});

export async function longLoop(iterations = 10_000): Promise<number> {
  let checkpoints = 0;
  for (let i = 1; i <= iterations; i++) {
    if (i % 10 === 0) {
      await recordCheckpoint(i);
      checkpoints++;
    } else {
      await sleep('1 second');
    }
  }
  return checkpoints;
}
