/**
 * Rust guests beside StarlingMonkey guests (`npm run bench rust`): for each Rust example that
 * mirrors a TypeScript one (and the raw-WIT component, which has no twin), the component's size,
 * jco's transpile and the core modules' compile time, the time to instantiate the component and
 * one workflow run in it (its first activation), and activations per second after that first
 * one, replaying the example's own simulated run (in parentheses: its activation count). Then the Rust examples'
 * build: warm (every component cached by content hash), warm Cargo (components rebuilt, Cargo's
 * target dir warm), and, with WP_BENCH_RUST_COLD=1, cold (an empty target dir: std and ~190
 * crates compiled, under nice; crates.io downloads already in ~/.cargo).
 *
 * Needs the built components: `npm run build:rust-examples` and `npm run build:examples`.
 * Figures are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExampleMeta } from '../examples/manifest.ts';
import { loadComponent, type LoadedComponent } from '../src/engine/host/component.ts';
import { startRun } from '../src/engine/host/load.ts';
import { firstActivation } from '../src/engine/host/start.ts';
import { ReplaySession } from '../src/engine/session/session.ts';
import { simulate, type SimulateOptions } from '../src/engine/sim/simulate.ts';
import { PUBLIC_EXAMPLES_DIR, REPO_ROOT } from '../src/node/build/build-component.ts';
import {
  listRustExamples,
  readRustExampleMeta,
  RUST_EXAMPLES_DIR,
  rustExamplePath,
} from '../src/node/build/rust-examples.ts';
import type { Row } from './host-measure.ts';

/** Rust example → the TypeScript example it mirrors (null: none does). */
const PAIRS: Array<[rust: string, typescript: string | null]> = [
  ['hello', 'hello'],
  ['hello-activity', 'hello-activity'],
  ['timers-cancellation', 'timers-cancellation'],
  ['child-workflows', 'child-workflows'],
  ['continue-as-new', 'continue-as-new'],
  ['local-activities', 'local-activities'],
  ['raw-wit-timer', null],
];

const REPLAYS = 30;
const INSTANCES = 30;

const print = (rows: Row[]) => {
  for (const [label, value] of rows) console.log(`  ${label.padEnd(58)} ${value}`);
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

interface Subject {
  label: string;
  path: string;
  meta: ExampleMeta;
  /** The TypeScript example whose activities.ts answers its activities. */
  activitiesOf?: string;
}

function subjects(): Subject[] {
  const list: Subject[] = [];
  for (const [rust, ts] of PAIRS) {
    const meta = readRustExampleMeta(rust);
    list.push({
      label: `rust-${rust}`,
      path: rustExamplePath(rust),
      meta,
      ...(meta.activities ? { activitiesOf: meta.activities } : {}),
    });
    if (ts)
      list.push({
        label: ts,
        path: join(PUBLIC_EXAMPLES_DIR, `${ts}.wasm`),
        meta: JSON.parse(
          readFileSync(join(REPO_ROOT, 'examples', ts, 'example.json'), 'utf8'),
        ) as ExampleMeta,
        ...(existsSync(join(REPO_ROOT, 'examples', ts, 'activities.ts'))
          ? { activitiesOf: ts }
          : {}),
      });
  }
  return list;
}

/** Mean time of instantiating the component and one workflow run in it (its first activation). */
async function instantiateMs(component: LoadedComponent, meta: ExampleMeta): Promise<number> {
  const { identity, activation } = firstActivation({
    workflowType: meta.workflowType,
    args: meta.input,
  });
  let total = 0;
  for (let i = 0; i < INSTANCES + 1; i++) {
    const driver = startRun(component, identity);
    const started = performance.now();
    await driver.activate(activation);
    // The first includes the compiler tiering up: left out.
    if (i > 0) total += performance.now() - started;
  }
  return total / INSTANCES;
}

/**
 * Activations per second after the first (which instantiates), replaying the example's own
 * simulated run: the activations a replay session made from its history, fed again to fresh
 * runs. Undefined when the run has a single activation.
 */
async function activationRate(component: LoadedComponent, subject: Subject) {
  const activities = subject.activitiesOf
    ? ((await import(
        join(REPO_ROOT, 'examples', subject.activitiesOf, 'activities.ts')
      )) as SimulateOptions['activities'])
    : undefined;
  const { events } = await simulate(
    component,
    {
      ...subject.meta.scenario,
      workflowType: subject.meta.workflowType,
      input: subject.meta.input,
    },
    activities ? { activities } : {},
  );
  const session = ReplaySession.open(events, { kind: 'component', component }, {});
  await session.runToEnd();
  if (session.verdict.kind !== 'ok')
    throw new Error(`${subject.label}: its own run did not replay (${session.verdict.kind})`);
  const [first, ...rest] = session.steps.map((step) => step.activation);
  if (rest.length === 0) return { activations: 1, perSecond: undefined };
  let elapsed = 0;
  for (let i = 0; i < REPLAYS + 1; i++) {
    const driver = startRun(component, { namespace: 'default', taskQueue: 'bench', runId: 'r' });
    await driver.activate(first!);
    const started = performance.now();
    for (const activation of rest) {
      const completion = await driver.activate(activation);
      if (completion.status !== 'success')
        throw new Error(`${subject.label}: ${completion.message}`);
    }
    // The first round includes the compiler tiering up: left out.
    if (i > 0) elapsed += performance.now() - started;
  }
  return { activations: rest.length + 1, perSecond: ((rest.length * REPLAYS) / elapsed) * 1000 };
}

export async function guests(): Promise<void> {
  const list = subjects();
  const missing = list.filter((s) => !existsSync(s.path)).map((s) => s.path);
  if (missing.length > 0) {
    console.log(
      `  not built: ${missing.join(', ')}; run npm run build:rust-examples and npm run build:examples`,
    );
    return;
  }
  // jco's own first run in a process pays its start-up; warm it on a component not measured.
  await loadComponent(readFileSync(list[0]!.path), 'warm-up');
  console.log(
    `  ${'component'.padEnd(28)} ${'size'.padStart(9)} ${'transpile'.padStart(10)} ${'compile'.padStart(9)} ` +
      `${'instantiate+1st task'.padStart(21)} ${'later activations'.padStart(24)}`,
  );
  for (const subject of list) {
    const bytes = readFileSync(subject.path);
    const component = await loadComponent(bytes, subject.label);
    const { transpileMs, compileMs } = component.timings;
    const instantiate = await instantiateMs(component, subject.meta);
    const rate = await activationRate(component, subject);
    console.log(
      `  ${subject.label.padEnd(28)} ${`${(bytes.length / 1024).toFixed(0)} KiB`.padStart(9)} ` +
        `${ms(transpileMs).padStart(10)} ${ms(compileMs).padStart(9)} ${ms(instantiate).padStart(21)} ` +
        `${(rate.perSecond === undefined ? `n/a (${rate.activations})` : `${Math.round(rate.perSecond).toLocaleString('en-US')}/s (${rate.activations})`).padStart(24)}`,
    );
  }
}

/** One `npm run build:rust-examples` in a child process, under nice, with `env` added. */
function timedBuild(env: Record<string, string>): { seconds: number; ok: boolean; tail: string } {
  const started = performance.now();
  const r = spawnSync(
    'nice',
    [process.execPath, '--import', 'tsx', join(REPO_ROOT, 'src/node/build/rust-examples.ts')],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, ok: r.status === 0, tail: `${r.stdout}${r.stderr}`.trim().split('\n').at(-1)! };
}

export function builds(): void {
  const rows: Row[] = [];
  const row = (label: string, build: ReturnType<typeof timedBuild>) =>
    rows.push([label, build.ok ? `${build.seconds.toFixed(1)} s` : `failed: ${build.tail}`]);
  row('warm: every component cached by content hash', timedBuild({}));
  const components = mkdtempSync(join(tmpdir(), 'wp-rust-components-'));
  try {
    row(
      'warm Cargo: components rebuilt, target dir warm',
      timedBuild({ WP_RUST_COMPONENT_CACHE: components }),
    );
    if (process.env.WP_BENCH_RUST_COLD === '1') {
      const target = mkdtempSync(join(tmpdir(), 'wp-rust-target-'));
      try {
        row(
          'cold: empty target dir (std and every crate compiled)',
          timedBuild({ WP_RUST_COMPONENT_CACHE: components, WP_RUST_TARGET_DIR: target }),
        );
      } finally {
        rmSync(target, { recursive: true, force: true });
      }
    } else rows.push(['cold', 'skipped (WP_BENCH_RUST_COLD=1 measures it; many minutes)']);
  } finally {
    rmSync(components, { recursive: true, force: true });
  }
  console.log(
    `  (the ${listRustExamples().length} examples of ${RUST_EXAMPLES_DIR}, cargo -j ${process.env.WP_RUST_JOBS ?? 2})`,
  );
  print(rows);
}

export async function run(): Promise<void> {
  console.log('\n== rust ==');
  console.log('\nRust guests (temporalio-workflow 0.5.0, raw WIT) beside StarlingMonkey guests:');
  await guests();
  console.log('\nBuilding the Rust examples (npm run build:rust-examples):');
  builds();
}

// `npx tsx bench/rust.ts` runs this benchmark alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
