/// <reference types="vite/client" />
/**
 * The bundled examples' activity implementations (`examples/<id>/activities.ts`), loaded on demand
 * in the engine worker so a simulated run of an example does what its activities do, as the CLI's
 * `run` and the tests do in Node. Scenario entries still take precedence per activity type.
 */
import type { ActivitiesFor } from '../../engine/workbench/workbench.ts';

type Activities = NonNullable<Awaited<ReturnType<ActivitiesFor>>>;

const modules = import.meta.glob<Activities>('../../../examples/*/activities.ts', {
  import: '*',
});

export async function exampleActivities(exampleId: string): Promise<Activities | undefined> {
  const load = modules[`../../../examples/${exampleId}/activities.ts`];
  return load ? await load() : undefined;
}
