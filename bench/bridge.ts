/**
 * Bridge figures: how fast activations go round trip between real sdk-core (replay worker) and the
 * component, straight in one process, through the bridge's WebSocket to a page client, and with
 * the bridge running the component while a page watches every activation and its trace; and what
 * the page spends turning what the bridge reported into its timeline views, after every event as
 * the app does. The workflow is the `ticker` test guest (a timer per activation) over a generated
 * history. Figures are printed, never asserted.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.ts';
import { startPreview } from '../scripts/preview-server.ts';
import { REPO } from '../test/paths.ts';
import type { BridgeClientEvent } from '../src/app/bridge/client.ts';
import { EngineLang } from '../src/engine/bridge/engine-lang.ts';
import { LiveRunLog, liveRunView } from '../src/engine/inspect/live-run.ts';
import { WorkflowActivation, WorkflowActivationCompletion } from '../src/engine/proto/index.ts';
import { createNodeEngine } from '../src/node/engine-worker/engine.ts';
import { SdkCoreReplayer } from '../src/node/oracle/index.ts';
import {
  clientPage,
  eventually,
  ofKind,
  replayOf,
  startBridge,
  tickerHistory,
} from '../test/bridge/harness.ts';
import { guestComponent } from '../test/host/fixtures.ts';

const ACTIVATIONS = 2_000;
/** Activations of the run the debugger page answers in Chromium. */
const PAGE_ACTIVATIONS = 1_000;
const PREVIEW_PORT = 4298;

const row = (label: string, value: string) => console.log(`  ${label.padEnd(66)} ${value}`);
const rate = (count: number, ms: number) =>
  `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s activations (${(ms / count).toFixed(2)} ms each)`;

async function inProcess(ticker: Uint8Array): Promise<number> {
  const engine = createNodeEngine();
  const copy = new Uint8Array(ticker);
  await engine.request(
    'load-code',
    { source: { kind: 'bytes', bytes: copy.buffer, label: 't' } },
    { transfer: [copy.buffer] },
  );
  const lang = new EngineLang(engine);
  const replayer = new SdkCoreReplayer();
  const run = {
    runId: '',
    workflowId: 'wf',
    workflowType: 'ticker',
    namespace: 'default',
    taskQueue: 'tq',
  };
  const started = performance.now();
  const result = await replayer.replay(
    { events: tickerHistory(ACTIVATIONS) },
    async (activation) => {
      const answer = await lang.activate(
        { ...run, runId: activation.runId ?? '' },
        WorkflowActivation.encode(activation),
      );
      return WorkflowActivationCompletion.decode(answer.completion);
    },
  );
  const ms = performance.now() - started;
  if (result.verdict.kind !== 'ok') throw new Error(`in-process replay: ${result.verdict.kind}`);
  await replayer.close();
  engine.close();
  return ms;
}

async function throughBridge(
  ticker: Uint8Array,
  bridgeRuns: boolean,
): Promise<{ ms: number; events: BridgeClientEvent[] }> {
  const { bridge } = await startBridge({
    mode: replayOf(tickerHistory(ACTIVATIONS)),
    ...(bridgeRuns ? { component: { bytes: ticker, label: 'ticker.wasm' } } : {}),
  });
  const page = await clientPage(bridge, bridgeRuns ? undefined : ticker);
  const started = performance.now();
  const ended = await eventually(() => ofKind(page.events, 'run-ended')[0], 'the replay', 300_000);
  const ms = performance.now() - started;
  if (ended.verdict?.['kind'] !== 'ok') throw new Error(`bridge replay: ${ended.reason}`);
  page.client.close();
  page.engine.close();
  await bridge.shutdown('bench over');
  return { ms, events: page.events };
}

/** Feeds the page's events to the live-run log and rebuilds the run's views after each (as the app does). */
function liveViews(events: BridgeClientEvent[]): { ms: number; rebuilds: number; worstMs: number } {
  const log = new LiveRunLog();
  let rebuilds = 0;
  let worstMs = 0;
  const started = performance.now();
  for (const e of events) {
    const run =
      e.kind === 'activation'
        ? log.activation(e)
        : e.kind === 'activation-done'
          ? log.answer(e)
          : e.kind === 'run-ended'
            ? log.ended(e)
            : undefined;
    if (!run) continue;
    const at = performance.now();
    liveRunView(run);
    worstMs = Math.max(worstMs, performance.now() - at);
    rebuilds++;
  }
  return { ms: performance.now() - started, rebuilds, worstMs };
}

/**
 * The debugger page in Chromium (production build) answering a replay through the bridge with the
 * component it loaded, drawing each activation as it arrives: time to sdk-core's verdict, and the
 * page's frame intervals meanwhile.
 */
async function inChromium(ticker: Uint8Array) {
  const preview = await startPreview(PREVIEW_PORT);
  const { bridge } = await startBridge({
    mode: replayOf(tickerHistory(PAGE_ACTIVATIONS)),
    appUrls: [preview.url],
  });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(preview.url);
    await page.waitForSelector('body[data-ready]:not([data-busy])', { timeout: 120_000 });
    await page.getByTestId('component-file').setInputFiles({
      name: 'ticker.wasm',
      mimeType: 'application/wasm',
      buffer: Buffer.from(ticker),
    });
    await page.waitForSelector('[data-testid="component-label"]:text("ticker.wasm")');
    await page.waitForSelector('body:not([data-busy])');
    // A string, so that the bundler's helpers do not end up in the page.
    await page.evaluate(`{
      const frames = (window.frames_ = []);
      let last = performance.now();
      const tick = (now) => {
        frames.push(now - last);
        last = now;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }`);
    const started = performance.now();
    await page.goto(bridge.pageUrl);
    await page.waitForSelector('[data-testid="live-verdict"][data-verdict="ok"]', {
      timeout: 600_000,
    });
    const ms = performance.now() - started;
    const frames = await page.evaluate(() =>
      (window as unknown as { frames_: number[] }).frames_.slice(1).sort((a, b) => a - b),
    );
    const at = (q: number) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))]!;
    return { ms, p50: at(0.5), p95: at(0.95), max: frames.at(-1)! };
  } finally {
    await browser.close();
    await bridge.shutdown('bench over');
    preview.stop();
  }
}

export async function run(): Promise<void> {
  console.log('\n== bridge ==');
  const ticker = await guestComponent('ticker');
  console.log(
    `  sdk-core replaying ${ACTIVATIONS.toLocaleString('en-US')} activations of the ticker guest:`,
  );
  row(
    'in one process (sdk-core → engine worker, no WebSocket)',
    rate(ACTIVATIONS, await inProcess(ticker)),
  );
  const paged = await throughBridge(ticker, false);
  row('through the bridge, the page client running the component', rate(ACTIVATIONS, paged.ms));
  row(
    'the bridge running the component, a page watching every trace',
    rate(ACTIVATIONS, (await throughBridge(ticker, true)).ms),
  );
  if (existsSync(join(REPO, 'dist', 'index.html'))) {
    const page = await inChromium(ticker);
    row(
      `in Chromium, the debugger page answering ${PAGE_ACTIVATIONS.toLocaleString('en-US')} and drawing them`,
      rate(PAGE_ACTIVATIONS, page.ms),
    );
    row(
      '  its frame intervals meanwhile (median / 95th percentile / worst)',
      `${page.p50.toFixed(1)} / ${page.p95.toFixed(1)} / ${page.max.toFixed(0)} ms`,
    );
  } else row('the debugger page in Chromium', 'skipped: run `npm run build` first');
  const views = liveViews(paged.events);
  row(
    `the page's timeline views, rebuilt after each of ${views.rebuilds.toLocaleString('en-US')} events`,
    `${views.ms.toFixed(0)} ms in all, ${(views.ms / views.rebuilds).toFixed(2)} ms each, worst ${views.worstMs.toFixed(2)} ms`,
  );
}

// `npx tsx bench/bridge.ts` runs this benchmark alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
