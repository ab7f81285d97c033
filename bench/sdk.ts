/**
 * Guest SDK figures: every example's component size and uncached build time, what the SDK adds
 * to a bare StarlingMonkey component, and the time the guest spends per activation (the host
 * trace's activate and poll-routine durations), cold and in a long run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Long from 'long';
import { loadComponent, type LoadedComponent } from '../src/engine/host/component.ts';
import { WorkflowRunDriver } from '../src/engine/host/driver.ts';
import type { CallEntry } from '../src/engine/host/trace.ts';
import type { coresdk } from '../src/engine/proto/index.ts';
import { toPayload } from '../src/engine/proto/payload.ts';
import { buildComponent, WIT_DIR } from '../src/node/build/build-component.ts';
import { componentizeJs } from '../src/node/build/componentize.ts';
import { EXAMPLES_DIR, listExamples, readExampleMeta } from '../src/node/build/examples.ts';

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);

/** A component that exports the world and does nothing: StarlingMonkey's own weight. */
const BARE_GUEST = `export const workflowGuest = {
  listWorkflows: () => [],
  instantiateWorkflow() { throw { payload: new Uint8Array() }; },
  WorkflowInstance: class { activate() {} pollRoutine() {} },
};`;

async function sizesAndBuildTimes(): Promise<void> {
  console.log('\ncomponent size and uncached build time (bundle + componentize-js + world check):');
  const cacheDir = mkdtempSync(join(tmpdir(), 'wp-bench-sdk-'));
  try {
    const bare = await componentizeJs(BARE_GUEST, WIT_DIR);
    row('bare StarlingMonkey component (no SDK)', mib(bare.length));
    const times: number[] = [];
    for (const id of listExamples()) {
      const interceptors = (readExampleMeta(id).interceptors ?? []).map((p) =>
        join(EXAMPLES_DIR, id, p),
      );
      const built = await buildComponent(join(EXAMPLES_DIR, id, 'workflow.ts'), {
        cacheDir,
        interceptors,
      });
      times.push(built.ms);
      row(
        id,
        `${mib(built.component.length)} (+${mib(built.component.length - bare.length)}), ` +
          `bundle ${(built.bundleBytes / 1024).toFixed(0)} KiB, built in ${(built.ms / 1000).toFixed(1)} s`,
      );
    }
    times.sort((a, b) => a - b);
    row(
      'build time median / max',
      `${(times[times.length >> 1]! / 1000).toFixed(1)} s / ${(times.at(-1)! / 1000).toFixed(1)} s`,
    );
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

const seconds = (ms: number) => ({ seconds: Long.fromNumber(Math.floor(ms / 1000)), nanos: 0 });

/** Drives `iterations` of the long-loop example; returns each activation's guest time (ms). */
async function longLoop(component: LoadedComponent, iterations: number) {
  const runId = 'bench-run';
  const driver = new WorkflowRunDriver(component, { namespace: 'default', taskQueue: 'q', runId });
  let now = Date.UTC(2026, 0, 1);
  const activation = (jobs: coresdk.workflow_activation.IWorkflowActivationJob[]) =>
    driver.activate({ runId, timestamp: seconds((now += 1000)), jobs });
  const started = performance.now();
  let completion = await activation([
    {
      initializeWorkflow: {
        workflowType: 'longLoop',
        workflowId: 'bench',
        arguments: [toPayload(iterations)],
        randomnessSeed: Long.fromNumber(1),
        firstExecutionRunId: runId,
        attempt: 1,
        startTime: seconds(now),
      },
    },
  ]);
  for (;;) {
    if (completion.status !== 'success') throw new Error(completion.message);
    const command = completion.commands.at(-1);
    if (!command || command.completeWorkflowExecution) break;
    const job = command.startTimer
      ? { fireTimer: { seq: command.startTimer.seq } }
      : {
          resolveActivity: {
            seq: command.scheduleActivity!.seq,
            result: { completed: { result: toPayload(0) } },
          },
        };
    completion = await activation([job]);
  }
  const wallMs = performance.now() - started;
  const perActivation = new Map<number, number>();
  let instantiateMs = 0;
  for (const entry of driver.trace) {
    if (entry.type !== 'activate' && entry.type !== 'poll' && entry.type !== 'instantiate')
      continue;
    const { durationMs, activation: index } = entry as CallEntry;
    if (entry.type === 'instantiate') instantiateMs = durationMs;
    else perActivation.set(index, (perActivation.get(index) ?? 0) + durationMs);
  }
  return { times: [...perActivation.values()], instantiateMs, wallMs };
}

function stats(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return `mean ${mean.toFixed(2)} ms, median ${at(0.5).toFixed(2)}, p95 ${at(0.95).toFixed(2)}, max ${at(1).toFixed(1)}`;
}

async function activationTimes(): Promise<void> {
  console.log('\ntime inside the guest per activation (Node, activate + poll-routine calls):');
  const built = await buildComponent(join(EXAMPLES_DIR, 'long-loop', 'workflow.ts'));
  const component = await loadComponent(built.component, 'long-loop.wasm');
  const cold = await longLoop(component, 10);
  row('first run: instantiate-workflow', `${cold.instantiateMs.toFixed(1)} ms`);
  row('first run: first activation', `${cold.times[0]!.toFixed(1)} ms`);
  const iterations = 5000;
  const warm = await longLoop(component, iterations);
  row('later run: instantiate-workflow', `${warm.instantiateMs.toFixed(1)} ms`);
  row(`long-loop, ${iterations} iterations: per activation`, stats(warm.times.slice(1)));
  row(
    'long-loop: activations per second',
    `${((warm.times.length / warm.wallMs) * 1000).toFixed(0)} (${warm.times.length} in ${(warm.wallMs / 1000).toFixed(1)} s)`,
  );
}

/**
 * What capturing the source line behind each command and wait costs: the long loop built with and
 * without stack capture (BundleOptions.sourceSites), the same activations driven through each,
 * alternately, best of five each (a shared machine's noise only ever slows a run down).
 */
export async function sourceSiteCost(): Promise<void> {
  console.log('\nsource lines behind commands (stack capture at each command and wait):');
  const entry = join(EXAMPLES_DIR, 'long-loop', 'workflow.ts');
  const variants = [
    ['with capture', true],
    ['without capture', false],
  ] as const;
  const loaded = await Promise.all(
    variants.map(async ([label, sourceSites]) => {
      const built = await buildComponent(entry, { sourceSites });
      return loadComponent(built.component, `long-loop (${label}).wasm`);
    }),
  );
  const iterations = 2000;
  const best = variants.map(() => 0);
  const guestMs = variants.map(() => Infinity);
  for (let round = 0; round < 5; round++)
    for (const [i, component] of loaded.entries()) {
      const { times, wallMs } = await longLoop(component, iterations);
      best[i] = Math.max(best[i]!, (times.length / wallMs) * 1000);
      guestMs[i] = Math.min(guestMs[i]!, times.reduce((a, b) => a + b, 0) / times.length);
    }
  variants.forEach(([label], i) =>
    row(
      `long-loop, ${label}`,
      `${best[i]!.toFixed(0)} activations/s, ${guestMs[i]!.toFixed(2)} ms per activation in guest calls (best of 5, ${iterations} iterations)`,
    ),
  );
  row(
    'capture and mapping cost',
    `${((1 - best[0]! / best[1]!) * 100).toFixed(1)}% fewer activations per second`,
  );
}

export async function run(): Promise<void> {
  console.log('== guest SDK ==');
  await sizesAndBuildTimes();
  await activationTimes();
  await sourceSiteCost();
}
