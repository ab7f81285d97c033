/**
 * `workflow-playground check-core <histories...> [--mutations] [--json]`: replays each history in
 * this engine and in real sdk-core (offline replay worker), both answered with the commands the
 * history recorded, and compares activations and verdicts; so is every prefix of it that ends at a
 * WorkflowTaskStarted or WorkflowTaskCompleted (what a worker sees of a running workflow).
 * `--mutations` adds the mutation suite (dropped, retyped, renamed, swapped and extra commands).
 * Exit 1 on any disagreement.
 */
import { errorReport, loadHistoryInput } from './history-input.ts';
import { parseCommandArgs } from './args.ts';
import { complain, say } from './terminal.ts';

const USAGE = 'usage: workflow-playground check-core [--mutations] [--json] <history...>';

export async function checkCoreCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      allowPositionals: true,
      options: { mutations: { type: 'boolean' }, json: { type: 'boolean' } },
    },
    USAGE,
    true,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  // sdk-core (@temporalio/core-bridge, a native module) is loaded only by the commands using it.
  let oracle: typeof import('../oracle/index.ts');
  let differential: typeof import('../oracle/differential.ts');
  let mutations: typeof import('../oracle/mutations.ts');
  let prefixes: typeof import('../oracle/prefixes.ts');
  try {
    [oracle, differential, mutations, prefixes] = await Promise.all([
      import('../oracle/index.ts'),
      import('../oracle/differential.ts'),
      import('../oracle/mutations.ts'),
      import('../oracle/prefixes.ts'),
    ]);
  } catch (thrown) {
    complain(
      `check-core needs @temporalio/core-bridge (npm install): ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    );
    return 2;
  }
  const replayer = new oracle.SdkCoreReplayer();
  const rows: Array<{
    history: string;
    case: string;
    agree: boolean;
    ours?: string;
    core?: string;
    differences: string[];
    error?: string;
  }> = [];
  let activations = 0;
  let prefixCount = 0;
  try {
    for (const input of positionals) {
      let events;
      try {
        events = (await loadHistoryInput(input)).events;
      } catch (thrown) {
        rows.push({
          history: input,
          case: 'load',
          agree: false,
          differences: [],
          error: errorReport(thrown).message,
        });
        continue;
      }
      const cut = prefixes.workerPrefixesOf(events);
      prefixCount += cut.length;
      const cases = [
        { name: 'as recorded', events, mutate: undefined },
        ...(values.mutations ? mutations.mutationsOf(events).map((m) => ({ ...m, events })) : []),
        ...cut.map((p) => ({ ...p, mutate: undefined })),
      ];
      for (const c of cases) {
        const result = await differential.compareWithSdkCore(replayer, input, c.events, c.mutate);
        activations += result.core.activations.length;
        rows.push({
          history: input,
          case: c.name,
          agree: result.agree,
          ours: `${result.ours.verdict}${result.ours.eventId ? ` @${result.ours.eventId}` : ''}`,
          core: `${result.core.verdict}${result.core.eventId ? ` @${result.core.eventId}` : ''}`,
          differences: result.differences,
        });
      }
    }
  } finally {
    await replayer.close();
  }
  const disagreements = rows.filter((r) => !r.agree);
  if (values.json) {
    say(
      JSON.stringify(
        {
          comparisons: rows.length,
          prefixes: prefixCount,
          activations,
          disagreements: disagreements.length,
          rows,
        },
        null,
        2,
      ),
    );
  } else {
    for (const r of rows) {
      if (r.error) say(`ERROR     ${r.history}: ${r.error}`);
      else if (!r.agree || (r.case === 'as recorded' && !values.mutations))
        say(
          `${r.agree ? 'agree   ' : 'DISAGREE'}  ${r.history} [${r.case}] ours ${r.ours}, sdk-core ${r.core}`,
        );
      for (const d of r.differences) say(`            ${d}`);
    }
    say(
      `\n${rows.length - disagreements.length} of ${rows.length} comparisons agree (${prefixCount} of them prefixes ending at a workflow task started or completed; ${activations} sdk-core activations compared)`,
    );
  }
  return disagreements.length === 0 ? 0 : 1;
}
