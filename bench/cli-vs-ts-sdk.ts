/**
 * The CLI's `replay --component` of a small history beside the real TS SDK's replayer
 * (bench/ts-sdk-replay.mjs: webpack bundling of the same example's workflow.ts, then
 * Worker.runReplayHistory) on the same history: wall time of the whole process from spawn to
 * exit, and its peak resident set (all threads). Each side runs once to warm up (the CLI's
 * bundle and transpile cache, the file cache), then RUNS times alternating; the medians and the
 * largest peak are printed with the ratios. One more CLI run with the transpile cache off shows
 * what the cache saves.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportHistoryJson } from '../src/engine/history/index.ts';
import { exampleHistory } from '../test/oracle/example-runs.ts';
import { REPO } from '../test/paths.ts';

const EXAMPLE = 'hello-activity';
const RUNS = 3;

const row = (label: string, value: string) => console.log(`  ${label.padEnd(52)} ${value}`);

interface Sample {
  ms: number;
  peakMiB: number;
}

function measure(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const peakFile = join(dir, 'peak');
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    ['--import', join(REPO, 'bench', 'peak-rss.mjs'), ...args],
    { cwd: REPO, env: { ...process.env, ...env, PEAK_RSS_FILE: peakFile }, encoding: 'utf8' },
  );
  const ms = performance.now() - started;
  if (child.status !== 0) {
    throw new Error(
      `${args.join(' ')} exited with ${child.status}:\n${child.stdout}${child.stderr}`,
    );
  }
  return { ms, peakMiB: Number(readFileSync(peakFile, 'utf8')) / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const summary = (samples: Sample[]) => ({
  ms: median(samples.map((s) => s.ms)),
  peakMiB: Math.max(...samples.map((s) => s.peakMiB)),
});
const show = (s: Sample) => `${(s.ms / 1000).toFixed(2)} s, peak ${s.peakMiB.toFixed(0)} MiB`;

export async function run(): Promise<void> {
  console.log(`== CLI replay --component vs the TS SDK replayer (${EXAMPLE}) ==`);
  const dir = mkdtempSync(join(tmpdir(), 'wp-bench-cli-'));
  try {
    const { events, workflowId } = await exampleHistory(EXAMPLE);
    const history = join(dir, `${EXAMPLE}.json`);
    writeFileSync(history, exportHistoryJson(events).text);
    const cli = [
      join(REPO, 'bin', 'workflow-playground.js'),
      'replay',
      '--component',
      join(REPO, 'public', 'examples', `${EXAMPLE}.wasm`),
      history,
    ];
    const tsSdk = [
      join(REPO, 'bench', 'ts-sdk-replay.mjs'),
      join(REPO, 'examples', EXAMPLE, 'workflow.ts'),
      history,
      workflowId,
    ];
    measure(dir, cli);
    measure(dir, tsSdk);
    const ours: Sample[] = [];
    const theirs: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(measure(dir, cli));
      theirs.push(measure(dir, tsSdk));
    }
    const a = summary(ours);
    const b = summary(theirs);
    row(`history: ${events.length} events; median of ${RUNS} runs, largest peak`, '');
    row('CLI replay --component (transpile cache warm)', show(a));
    row('TS SDK bundleWorkflowCode + runReplayHistory', show(b));
    row(
      'ratio CLI / TS SDK: wall, peak memory',
      `${(a.ms / b.ms).toFixed(2)}, ${(a.peakMiB / b.peakMiB).toFixed(2)}`,
    );
    row(
      'CLI with the transpile cache off (one run)',
      show(measure(dir, cli, { WORKFLOW_PLAYGROUND_CACHE: 'off' })),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
