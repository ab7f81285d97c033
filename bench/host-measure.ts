/**
 * Host figures that mean the same in Node and in a browser worker (this module runs in both):
 * raw calls per second across the component boundary, activations per second for a long run
 * through the driver and for a real long replay (the long-loop example's history, through a
 * session), and fresh runs per second of the hello example.
 */
import Long from 'long';
import { loadComponent } from '../src/engine/host/component.ts';
import { WorkflowRunDriver } from '../src/engine/host/driver.ts';
import { CodeCache, type WorkflowCode } from '../src/engine/host/load.ts';
import { firstActivation } from '../src/engine/host/start.ts';
import { DeterministicWasi } from '../src/engine/host/wasi/deterministic-wasi.ts';
import type { HistoryEvent } from '../src/engine/core/events.ts';
import { History, InitializeWorkflow, WorkflowActivation } from '../src/engine/proto/index.ts';
import { ReplaySession } from '../src/engine/session/session.ts';

export type Row = [label: string, value: string];

export const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const perSecond = (count: number, ms: number) =>
  `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;

/** A long run: timer after timer, one activation per fired timer. */
function tickerActivation(index: number) {
  const seconds = Long.fromNumber(1_700_000_000 + index);
  return {
    runId: 'bench-run',
    timestamp: { seconds, nanos: 0 },
    jobs:
      index === 0
        ? [{ initializeWorkflow: { workflowType: 'ticker', workflowId: 'bench' } }]
        : [{ fireTimer: { seq: index } }],
  };
}

export async function measureHost(
  components: { hello: Uint8Array; ticker: Uint8Array },
  sizes = { boundaryCalls: 20_000, activations: 5_000, runs: 50 },
): Promise<Row[]> {
  const rows: Row[] = [];
  const ticker = await loadComponent(components.ticker, 'ticker.wasm');

  // Raw boundary: poll-routine on a blocked routine, straight through jco's glue.
  const guest = await ticker.instantiate(
    { pushCommand() {}, setCurrentDetails() {} },
    new DeterministicWasi(),
  );
  const instance = guest.instantiateWorkflow({
    namespace: 'default',
    taskQueue: 'bench',
    runId: 'bench-run',
    initializeWorkflow: InitializeWorkflow.encode({ workflowType: 'ticker' }),
  });
  instance.activate(WorkflowActivation.encode(tickerActivation(0)));
  // Warm up first, so the figure is the steady state rather than the compiler tiering up.
  for (let i = 0; i < sizes.boundaryCalls / 10; i++) instance.pollRoutine(0n);
  let started = performance.now();
  for (let i = 0; i < sizes.boundaryCalls; i++) instance.pollRoutine(0n);
  rows.push([
    `poll-routine, raw (${sizes.boundaryCalls.toLocaleString('en-US')} calls)`,
    perSecond(sizes.boundaryCalls, performance.now() - started),
  ]);

  // A long run through the driver: per activation one activate, two polls and one push-command.
  const driver = new WorkflowRunDriver(ticker, {
    namespace: 'default',
    taskQueue: 'bench',
    runId: 'bench-run',
  });
  started = performance.now();
  for (let i = 0; i < sizes.activations; i++) {
    const completion = await driver.activate(tickerActivation(i));
    if (completion.status !== 'success') throw new Error(`activation ${i}: ${completion.message}`);
  }
  const ms = performance.now() - started;
  const calls = driver.trace.filter((e) => e.type === 'activate' || e.type === 'poll').length;
  const pushes = driver.trace.filter((e) => e.type === 'command').length;
  rows.push([
    `long run, driver (${sizes.activations.toLocaleString('en-US')} activations)`,
    `${perSecond(sizes.activations, ms)} activations, ${perSecond(calls + pushes, ms)} boundary calls (${calls + pushes} calls, ${driver.trace.length} trace entries)`,
  ]);

  // Fresh runs of the hello example: instance, instantiate-workflow, first activation.
  const hello = await loadComponent(components.hello, 'hello.wasm');
  started = performance.now();
  for (let i = 0; i < sizes.runs; i++) {
    const { identity, activation } = firstActivation({ workflowType: 'greet', args: [`run ${i}`] });
    const completion = await new WorkflowRunDriver(hello, identity).activate(activation);
    if (completion.status !== 'success') throw new Error(`hello run ${i}: ${completion.message}`);
  }
  rows.push([
    `hello: fresh run to completion (${sizes.runs} runs)`,
    `${perSecond(sizes.runs, performance.now() - started)} (${((performance.now() - started) / sizes.runs).toFixed(1)} ms each)`,
  ]);

  // Opening the same bytes again: the content-hash cache.
  const cache = new CodeCache();
  started = performance.now();
  await cache.load(components.hello, 'hello.wasm');
  const cold = performance.now() - started;
  const again = await cache.load(components.hello, 'hello.wasm');
  rows.push([
    'hello: load, then load again (cache hit)',
    `${cold.toFixed(0)} ms, then ${again.hashMs.toFixed(0)} ms (SHA-256 of ${(components.hello.length / 1e6).toFixed(1)} MB)`,
  ]);
  return rows;
}

/** Peak memory, sampled by the caller's probe (what each platform can tell). */
export interface MemoryProbe {
  label: string;
  /** Bytes now, or undefined when the platform does not say. */
  read: () => number | undefined;
}

/**
 * A real long replay: the long-loop example's history (about 51,000 events, 10,001 activations)
 * replayed by a session with the example's component, exactly as the debugger and the CLI step it.
 * `code` is the component loaded here, or elsewhere (the CLI's worker thread). Without a memory
 * probe the caller measures memory itself.
 */
export async function measureLongReplay(
  code: WorkflowCode,
  historyBytes: Uint8Array,
  label: string,
  memory?: MemoryProbe,
): Promise<Row> {
  const events = (History.decode(historyBytes).events ?? []) as HistoryEvent[];
  const session = ReplaySession.open(events, {
    kind: 'component',
    component: code,
  });
  let peak: number | undefined;
  const sample = () => {
    const now = memory?.read();
    if (now !== undefined) peak = Math.max(peak ?? 0, now);
  };
  sample();
  const started = performance.now();
  while (await session.stepForward()) if (session.steps.length % 250 === 0) sample();
  sample();
  const ms = performance.now() - started;
  if (session.verdict.kind !== 'ok')
    throw new Error(`the long-loop history did not replay: ${JSON.stringify(session.verdict)}`);
  const steps = session.steps.length;
  return [
    `${label} (${events.length.toLocaleString('en-US')} events)`,
    `${perSecond(steps, ms)} activations (${steps.toLocaleString('en-US')} in ${(ms / 1000).toFixed(1)} s)` +
      (memory && peak !== undefined ? `; peak ${memory.label} ${mebibytes(peak)}` : ''),
  ];
}

/**
 * Time travel on the long-loop history (10,001 activations): replayed to the end by a session
 * taking checkpoints as the debugger does, then steps back from the end and jumps to activations
 * spread over the run (each from where the previous one left the session), with the component and
 * with the history alone; once back to back and once with a pause before each (a person's pace).
 * Reports the slowest and median of each kind, what the checkpoints hold, and how many guest
 * instances restores made or reused.
 */
export async function measureTimeTravel(
  code: WorkflowCode,
  historyBytes: Uint8Array,
  where: string,
  memory?: MemoryProbe,
): Promise<Row[]> {
  const events = (History.decode(historyBytes).events ?? []) as HistoryEvent[];
  const rows: Row[] = [];
  for (const source of [
    { kind: 'component', component: code } as const,
    { kind: 'echo' } as const,
  ]) {
    const label = source.kind === 'echo' ? 'history only' : 'with its component';
    const before = memory?.read();
    const session = ReplaySession.open(events, source);
    let started = performance.now();
    await session.runToEnd();
    const replayMs = performance.now() - started;
    const after = memory?.read();
    const end = session.steps.length - 1;
    const stats = session.checkpointStats;
    const slowest = (list: number[]) => `${Math.max(...list).toFixed(0)} ms`;
    const median = (list: number[]) =>
      `${[...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!.toFixed(0)} ms`;
    rows.push([
      `time travel, ${label}, ${where}: replay to the end (${(end + 1).toLocaleString('en-US')} activations)`,
      `${(replayMs / 1000).toFixed(1)} s, ${stats.count} checkpoints holding ${mebibytes(stats.bytes)}` +
        (memory && before !== undefined && after !== undefined
          ? `; ${memory.label} grew ${mebibytes(after - before)}`
          : ''),
    ]);
    // Back to back (the next request as soon as one is answered), then at a person's pace: a
    // pause before each, in which the session may prepare (a spare instance, say).
    for (const pauseMs of [0, 100]) {
      const pace = pauseMs === 0 ? 'back to back' : `${pauseMs} ms apart`;
      const pause = () => new Promise((resolve) => setTimeout(resolve, pauseMs));
      await session.goTo(end);
      const backs: number[] = [];
      for (let i = 0; i < 5; i++) {
        if (pauseMs) await pause();
        started = performance.now();
        await session.stepBack();
        backs.push(performance.now() - started);
      }
      // Targets spread over the run, in an order that goes back and forth (a fixed, seeded walk).
      const jumps: number[] = [];
      for (let i = 0, at = 7919 + pauseMs; i < 12; i++) {
        at = (at * 48271) % 2147483647;
        const target = at % (end + 1);
        if (pauseMs) await pause();
        started = performance.now();
        await session.goTo(target);
        jumps.push(performance.now() - started);
        if (session.steps.length !== target + 1) throw new Error(`goTo(${target}) stopped early`);
      }
      rows.push(
        [
          `time travel, ${label}, ${where}: step back at the end (5 times, ${pace})`,
          `slowest ${slowest(backs)}, median ${median(backs)}`,
        ],
        [
          `time travel, ${label}, ${where}: jump to any activation (12 jumps, ${pace})`,
          `slowest ${slowest(jumps)}, median ${median(jumps)}`,
        ],
      );
    }
    const instances = session.instanceStats;
    if (source.kind === 'component')
      rows.push([
        `time travel, ${label}, ${where}: instances for restores`,
        `${instances.fresh} made, ${instances.reused} reused from those set aside, ` +
          `${instances.grown} spares grown to a rung; ` +
          `${instances.prepared} memories restored with changes found during a pause; spares ` +
          `and memory diffs hold ${mebibytes(instances.bytes)} besides the checkpoints`,
      ]);
    if (session.checkpointNote) rows.push([`  checkpoints refused`, session.checkpointNote]);
    session.close();
  }
  return rows;
}
