/**
 * The Chromium side of bench/host.ts: runs the host measurements in a Web Worker, then the
 * long-loop replay in another. (Replays through the app's own engine worker are measured by
 * bench/ui.ts.)
 */
import type { Row } from '../host-measure.ts';

async function bytes(name: string): Promise<Uint8Array> {
  const response = await fetch(`/bench-components/${name}`);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function inWorker(worker: Worker, input: unknown): Promise<Row[]> {
  try {
    return await new Promise((resolve, reject) => {
      worker.onmessage = ({ data }: MessageEvent<{ rows?: Row[]; error?: string }>) =>
        data.rows ? resolve(data.rows) : reject(new Error(data.error));
      worker.postMessage(input);
    });
  } finally {
    worker.terminate();
  }
}

async function main(): Promise<Row[]> {
  const host = await inWorker(
    new Worker(new URL('./host.worker.ts', import.meta.url), { type: 'module' }),
    { hello: await bytes('hello.wasm'), ticker: await bytes('ticker.wasm') },
  );
  const long = await inWorker(
    new Worker(new URL('./long-replay.worker.ts', import.meta.url), { type: 'module' }),
    { component: await bytes('long-loop.wasm'), history: await bytes('long-loop-history.bin') },
  );
  return [...host, ...long];
}

(window as unknown as { benchResult: Promise<Row[]> }).benchResult = main();
