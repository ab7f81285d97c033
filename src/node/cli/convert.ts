/**
 * `workflow-playground convert <history> [-o out.json]`: rewrites a history in any supported form
 * (legacy tctl / old Web UI JSON, binary, gzip) as the canonical proto3 JSON that
 * `temporal workflow show --output json` writes. Exit 1 when it does not load.
 */
import { writeFileSync } from 'node:fs';
import { exportHistoryJson, groupWarnings } from '../../engine/history/index.ts';
import { parseCommandArgs } from './args.ts';
import { errorReport, loadHistoryInput } from './history-input.ts';
import {
  fetchServerHistory,
  SERVER_INPUT_OPTIONS,
  SERVER_INPUT_USAGE,
  serverTarget,
  withServer,
  type ServerTarget,
} from './server-input.ts';
import { complain } from './terminal.ts';

const USAGE = [
  'usage: workflow-playground convert <history> [-o out.json]   (a path, an http(s) URL, or - for stdin; writes to stdout without -o)',
  '       workflow-playground convert --workflow-id ID [--run-id ID] [--address host:port] [--namespace NS] [-o out.json]',
  '',
  SERVER_INPUT_USAGE,
].join('\n');

export async function convertCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      allowPositionals: true,
      allowNegative: true,
      options: { out: { type: 'string', short: 'o' }, ...SERVER_INPUT_OPTIONS },
    },
    USAGE,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  let target: ServerTarget | undefined;
  try {
    target = serverTarget(values);
  } catch (thrown) {
    complain(`workflow-playground convert: ${errorReport(thrown).message}\n${USAGE}`);
    return 2;
  }
  const wanted = target ? 0 : 1;
  if (positionals.length !== wanted || (target && !values['workflow-id'])) {
    complain(
      target
        ? `convert reads one history: --workflow-id ID from a server, or a file, not both\n${USAGE}`
        : positionals.length > 1
          ? `convert takes one history (got ${positionals.length})\n${USAGE}`
          : USAGE,
    );
    return 2;
  }
  const workflowId = values['workflow-id'];
  let text: string;
  try {
    const loaded =
      target && workflowId
        ? await withServer(target, async (client) => {
            const fetched = await fetchServerHistory(client, target, workflowId, values['run-id']);
            return fetched.history;
          })
        : await loadHistoryInput(positionals[0]!);
    const exported = exportHistoryJson(loaded.events);
    // What the schema does not know (kept in the output) and what JSON cannot hold (dropped).
    for (const group of groupWarnings([...loaded.warnings, ...exported.dropped]))
      complain(`warning: ${group.message}`);
    text = `${exported.text}\n`;
  } catch (thrown) {
    complain(`workflow-playground convert: ${errorReport(thrown).message}`);
    return 1;
  }
  if (values.out && values.out !== '-') writeFileSync(values.out, text);
  else process.stdout.write(text);
  return 0;
}
