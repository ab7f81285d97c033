/**
 * `workflow-playground run --component x.wasm [--workflow T] [--scenario s.json] [--input JSON]
 * [--activities m.ts] -o history.json`: a simulated, time-skipping run with no server; writes the
 * history in the canonical proto3 JSON `temporal workflow show --output json` writes. The
 * component runs in the engine's worker thread under the `--call-limit` watchdog; activities run
 * here, from `--activities` or, for a bundled example's component, the example's activities.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../repo.ts';
import { exportHistoryJson } from '../../engine/history/index.ts';
import { ET, type HistoryEvent } from '../../engine/core/events.ts';
import { simulate } from '../../engine/sim/simulate.ts';
import {
  CALL_LIMIT_USAGE,
  callLimitMs,
  guestMemoryBytes,
  loadCodeFile,
} from './component-input.ts';
import { exampleScenario, type ExampleMeta } from '../../../examples/manifest.ts';
import { parseCommandArgs } from './args.ts';
import { complain, say } from './terminal.ts';
import { loadActivities } from '../activities.ts';

const USAGE = [
  'usage: workflow-playground run --component x.wasm [--workflow TYPE] [--scenario s.json] [--input JSON]',
  '                               [--activities module.ts] [--call-limit SECONDS] [--guest-memory MIB]',
  '                               -o history.json',
  '',
  '  --scenario FILE      what the world does (see src/engine/sim/scenario.ts); default for a',
  "                       bundled example: its example.json's workflow type, input and scenario",
  '  --activities FILE    a module whose exported functions are the activities, by type name',
  '                       (default for a bundled example, public/examples/<id>.wasm: the',
  "                       example's examples/<id>/activities.ts); the scenario's outcomes take",
  '                       precedence per activity type',
  CALL_LIMIT_USAGE,
].join('\n');

const REPO = REPO_ROOT;

export async function runCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      options: {
        component: { type: 'string' },
        workflow: { type: 'string' },
        scenario: { type: 'string' },
        input: { type: 'string' },
        activities: { type: 'string' },
        'call-limit': { type: 'string' },
        'guest-memory': { type: 'string' },
        out: { type: 'string', short: 'o' },
      },
    },
    USAGE,
  );
  if (!parsed) return 2;
  const { values } = parsed;
  if (!values.component || !values.out) {
    complain(USAGE);
    return 2;
  }
  let limitMs: number;
  let memoryBytes: number | undefined;
  try {
    limitMs = callLimitMs(values['call-limit']);
    memoryBytes = guestMemoryBytes(values['guest-memory']);
  } catch (thrown) {
    complain(`${(thrown as Error).message}\n${USAGE}`);
    return 2;
  }
  const example =
    values.activities && values.scenario ? undefined : bundledExample(values.component);
  // A bundled example's component runs the example's own default scenario unless told otherwise.
  const scenario: Record<string, unknown> = values.scenario
    ? JSON.parse(readFileSync(values.scenario, 'utf8'))
    : example && (!values.workflow || values.workflow === example.meta.workflowType)
      ? exampleScenario(example.meta)
      : {};
  if (values.workflow) scenario['workflowType'] = values.workflow;
  if (values.input) scenario['input'] = JSON.parse(values.input);
  const loaded = await loadCodeFile(values.component, limitMs, memoryBytes);
  try {
    const { code } = loaded;
    scenario['workflowType'] ??= code.workflows?.[0]?.workflowType;
    const exampleActivities = values.activities ? undefined : example?.activities;
    if (exampleActivities) complain(`activities: ${relative(process.cwd(), exampleActivities)}`);
    const activitiesPath = values.activities ?? exampleActivities;
    const activities = activitiesPath ? await loadActivities(activitiesPath) : undefined;
    const started = performance.now();
    const result = await simulate(code, scenario, activities ? { activities } : {});
    const { text } = exportHistoryJson(result.events);
    writeFileSync(values.out, text);
    for (const warning of result.warnings) complain(`warning: ${warning}`);
    say(
      `${values.out}: ${result.events.length} events, ${result.workflowTasks} workflow tasks, run ${result.outcome}, ${(performance.now() - started).toFixed(0)} ms`,
    );
    const why = failureOf(result.events.at(-1));
    if (why) say(why);
    return result.outcome === 'workflow-task-failed' ? 1 : 0;
  } finally {
    await loaded.close();
  }
}

/**
 * A bundled example's component (`public/examples/[rust-]<id>.wasm`): its example.json, and the
 * activities module that answers its activities (its own, or the TypeScript example's a Rust
 * example names).
 */
function bundledExample(
  component: string,
): { meta: ExampleMeta; activities: string | undefined } | undefined {
  const path = resolve(component);
  if (dirname(path) !== resolve(REPO, 'public', 'examples')) return undefined;
  const name = basename(path, '.wasm');
  const rust = name.startsWith('rust-');
  const id = rust ? name.slice('rust-'.length) : name;
  const metaPath = resolve(REPO, rust ? 'examples-rust' : 'examples', id, 'example.json');
  if (!existsSync(metaPath)) return undefined;
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as ExampleMeta;
  const activities = resolve(REPO, 'examples', meta.activities ?? id, 'activities.ts');
  return { meta, activities: existsSync(activities) ? activities : undefined };
}

/** Why the run ended badly, from its last event: the failed workflow task's or run's failure. */
function failureOf(last: HistoryEvent | undefined): string | undefined {
  if (!last) return undefined;
  const failure =
    last.eventType === ET.WorkflowTaskFailed
      ? last.workflowTaskFailedEventAttributes?.failure
      : last.eventType === ET.WorkflowExecutionFailed
        ? last.workflowExecutionFailedEventAttributes?.failure
        : undefined;
  if (!failure) return undefined;
  const cause = failure.cause?.message ? `\n  cause: ${failure.cause.message}` : '';
  const stack = failure.stackTrace
    ? `\n${failure.stackTrace
        .trimEnd()
        .split('\n')
        .map((line) => `    ${line.trim()}`)
        .join('\n')}`
    : '';
  return `  ${last.eventType === ET.WorkflowTaskFailed ? 'workflow task failed' : 'workflow failed'}: ${failure.message ?? ''}${cause}${stack}`;
}
