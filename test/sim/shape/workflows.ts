/**
 * Workflows written with this project's SDK to do what the workflows behind three recorded
 * histories do (read in their repositories, not copied): sdk-core's `timer_wf` (one 1 s timer),
 * the TypeScript SDK's `langFlagsReplayCorrectly` (one activity inside a 10 s timeout scope) and
 * its `signalStartOtel` (started with a signal; local activities a and c, b from the signal).
 */
import {
  CancellationScope,
  defineSignal,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '../../../sdk/index.ts';

export async function timerWorkflow(): Promise<void> {
  await sleep('1s');
}

const { noopActivity } = proxyActivities<{ noopActivity: () => Promise<void> }>({
  scheduleToCloseTimeout: '10s',
});

export async function activityWithinTimeout(): Promise<void> {
  await CancellationScope.withTimeout('10s', async () => {
    await noopActivity();
  });
}

const startSignal = defineSignal('startSignal');
const { a, b, c } = proxyLocalActivities<{
  a: () => Promise<string>;
  b: () => Promise<string>;
  c: () => Promise<string>;
}>({ scheduleToCloseTimeout: '1m' });

export async function signalStarted(): Promise<string> {
  const order: string[] = [];
  order.push(await a());
  setHandler(startSignal, async () => {
    order.push(await b());
  });
  order.push(await c());
  return order.join('');
}
