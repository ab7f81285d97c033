/**
 * `workflow-playground run --component x.wasm [--workflow T] [--scenario s.json] [--input JSON]
 * -o history.json`: a simulated, time-skipping run with no server; writes the history in the
 * canonical proto3 JSON `temporal workflow show --output json` writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { exportHistoryJson } from '../../engine/history/index.ts';
import { simulate } from '../../engine/sim/simulate.ts';
import { loadComponentFile } from './component-input.ts';
import { parseCommandArgs } from './args.ts';

const USAGE =
  'usage: workflow-playground run --component x.wasm [--workflow TYPE] [--scenario s.json] [--input JSON] -o history.json';

export async function runCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      options: {
        component: { type: 'string' },
        workflow: { type: 'string' },
        scenario: { type: 'string' },
        input: { type: 'string' },
        out: { type: 'string', short: 'o' },
      },
    },
    USAGE,
  );
  if (!parsed) return 2;
  const { values } = parsed;
  if (!values.component || !values.out) {
    console.error(USAGE);
    return 2;
  }
  const scenario: Record<string, unknown> = values.scenario
    ? JSON.parse(readFileSync(values.scenario, 'utf8'))
    : {};
  if (values.workflow) scenario['workflowType'] = values.workflow;
  if (values.input) scenario['input'] = JSON.parse(values.input);
  const component = await loadComponentFile(values.component);
  scenario['workflowType'] ??= component.workflows[0]?.workflowType;
  const started = performance.now();
  const result = await simulate(component, scenario);
  const { text } = exportHistoryJson(result.events);
  writeFileSync(values.out, text);
  for (const warning of result.warnings) console.error(`warning: ${warning}`);
  console.log(
    `${values.out}: ${result.events.length} events, ${result.workflowTasks} workflow tasks, run ${result.outcome}, ${(performance.now() - started).toFixed(0)} ms`,
  );
  return result.outcome === 'workflow-task-failed' ? 1 : 0;
}
