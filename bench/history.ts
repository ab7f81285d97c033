/**
 * History loading figures: a generated 50,000-event history (the server's limit is 51,200) in
 * canonical JSON, binary and gzipped JSON, parsed, normalised, validated, linked and grouped by
 * `loadHistory` — throughput (MB/s of input), time per load and memory, in Node (a fresh process
 * per form, for a clean peak RSS) and in Chromium (Debian's, driven by playwright-core).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.ts';
import { exportHistoryBinary, loadHistory } from '../src/engine/history/index.ts';
import { REPO_ROOT } from '../src/node/build/build-component.ts';
import { generateHistory } from './history-fixture.ts';

const EVENTS = 50_000;
const FORMS = ['json', 'binary', 'gzip'] as const;
type Form = (typeof FORMS)[number];
const FILES: Record<Form, string> = {
  json: 'history.json',
  binary: 'history.bin',
  gzip: 'history.json.gz',
};

const mb = (bytes: number) => bytes / 1e6;
const row = (label: string, value: string) => console.log(`  ${label.padEnd(30)} ${value}`);

interface Figures {
  bytes: number;
  events: number;
  coldMs: number;
  medianMs: number;
}

function describe(form: Form, f: Figures, memory: string): void {
  row(
    `${form} (${mb(f.bytes).toFixed(1)} MB)`,
    `${f.medianMs.toFixed(0)} ms median, ${f.coldMs.toFixed(0)} ms cold; ` +
      `${(mb(f.bytes) / (f.medianMs / 1000)).toFixed(1)} MB/s, ` +
      `${((f.events / f.medianMs) * 1000).toFixed(0)} events/s; ${memory}`,
  );
}

function fixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wp-history-bench-'));
  const json = generateHistory(EVENTS);
  writeFileSync(join(dir, FILES.json), json);
  writeFileSync(join(dir, FILES.binary), exportHistoryBinary(loadHistory(json).events));
  writeFileSync(join(dir, FILES.gzip), gzipSync(json));
  return dir;
}

function node(dir: string): void {
  console.log(`\nNode ${process.version} (fresh process per form):`);
  for (const form of FORMS) {
    const probe = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        join(REPO_ROOT, 'bench', 'history-probe.ts'),
        join(dir, FILES[form]),
        form,
      ],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    if (probe.status !== 0) throw new Error(`history probe failed: ${probe.stderr}`);
    const f = JSON.parse(probe.stdout) as Figures & {
      peakRssKiB: number;
      retainedBytes: number;
      jsonParseMs?: number;
      groupMs: number;
      tasks: number;
    };
    describe(
      form,
      f,
      `peak RSS +${(f.peakRssKiB / 1024).toFixed(0)} MiB, model ${mb(f.retainedBytes).toFixed(0)} MB`,
    );
    if (f.jsonParseMs !== undefined) row('', `of which JSON.parse ${f.jsonParseMs.toFixed(0)} ms`);
    if (form === 'json')
      row('', `grouping alone: ${f.groupMs.toFixed(1)} ms for ${f.tasks} workflow tasks`);
  }
}

async function browser(dir: string): Promise<void> {
  const bundle = await build({
    entryPoints: [join(REPO_ROOT, 'bench', 'history-page.ts')],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  });
  const files: Record<string, [Uint8Array | string, string]> = {
    '/': ['<!doctype html><script src="/bench.js"></script>', 'text/html'],
    '/bench.js': [bundle.outputFiles[0]!.contents, 'text/javascript'],
    ...Object.fromEntries(
      FORMS.map((f) => [
        `/${FILES[f]}`,
        [readFileSync(join(dir, FILES[f])), 'application/octet-stream'],
      ]),
    ),
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[1] }).end(file[0]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const chrome = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  try {
    console.log(`\nChromium ${chrome.version()} (page main thread, a fresh page per form):`);
    for (const form of FORMS) {
      const context = await chrome.newContext();
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      const f = await page.evaluate(
        ([url, kind]) =>
          (
            globalThis as unknown as {
              measureHistory(
                u: string,
                k: string,
              ): Promise<Figures & { committedGrowth: number; retainedBytes: number }>;
            }
          ).measureHistory(url, kind),
        [`${origin}/${FILES[form]}`, form] as const,
      );
      describe(
        form,
        f,
        `JS heap committed +${mb(f.committedGrowth).toFixed(0)} MB (≈ peak), model ${mb(f.retainedBytes).toFixed(0)} MB`,
      );
      await context.close();
    }
  } finally {
    await chrome.close();
    server.close();
  }
}

export async function run(): Promise<void> {
  console.log(`== history: load a ${EVENTS.toLocaleString('en')}-event history ==`);
  const dir = fixtures();
  node(dir);
  await browser(dir);
}

// `npx tsx bench/history.ts` runs this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) await run();
