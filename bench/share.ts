/**
 * Share figures: how well the sample histories compress into a link (and with which framing),
 * the largest generated history that still fits in one, and how long making and opening links
 * and bundles take. `npm run bench share`.
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, constants, createDeflate } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.ts';
import {
  exportHistoryBinary,
  loadHistory,
  type LoadedHistory,
} from '../src/engine/history/index.ts';
import {
  LINK_MAX_CHARS,
  createBundle,
  createShareLink,
  openBundle,
  openShareFragment,
  type ShareState,
} from '../src/engine/share/index.ts';
import { compress } from '../src/engine/share/compression.ts';
import { LINK_MAX_DECOMPRESSED } from '../src/engine/share/limits.ts';
import { REPO_ROOT } from '../src/node/build/build-component.ts';
import { encodePayload } from '../src/engine/share/container.ts';
import { historyCandidates } from '../src/engine/share/history-form.ts';
import { sha256Hex } from '../src/engine/host/sha256.ts';
import { samples } from '../test/history/samples.ts';
import { helloComponent } from '../test/host/fixtures.ts';
import { generateHistory } from './history-fixture.ts';

const APP = 'http://127.0.0.1:5173/';
const row = (label: string, value: string) => console.log(`  ${label.padEnd(60)} ${value}`);
const n = (x: number) => Math.round(x).toLocaleString('en');
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

const stateFor = (label: string): ShareState => ({
  history: { kind: 'inline', label },
  mode: 'echo',
  cursor: { step: 0 },
  breakpoints: [{ kind: 'event-type', eventType: 'TimerFired' }],
  selection: { kind: 'event', eventId: 1 },
});

async function linkOf(history: LoadedHistory, label: string) {
  const made = await createShareLink({ state: stateFor(label), history }, APP);
  return made.ok ? made.value : undefined;
}

async function samplesTable(): Promise<void> {
  console.log('\n  sample histories (file → link; ratio = file bytes / compressed bytes)');
  const totals = { file: 0, smaller: 0, compressed: 0, chars: 0, events: 0 };
  const framing = { 'deflate-raw': 0, deflate: 0, gzip: 0, brotli: 0, binary: 0, json: 0 };
  for (const s of samples()) {
    const history = loadHistory(s.bytes, { name: s.name });
    const link = (await linkOf(history, s.name))!;
    const candidates = [...historyCandidates(history)];
    const chosen = candidates.find((c) => c.form === link.historyForm)!;
    totals.file += s.bytes.length;
    totals.smaller += chosen.bytes.length;
    totals.compressed += link.compressedBytes;
    totals.chars += link.url.length;
    totals.events += history.events.length;
    const payload = encodePayload({
      state: JSON.stringify(stateFor(s.name)),
      history: chosen.bytes,
    });
    for (const format of ['deflate-raw', 'deflate', 'gzip'] as const)
      framing[format] += (await compress(payload, format)).length;
    framing.brotli += brotliCompressSync(payload, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
    const compressedForm = async (bytes: Uint8Array) =>
      (await compress(encodePayload({ state: '{}', history: bytes }), 'deflate')).length;
    framing.binary += await compressedForm(exportHistoryBinary(history.events));
    framing.json += await compressedForm(candidates.find((c) => c.form === 'json')!.bytes);
    row(
      s.name.replace(/^sdk-(core|typescript)\//, ''),
      `${String(history.events.length).padStart(3)} events, ${kb(s.bytes.length).padStart(8)} → ${link.historyForm?.padEnd(6)} ${kb(chosen.bytes.length).padStart(7)} → ${kb(link.compressedBytes).padStart(6)}, link ${n(link.url.length).padStart(5)} chars, ratio ${(s.bytes.length / link.compressedBytes).toFixed(1)}×`,
    );
  }
  row(
    'all samples',
    `${totals.events} events, ${kb(totals.file)} → ${kb(totals.smaller)} → ${kb(totals.compressed)}: ratio ${(totals.file / totals.compressed).toFixed(1)}× to the files, ${(totals.smaller / totals.compressed).toFixed(1)}× to the form sent; ${n(totals.chars / samples().length)} chars per link on average`,
  );
  console.log('\n  the same payloads (state + chosen form), summed over the samples');
  for (const [format, bytes] of Object.entries(framing).slice(0, 4))
    row(
      format === 'brotli'
        ? 'brotli q11 (not in CompressionStream: reference)'
        : `CompressionStream('${format}')`,
      kb(bytes),
    );
  row('history alone, binary form, deflate', kb(framing.binary));
  row('history alone, JSON form, deflate', kb(framing.json));
}

/** The largest history of `make(events)` whose link fits, by bisection on the event count. */
async function largestFitting(make: (events: number) => LoadedHistory): Promise<string> {
  let low = 20;
  let high = 20_000;
  while (high - low > 8) {
    const mid = Math.floor((low + high) / 2);
    if (await linkOf(make(mid), 'generated.json')) low = mid;
    else high = mid;
  }
  const history = make(low);
  const link = (await linkOf(history, 'generated.json'))!;
  const json = new TextEncoder().encode(generateHistory(low));
  row(
    'largest generated history that fits in a link',
    `${n(history.events.length)} events: ${kb(json.length)} as \`temporal workflow show\` JSON, ${kb(exportHistoryBinary(history.events).length)} binary → link of ${n(link.url.length)} chars (limit ${n(LINK_MAX_CHARS)})`,
  );
  let t = performance.now();
  for (let i = 0; i < 5; i++) await linkOf(history, 'generated.json');
  row('  make that link', `${((performance.now() - t) / 5).toFixed(0)} ms`);
  t = performance.now();
  for (let i = 0; i < 5; i++) await openShareFragment(new URL(link.url).hash);
  row(
    '  open that link (decode, check, load the history)',
    `${((performance.now() - t) / 5).toFixed(0)} ms`,
  );
  return link.url;
}

/** zlib output for 1 MiB of zeros with its header, and the identical bytes of every further MiB. */
async function bombParts(): Promise<{ head: number[]; unit: number[] }> {
  const deflate = createDeflate();
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const parts: Buffer[] = [];
  for (let i = 0; i < 2; i++) {
    deflate.write(Buffer.alloc(2 ** 20));
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    parts.push(Buffer.concat(out.splice(0)));
  }
  deflate.destroy();
  return { head: [...parts[0]!], unit: [...parts[1]!] };
}

async function inChromium(link: string): Promise<void> {
  const bundle = await build({
    entryPoints: [join(REPO_ROOT, 'bench', 'share-page.ts')],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  });
  const server = createServer((req, res) => {
    if (req.url === '/bench.js')
      return void res
        .writeHead(200, { 'content-type': 'text/javascript' })
        .end(bundle.outputFiles[0]!.contents);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<script src="/bench.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const chrome = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  try {
    const page = await chrome.newPage();
    await page.goto(`${origin}/`);
    const { head, unit } = await bombParts();
    const f = await page.evaluate(
      ([fragment, h, u, limit]) =>
        (
          globalThis as unknown as {
            measureShare(
              f: string,
              h: number[],
              u: number[],
              l: number,
            ): Promise<{ openMs: number; code: string; boundedGrowth: number; rawGrowth: number }>;
          }
        ).measureShare(fragment, h, u, limit),
      [new URL(link).hash, head, unit, LINK_MAX_DECOMPRESSED] as const,
    );
    console.log(`\n  Chromium ${chrome.version()} (page main thread)`);
    row('  open the largest link', `${f.openMs.toFixed(0)} ms`);
    row(
      '  endless bomb, 60 MiB per 62 kB input chunk: bounded reader',
      `${f.code} at 8 MiB, heap +${f.boundedGrowth.toFixed(1)} MiB`,
    );
    row(
      '  the same bomb, DecompressionStream read to 8 MiB directly',
      `heap +${f.rawGrowth.toFixed(1)} MiB (a whole input chunk inflates at once)`,
    );
  } finally {
    await chrome.close();
    server.close();
  }
}

async function bundles(): Promise<void> {
  const component = await helloComponent();
  const history = loadHistory(generateHistory(50_000));
  const state: ShareState = {
    history: { kind: 'inline', label: 'generated.json' },
    component: { kind: 'sha256', sha256: await sha256Hex(component), label: 'hello.wasm' },
    mode: 'component',
    cursor: { step: 100 },
    breakpoints: [],
  };
  let t = performance.now();
  const made = await createBundle({ state, history, component });
  const makeMs = performance.now() - t;
  if (!made.ok) throw new Error(made.error.message);
  t = performance.now();
  const opened = await openBundle(new Blob([made.value.bytes as BlobPart]));
  const openMs = performance.now() - t;
  if (!opened.ok) throw new Error(opened.error.message);
  row(
    'bundle: hello component + 50,000-event history',
    `${kb(component.length + exportHistoryBinary(history.events).length)} → ${kb(made.value.bytes.length)}; made in ${makeMs.toFixed(0)} ms, opened in ${openMs.toFixed(0)} ms`,
  );
}

export async function run(): Promise<void> {
  console.log('== share: links and bundles ==');
  await samplesTable();
  console.log('');
  const largest = await largestFitting((events) => loadHistory(generateHistory(events)));
  await bundles();
  await inChromium(largest);
}
