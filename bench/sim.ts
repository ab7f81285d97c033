/**
 * Simulator figures: how fast a simulated run records history (events and workflow tasks per
 * second of real time) for the long-loop example at two sizes and for every other example's
 * default scenario, each with its own activities, in Node.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadComponent } from '../src/engine/host/component.ts';
import { simulate, type SimulateOptions } from '../src/engine/sim/simulate.ts';
import {
  buildExample,
  EXAMPLES_DIR,
  listExamples,
  readExampleMeta,
} from '../src/node/build/examples.ts';

const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);

async function exampleRun(id: string, input?: unknown[]) {
  const meta = readExampleMeta(id);
  const component = await loadComponent((await buildExample(id)).component, `${id}.wasm`);
  const path = join(EXAMPLES_DIR, id, 'activities.ts');
  const activities = existsSync(path)
    ? ((await import(path)) as SimulateOptions['activities'])
    : undefined;
  const started = performance.now();
  const result = await simulate(
    component,
    { ...meta.scenario, workflowType: meta.workflowType, input: input ?? meta.input },
    activities ? { activities } : {},
  );
  return { result, ms: performance.now() - started };
}

export async function run(): Promise<void> {
  console.log('\nsimulated runs (Node; virtual time skipped, own activities answering):');
  for (const iterations of [1_000, 10_000]) {
    const { result, ms } = await exampleRun('long-loop', [iterations]);
    row(
      `long-loop, ${iterations.toLocaleString('en')} iterations`,
      `${result.events.length.toLocaleString('en')} events, ${result.workflowTasks.toLocaleString('en')} tasks in ${ms.toFixed(0)} ms: ${Math.round(result.events.length / (ms / 1000)).toLocaleString('en')} events/s`,
    );
  }
  for (const id of listExamples().filter((e) => e !== 'long-loop')) {
    const { result, ms } = await exampleRun(id);
    row(id, `${result.events.length} events, ${result.outcome}, ${ms.toFixed(0)} ms`);
  }
}
