/**
 * Host figures: calls per second across the component boundary, activations per second for a long
 * run (the `ticker` test guest: a timer per activation, forever) and for a real long replay (the
 * long-loop example's ~51,000-event history, simulated here with its activities, replayed by a
 * session with its component) with peak memory, fresh runs per second of the hello example, the
 * load cache, and activation round trips through the engine worker protocol; in Node (also with
 * the guest in the engine worker thread, as the CLI runs it) and in Chromium (the engine in a Web
 * Worker, as the app runs it). Figures are printed, never asserted.
 */
import Long from 'long';
import type { Plugin } from 'vite';
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistoryEvent } from '../src/engine/core/events.ts';
import { loadComponent } from '../src/engine/host/component.ts';
import { History, WorkflowActivation } from '../src/engine/proto/index.ts';
import { RemoteCode } from '../src/engine/remote/remote-code.ts';
import { simulate } from '../src/engine/sim/simulate.ts';
import { REPO_ROOT } from '../src/node/build/build-component.ts';
import { buildExample } from '../src/node/build/examples.ts';
import { createNodeEngine } from '../src/node/engine-worker/engine.ts';
import * as longLoopActivities from '../examples/long-loop/activities.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.ts';
import { guestComponent, helloComponent } from '../test/host/fixtures.ts';
import {
  measureHost,
  measureLongReplay,
  measureTimeTravel,
  mebibytes,
  type MemoryProbe,
  type Row,
} from './host-measure.ts';
import { sampleWorkerHeap } from './worker-heap.ts';

const print = (rows: Row[]) => {
  for (const [label, value] of rows) console.log(`  ${label.padEnd(66)} ${value}`);
};

async function nodeProtocol(ticker: Uint8Array, activations: number): Promise<Row> {
  const engine = createNodeEngine();
  try {
    const copy = new Uint8Array(ticker);
    await engine.request(
      'load-code',
      { source: { kind: 'bytes', bytes: copy.buffer, label: 'ticker.wasm' } },
      { transfer: [copy.buffer] },
    );
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

/** The long-loop example and the history of its simulated run (10,000 iterations). */
async function longLoop(): Promise<{ component: Uint8Array; history: Uint8Array }> {
  const { component } = await buildExample('long-loop');
  const { events } = await simulate(
    await loadComponent(component, 'long-loop.wasm'),
    { workflowType: 'longLoop', input: [10_000] },
    { activities: longLoopActivities },
  );
  return { component, history: History.encode({ events }) };
}

const RSS: MemoryProbe = { label: 'RSS', read: () => process.memoryUsage().rss };

async function nodeLongReplays(long: { component: Uint8Array; history: Uint8Array }) {
  const here = await loadComponent(long.component, 'long-loop.wasm');
  const rows = [
    await measureLongReplay(here, long.history, 'long-loop replay, all in this thread', RSS),
    ...(await measureTimeTravel(here, long.history, 'Node', RSS)),
  ];
  const engine = createNodeEngine();
  try {
    const remote = await RemoteCode.load(engine, long.component, 'long-loop.wasm');
    rows.push(await measureReplayInWorker(remote, long.history));
    rows.push(
      await measureLongReplay(
        remote,
        long.history,
        'long-loop replay, session here, guest in a worker thread (a round trip per activation)',
        RSS,
      ),
    );
  } finally {
    engine.close();
  }
  return rows;
}

/**
 * The CLI's `replay`: the whole replay in the engine's worker thread, one request and one answer
 * with the outcome (peak RSS covers both threads: they share the process).
 */
async function measureReplayInWorker(remote: RemoteCode, historyBytes: Uint8Array): Promise<Row> {
  const events = (History.decode(historyBytes).events ?? []) as HistoryEvent[];
  let peak = RSS.read()!;
  const sampler = setInterval(() => (peak = Math.max(peak, RSS.read()!)), 50);
  const started = performance.now();
  let outcome;
  try {
    outcome = await remote.replay(events);
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - started;
  if (outcome.verdict.kind !== 'ok')
    throw new Error(`the long-loop history did not replay: ${JSON.stringify(outcome.verdict)}`);
  const steps = outcome.activations;
  return [
    `long-loop replay, guest in a worker thread (CLI) (${events.length.toLocaleString('en-US')} events)`,
    `${Math.round((steps / ms) * 1000).toLocaleString('en-US')}/s activations (${steps.toLocaleString('en-US')} in ${(ms / 1000).toFixed(1)} s); peak RSS ${mebibytes(peak)}`,
  ];
}

/** Serves the built components (`<name>.wasm`) and histories (`<name>.bin`) from memory. */
function componentsPlugin(components: Record<string, Uint8Array>): Plugin {
  return {
    name: 'bench-components',
    configureServer(server) {
      server.middlewares.use('/bench-components/', (req, res, next) => {
        const body = components[(req.url ?? '').replace(/^\//, '').replace(/\.(wasm|bin)$/, '')];
        if (!body) return next();
        res.setHeader('content-type', 'application/octet-stream');
        res.end(body);
      });
    },
  };
}

async function inChromium(components: Record<string, Uint8Array>): Promise<Row[]> {
  const server = await createServer({
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    root: REPO_ROOT,
    logLevel: 'error',
    server: { port: 4196, strictPort: false },
    plugins: [componentsPlugin(components)],
  });
  await server.listen();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    const heap = await sampleWorkerHeap(browser, 'long-replay.worker');
    await page.goto(`${server.resolvedUrls!.local[0]}bench/browser/host.html`);
    const rows = await page.evaluate(
      () => (window as unknown as { benchResult: Promise<Row[]> }).benchResult,
    );
    const peak = await heap.stop();
    const long = rows.find(([label]) => label.startsWith('long-loop replay'))!;
    long[1] += `; peak worker heap ${peak === undefined ? 'n/a' : mebibytes(peak)} (JS + array buffers, over CDP)`;
    return rows;
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function run(): Promise<void> {
  console.log('\n== host ==');
  const components = { hello: await helloComponent(), ticker: await guestComponent('ticker') };
  const long = await longLoop();
  console.log('\nNode (engine on the calling thread):');
  print(await measureHost(components));
  print([await nodeProtocol(components.ticker, 2_000)]);
  print(await nodeLongReplays(long));
  console.log('\nChromium (engine in a Web Worker; Vite dev server):');
  print(
    await inChromium({
      ...components,
      'long-loop': long.component,
      'long-loop-history': long.history,
    }),
  );
}

// `npx tsx bench/host.ts` runs this benchmark alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
