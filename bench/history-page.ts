/**
 * Browser side of the history benchmark: bundled by esbuild and driven by Playwright. Runs the
 * same loads as bench/history-probe.ts, in Chromium's main thread.
 */
import { loadHistory, loadHistoryAsync } from '../src/engine/history/index.ts';

interface ChromeMemory {
  usedJSHeapSize: number;
  totalJSHeapSize: number;
}

async function measure(url: string, form: 'json' | 'binary' | 'gzip') {
  const input = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const gc = (globalThis as { gc?: () => void }).gc!;
  const memory = () => (performance as unknown as { memory: ChromeMemory }).memory;
  const load = () =>
    form === 'gzip' ? loadHistoryAsync(input) : Promise.resolve(loadHistory(input));
  gc();
  const before = memory();
  // The first load, measured while its model is alive; the model is dropped on return.
  const first = async () => {
    const start = performance.now();
    const history = await load();
    const coldMs = performance.now() - start;
    const afterLoad = memory();
    gc();
    return {
      coldMs,
      afterLoad,
      retained: memory().usedJSHeapSize - before.usedJSHeapSize,
      events: history.events.length,
    };
  };
  const { coldMs, afterLoad, retained, events } = await first();
  // Timed loads keep nothing alive between runs, as an app holding one history at a time.
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    gc();
    const t = performance.now();
    await load();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return {
    bytes: input.length,
    events,
    coldMs,
    medianMs: runs[2]!,
    committedGrowth: afterLoad.totalJSHeapSize - before.totalJSHeapSize,
    retainedBytes: retained,
  };
}

(globalThis as { measureHistory?: typeof measure }).measureHistory = measure;
