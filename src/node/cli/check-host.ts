/**
 * `workflow-playground check-host --component C.wasm [--prefixes] [--mutations] [--json]
 * <histories...>`: replays each history with the component in our host and in Temporal's own
 * (temporalio-sdk's wasm host under sdk-core: tools/check-host, `npm run build:check-host`) and
 * compares every host-guest call, every completion and the verdicts. Exit 1 on any difference.
 */
import { existsSync } from 'node:fs';
import { checkHostBinary } from '../build/check-host.ts';
import { checkHost, type ComponentCheck, type NamedHistory } from '../check-host/index.ts';
import { EXAMPLE_COMPONENT_DIR, exampleCase, examples } from '../check-host/examples.ts';
import { historyMutationsOf } from '../check-host/mutations.ts';
import { workerPrefixesOf } from '../oracle/prefixes.ts';
import { parseCommandArgs } from './args.ts';
import { errorReport, expandHistoryInputs, loadHistoryInput } from './history-input.ts';
import { complain, say } from './terminal.ts';

const USAGE = [
  'usage: workflow-playground check-host --component C.wasm [--prefixes] [--mutations] [--json]',
  '                                      <history or directory...>',
  '',
  '  --prefixes   also every prefix of each history ending at a workflow task started or completed',
  '  --mutations  also each history changed in one place (renamed activity, timer, patch, signal,',
  '               update; changed inputs and results): see src/node/check-host/mutations.ts',
  '',
  '   or: workflow-playground check-host --examples [id...]',
  '',
  '  --examples   every bundled example (Rust ones once built): its simulated run with prefixes',
  "               and mutations, the older version's run it replays, its recorded history",
].join('\n');

export async function checkHostCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      allowPositionals: true,
      options: {
        component: { type: 'string' },
        prefixes: { type: 'boolean' },
        mutations: { type: 'boolean' },
        json: { type: 'boolean' },
        examples: { type: 'boolean' },
      },
    },
    USAGE,
    true,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  if (!existsSync(checkHostBinary())) {
    complain(
      `check-host: the upstream host is not built (${checkHostBinary()}); run \`npm run build:check-host\``,
    );
    return 2;
  }
  if (values.examples) return checkExamples(positionals, values.json === true);
  if (!values.component || positionals.length === 0) {
    complain(USAGE);
    return 2;
  }
  if (!existsSync(values.component)) {
    complain(`check-host: no component at ${values.component}`);
    return 2;
  }
  const histories: NamedHistory[] = [];
  let inputs: string[];
  try {
    inputs = expandHistoryInputs(positionals);
  } catch (thrown) {
    complain(errorReport(thrown).message);
    return 2;
  }
  for (const input of inputs) {
    let events;
    try {
      events = (await loadHistoryInput(input)).events;
    } catch (thrown) {
      complain(`${input}: ${errorReport(thrown).message}`);
      return 2;
    }
    histories.push({ name: input, events });
    if (values.prefixes)
      histories.push(
        ...workerPrefixesOf(events).map((p) => ({
          name: `${input} [${p.name}]`,
          events: p.events,
        })),
      );
    if (values.mutations)
      histories.push(
        ...historyMutationsOf(events).map((m) => ({
          name: `${input} [${m.name}]`,
          events: m.events,
        })),
      );
  }
  const report = await checkHost(values.component, histories);
  if (values.json) {
    say(JSON.stringify(withCounts(report), null, 2));
    return report.differences === 0 ? 0 : 1;
  }
  printReport(report);
  const { calls, commands } = withCounts(report);
  say(
    `\n${report.histories.filter((h) => h.differences.length === 0).length} of ${report.histories.length} histories agree (${calls} host-guest calls and ${commands} commands compared)`,
  );
  return report.differences === 0 ? 0 : 1;
}

function withCounts(report: ComponentCheck) {
  return {
    ...report,
    calls: report.histories.reduce((n, h) => n + h.callsCompared, 0),
    commands: report.histories.reduce((n, h) => n + h.commandsCompared, 0),
  };
}

function printReport(report: ComponentCheck): void {
  const load = report.loadErrors;
  if (load) {
    say(
      `${load.ours !== undefined && load.upstream !== undefined ? 'agree   ' : 'DIFFER  '}  loading ${report.component}`,
    );
    say(`            ours: ${load.ours ?? 'loads'}`);
    say(`            upstream: ${load.upstream ?? 'loads'}`);
  }
  for (const h of report.histories) {
    const agree = h.differences.length === 0;
    if (agree && h.name.includes('[')) continue;
    say(
      `${agree ? 'agree   ' : 'DIFFER  '}  ${report.component} ${h.name}: ours ${h.ours.verdict.kind}, upstream ${h.upstream.verdict.kind}; ${h.callsCompared} calls, ${h.commandsCompared} commands`,
    );
    for (const d of h.differences) say(`            ${d}`);
  }
}

/** `--examples`: every bundled example, one component after another. */
async function checkExamples(ids: string[], json: boolean): Promise<number> {
  const all = examples(EXAMPLE_COMPONENT_DIR);
  const unknown = ids.filter((id) => !all.some((e) => e.id === id));
  if (unknown.length > 0) {
    complain(
      `check-host: no example ${unknown.join(', ')} (examples: ${all.map((e) => e.id).join(', ')})`,
    );
    return 2;
  }
  const reports = [];
  for (const example of all.filter((e) => ids.length === 0 || ids.includes(e.id))) {
    const c = await exampleCase(example, all);
    const report = withCounts(await checkHost(c.componentPath, c.histories));
    reports.push(report);
    if (!json) {
      printReport(report);
      say(
        `${report.component}: ${report.histories.length} histories, ${report.histories.filter((h) => h.differences.length === 0).length} agree; ${report.calls} calls, ${report.commands} commands compared`,
      );
    }
  }
  const totals = {
    components: reports.length,
    histories: reports.reduce((n, r) => n + r.histories.length, 0),
    calls: reports.reduce((n, r) => n + r.calls, 0),
    commands: reports.reduce((n, r) => n + r.commands, 0),
    differences: reports.reduce((n, r) => n + r.differences, 0),
  };
  if (json) say(JSON.stringify({ ...totals, reports }, null, 2));
  else
    say(
      `\n${totals.components} components, ${totals.histories} histories: ${totals.differences} with differences (${totals.calls} host-guest calls and ${totals.commands} commands compared)`,
    );
  return totals.differences === 0 ? 0 : 1;
}
