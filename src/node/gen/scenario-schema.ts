/**
 * The JSON Schema of a simulation scenario, converted from the valibot schema the simulator checks
 * scenarios with (src/engine/sim/scenario.ts), so the editor's validation and hover help (the
 * schema's descriptions) can never drift from what the simulator accepts. Checks JSON Schema
 * cannot say (a duration's grammar, an RFC 3339 time) are left to the simulator, which names the
 * field when it refuses one.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import { scenarioSchema } from '../../engine/sim/scenario.ts';

export function generateScenarioSchema(): Record<string, unknown> {
  const { $schema, ...schema } = toJsonSchema(scenarioSchema, {
    target: 'draft-07',
    // `v.check` and `v.rawTransform` have no JSON Schema form (see above).
    errorMode: 'ignore',
  });
  return { $schema, title: 'Workflow Playground scenario', ...schema };
}
