/**
 * Activities from a module: `run`, `worker --activities` and `check-host --examples` load every
 * example's `activities.ts` this way.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SimulateOptions } from '../engine/sim/simulate.ts';

export type Activities = NonNullable<SimulateOptions['activities']>;

/** A module's exported functions, as activities by name. */
export async function loadActivities(path: string): Promise<Activities> {
  let module: Record<string, unknown>;
  try {
    // The CLI runs from its JavaScript bundle: a TypeScript module (every example's activities)
    // is compiled by tsx, registered only for this import.
    if (/\.[cm]?tsx?$/.test(path)) (await import('tsx/esm/api')).register();
    module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (thrown) {
    throw new Error(
      `${path}: could not load the activities: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      { cause: thrown },
    );
  }
  const activities = Object.fromEntries(
    Object.entries(module).filter(([, value]) => typeof value === 'function'),
  ) as Activities;
  if (Object.keys(activities).length === 0)
    throw new Error(`${path}: exports no functions to run as activities`);
  return activities;
}
