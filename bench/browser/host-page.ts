/**
 * The Chromium side of bench/host.ts: runs the host measurements in a Web Worker, then the same
 * long run through the app's engine worker and protocol (one round trip per activation).
 */
import Long from 'long';
import { createBrowserEngine } from '../../src/app/engine-worker/client.ts';
import { WorkflowActivation } from '../../src/engine/proto/index.ts';
import type { Row } from '../host-measure.ts';

async function bytes(name: string): Promise<Uint8Array> {
  const response = await fetch(`/bench-components/${name}.wasm`);
  if (!response.ok) throw new Error(`${name}.wasm: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function inWorker(components: { hello: Uint8Array; ticker: Uint8Array }): Promise<Row[]> {
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

async function throughProtocol(ticker: Uint8Array, activations: number): Promise<Row> {
  const engine = createBrowserEngine({});
  try {
    await engine.request('load-code', {
      source: { kind: 'bytes', bytes: ticker.slice().buffer, label: 'ticker.wasm' },
    });
    const { run } = await engine.request('start-run', {
      identity: { namespace: 'default', taskQueue: 'bench', runId: 'bench-run' },
    });
    const started = performance.now();
    for (let i = 0; i < activations; i++) {
      await engine.request('activate', {
        run,
        activation: WorkflowActivation.encode({
          runId: 'bench-run',
          timestamp: { seconds: Long.fromNumber(1_700_000_000 + i), nanos: 0 },
          jobs:
            i === 0
              ? [{ initializeWorkflow: { workflowType: 'ticker' } }]
              : [{ fireTimer: { seq: i } }],
        }),
      });
    }
    const ms = performance.now() - started;
    return [
      `long run through the engine worker protocol (${activations} activations)`,
      `${Math.round((activations / ms) * 1000).toLocaleString('en-US')}/s activations, round trip included`,
    ];
  } finally {
    engine.close();
  }
}

async function main(): Promise<Row[]> {
  const components = { hello: await bytes('hello'), ticker: await bytes('ticker') };
  const rows = await inWorker(components);
  rows.push(await throughProtocol(components.ticker, 2_000));
  return rows;
}

(window as unknown as { benchResult: Promise<Row[]> }).benchResult = main();
