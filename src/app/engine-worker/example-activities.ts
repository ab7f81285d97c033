/// <reference types="vite/client" />
/**
 * The bundled examples' activity implementations (`examples/<id>/activities.ts`), loaded on demand
 * in the engine worker so a simulated run of an example does what its activities do, as the CLI's
 * `run` and the tests do in Node. Scenario entries still take precedence per activity type.
 */
import type { SimulateOptions } from '../../engine/sim/simulate.ts';

type Activities = NonNullable<SimulateOptions['activities']>;

const modules = import.meta.glob<Activities>('../../../examples/*/activities.ts', {
  import: '*',
});

export async function exampleActivities(exampleId: string): Promise<Activities | undefined> {
  const load = modules[`../../../examples/${exampleId}/activities.ts`];
  return load ? await load() : undefined;
}
