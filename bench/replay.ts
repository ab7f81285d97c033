/**
 * The replay engine against sdk-core on long histories: the same 10,000- and 50,000-event history
 * replayed in echo mode by this engine and by sdk-core's offline replay worker, in one run.
 * Expect sdk-core to scale worse than linearly: it takes each workflow task's events off the front
 * of one Vec holding the rest of the history (history_update.rs `build_next_wft`).
 */
import { replayCore, replayOurs } from '../src/node/oracle/differential.ts';
import { timerLoopHistory } from './timer-loop-history.ts';

const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
const rate = (n: number, ms: number) =>
  `${Math.round((n / ms) * 1000).toLocaleString('en')} events/s`;

export async function run(): Promise<void> {
  console.log('== replay engine vs sdk-core (echo mode) ==');
  const { SdkCoreReplayer } = await import('../src/node/oracle/index.ts');
  const replayer = new SdkCoreReplayer();
  for (const timers of [2_000, 10_000]) {
    const events = timerLoopHistory(timers);
    let t = performance.now();
    const ours = replayOurs(events);
    const oursMs = performance.now() - t;
    const heap = process.memoryUsage().heapUsed;
    t = performance.now();
    const core = await replayCore(replayer, events);
    const coreMs = performance.now() - t;
    if (ours.verdict !== 'ok' || core.verdict !== 'ok')
      throw new Error(
        `bench history did not replay: ours ${ours.verdict}, sdk-core ${core.verdict}`,
      );
    const label = `${events.length.toLocaleString('en')} events, ${ours.activations.length.toLocaleString('en')} activations`;
    row(
      `${label}: this engine`,
      `${oursMs.toFixed(0)} ms, ${rate(events.length, oursMs)} (heap after ${(heap / 2 ** 20).toFixed(0)} MiB)`,
    );
    row(`${label}: sdk-core`, `${coreMs.toFixed(0)} ms, ${rate(events.length, coreMs)}`);
    row('ratio (this engine / sdk-core throughput)', `${(coreMs / oursMs).toFixed(2)}×`);
  }
  await replayer.close();
}
