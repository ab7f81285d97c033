/**
 * The Chromium side of bench/host.ts: runs the host measurements and the long-loop replay in a
 * Web Worker. (Replays through
 * the app's own engine worker are measured by bench/ui.ts.)
 */
import type { Row } from '../host-measure.ts';
import type { BenchInputs } from './host.worker.ts';

async function bytes(name: string): Promise<Uint8Array> {
  const response = await fetch(`/bench-components/${name}`);
  if (!response.ok) throw new Error(`${name}.wasm: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function inWorker(components: BenchInputs): Promise<Row[]> {
  const worker = new Worker(new URL('./host.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise((resolve, reject) => {
      worker.onmessage = ({ data }: MessageEvent<{ rows?: Row[]; error?: string }>) =>
        data.rows ? resolve(data.rows) : reject(new Error(data.error));
      worker.postMessage(components);
    });
  } finally {
    worker.terminate();
  }
}

async function main(): Promise<Row[]> {
  return inWorker({
    hello: await bytes('hello.wasm'),
    ticker: await bytes('ticker.wasm'),
    longLoop: await bytes('long-loop.wasm'),
    longLoopHistory: await bytes('long-loop-history.bin'),
  });
}

(window as unknown as { benchResult: Promise<Row[]> }).benchResult = main();
