/**
 * Bridge figures: how fast activations go round trip between real sdk-core (replay worker) and the
 * component, straight in one process, through the bridge's WebSocket to a page client, and with
 * the bridge running the component while a page watches every activation and its trace. The
 * workflow is the `ticker` test guest (a timer per activation) over a generated history. Figures
 * are printed, never asserted.
 */
import { fileURLToPath } from 'node:url';
import { EngineLang } from '../src/engine/bridge/engine-lang.ts';
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

const row = (label: string, value: string) => console.log(`  ${label.padEnd(66)} ${value}`);
const rate = (count: number, ms: number) =>
  `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s activations (${(ms / count).toFixed(2)} ms each)`;

async function inProcess(ticker: Uint8Array): Promise<number> {
  const engine = createNodeEngine();
  const copy = new Uint8Array(ticker);
  await engine.request('load-code', { source: { kind: 'bytes', bytes: copy.buffer, label: 't' } }, [
    copy.buffer,
  ]);
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

async function throughBridge(ticker: Uint8Array, bridgeRuns: boolean): Promise<number> {
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
  return ms;
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
  row(
    'through the bridge, the page client running the component',
    rate(ACTIVATIONS, await throughBridge(ticker, false)),
  );
  row(
    'the bridge running the component, a page watching every trace',
    rate(ACTIVATIONS, await throughBridge(ticker, true)),
  );
}

// `npx tsx bench/bridge.ts` runs this benchmark alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
