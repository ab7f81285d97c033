/**
 * The bundled examples as check-host cases: each example's component with its default simulated
 * run (the example's scenario and activities, as the page and `run` simulate it), every worker
 * prefix and single-place mutation of that history, the run of the older version it `replays`,
 * and the history it ships with, if any.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleScenario, type ExampleMeta } from '../../../examples/manifest.ts';
import type { HistoryEvent } from '../../engine/core/events.ts';
import { loadComponent, type LoadedComponent } from '../../engine/host/component.ts';
import { simulate } from '../../engine/sim/simulate.ts';
import { loadActivities } from '../activities.ts';
import { REPO_ROOT } from '../build/build-component.ts';
import { buildExample, EXAMPLES_DIR, listExamples, readExampleMeta } from '../build/examples.ts';
import {
  listRustExamples,
  readRustExampleMeta,
  RUST_EXAMPLES_DIR,
  rustExampleBuilt,
  rustExamplePath,
} from '../build/rust-examples.ts';
import { loadHistoryInput } from '../cli/history-input.ts';
import { workerPrefixesOf } from '../oracle/prefixes.ts';
import type { NamedHistory } from './index.ts';
import { historyMutationsOf } from './mutations.ts';

export interface ExampleCase {
  /** e.g. "rust-hello" or "saga". */
  id: string;
  componentPath: string;
  histories: NamedHistory[];
}

/** Smaller inputs where the default makes a very long history (as test/oracle/examples does). */
const INPUT_OVERRIDES: Record<string, unknown[]> = { 'long-loop': [40] };

interface Example {
  id: string;
  meta: ExampleMeta;
  /** The folder of its own files (example.json, a recorded history). */
  dir: string;
  component: () => Promise<{ path: string; loaded: LoadedComponent }>;
}

async function activitiesFor(meta: ExampleMeta, id: string) {
  const path = join(EXAMPLES_DIR, meta.activities ?? id, 'activities.ts');
  if (!existsSync(path)) return undefined;
  return loadActivities(path);
}

async function simulated(example: Example): Promise<HistoryEvent[]> {
  const { loaded } = await example.component();
  const activities = await activitiesFor(example.meta, example.id.replace(/^rust-/, ''));
  const scenario = exampleScenario(example.meta);
  const input = INPUT_OVERRIDES[example.id];
  const result = await simulate(loaded, input ? { ...scenario, input } : scenario, {
    ...(activities ? { activities } : {}),
  });
  return result.events;
}

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

/** Every example whose component is at hand: Rust ones once built, TypeScript ones built here. */
export function examples(componentDir: string): Example[] {
  const rust = listRustExamples()
    .filter(rustExampleBuilt)
    .map((id): Example => ({
      id: `rust-${id}`,
      meta: readRustExampleMeta(id),
      dir: join(RUST_EXAMPLES_DIR, id),
      component: once(async () => {
        const path = rustExamplePath(id);
        return { path, loaded: await loadComponent(readFileSync(path), `rust-${id}.wasm`) };
      }),
    }));
  const ts = listExamples().map((id): Example => ({
    id,
    meta: readExampleMeta(id),
    dir: join(EXAMPLES_DIR, id),
    component: once(async () => {
      const { component } = await buildExample(id);
      mkdirSync(componentDir, { recursive: true });
      const path = join(componentDir, `${id}.wasm`);
      writeFileSync(path, component);
      return { path, loaded: await loadComponent(component, `${id}.wasm`) };
    }),
  }));
  return [...rust, ...ts];
}

/**
 * At most this many prefixes of one history. The long loop's run has hundreds of workflow tasks,
 * each prefix a replay of thousands of events in both hosts; an even spread (the first and the
 * last always among them) covers the same code paths in a fraction of CI's time.
 */
const MAX_PREFIXES = 24;

function spread<T>(items: readonly T[], max = MAX_PREFIXES): T[] {
  if (items.length <= max) return [...items];
  return Array.from(
    { length: max },
    (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))]!,
  );
}

/** One example's case: its histories, the simulated ones made with the example's own component. */
export async function exampleCase(example: Example, all: readonly Example[]): Promise<ExampleCase> {
  const own = await simulated(example);
  const histories: NamedHistory[] = [
    { name: 'simulated', events: own },
    ...spread(workerPrefixesOf(own)).map((p) => ({
      name: `simulated [${p.name}]`,
      events: p.events,
    })),
    ...historyMutationsOf(own).map((m) => ({ name: `simulated [${m.name}]`, events: m.events })),
  ];
  const replays = example.meta.replays;
  if (replays !== undefined && example.meta.history === undefined) {
    const older = all.find(
      (e) => e.id === (example.id.startsWith('rust-') ? `rust-${replays}` : replays),
    );
    if (!older)
      throw new Error(`${example.id}: replays ${replays}, which is not an example at hand`);
    const events = await simulated(older);
    histories.push(
      { name: `${older.id}'s run`, events },
      ...spread(workerPrefixesOf(events)).map((p) => ({
        name: `${older.id}'s run [${p.name}]`,
        events: p.events,
      })),
    );
  }
  if (example.meta.history !== undefined) {
    const path = join(example.dir, example.meta.history);
    histories.push({
      name: `recorded ${example.meta.history}`,
      events: (await loadHistoryInput(path)).events,
    });
  }
  return { id: example.id, componentPath: (await example.component()).path, histories };
}

export const EXAMPLE_COMPONENT_DIR = join(REPO_ROOT, '.cache', 'check-host');
