/**
 * The examples' simulated runs, as the page opens them: each example with an `example.json`,
 * its default scenario, its own activities answering.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExampleMeta } from '../../examples/manifest.ts';
import type { HistoryEvent } from '../../src/engine/core/events.ts';
import { simulate, type SimulateOptions } from '../../src/engine/sim/simulate.ts';
import { example } from '../sdk/harness.ts';
import { REPO } from '../paths.ts';

/** Smaller inputs where the default would make a very long history (the benchmark uses those). */
const INPUT_OVERRIDES: Record<string, unknown[]> = { 'long-loop': [40] };

/** The TypeScript examples, by folder name. */
export const exampleIds = readdirSync(join(REPO, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(REPO, 'examples', d.name, 'example.json')))
  .map((d) => d.name)
  .sort();

export function exampleMeta(id: string): ExampleMeta {
  return JSON.parse(
    readFileSync(join(REPO, 'examples', id, 'example.json'), 'utf8'),
  ) as ExampleMeta;
}

export async function exampleHistory(
  id: string,
): Promise<{ events: HistoryEvent[]; outcome: string; workflowId: string }> {
  const meta = exampleMeta(id);
  const activitiesPath = join(REPO, 'examples', id, 'activities.ts');
  const activities = existsSync(activitiesPath)
    ? ((await import(activitiesPath)) as SimulateOptions['activities'])
    : undefined;
  const result = await simulate(
    await example(id),
    { ...meta.scenario, workflowType: meta.workflowType, input: INPUT_OVERRIDES[id] ?? meta.input },
    { ...(activities ? { activities } : {}) },
  );
  // The simulator's default workflow id (no example's scenario names one).
  const workflowId = meta.scenario?.workflowId ?? `${meta.workflowType}-sim`;
  return { events: result.events, outcome: result.outcome, workflowId };
}
