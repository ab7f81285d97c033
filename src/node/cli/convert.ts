/**
 * `workflow-playground convert <history> [-o out.json]`: rewrites a history in any supported form
 * (legacy tctl / old Web UI JSON, binary, gzip) as the canonical proto3 JSON that
 * `temporal workflow show --output json` writes. Exit 1 when it does not load.
 */
import { writeFileSync } from 'node:fs';
import { exportHistoryJson, groupWarnings } from '../../engine/history/index.ts';
import { parseCommandArgs } from './args.ts';
import { errorReport, loadHistoryInput } from './history-input.ts';
import { complain } from './terminal.ts';

const USAGE =
  'usage: workflow-playground convert <history> [-o out.json]   (a path, an http(s) URL, or - for stdin; writes to stdout without -o)';

export async function convertCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { allowPositionals: true, options: { out: { type: 'string', short: 'o' } } },
    USAGE,
    true,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    complain(`convert takes one history (got ${positionals.length})\n${USAGE}`);
    return 2;
  }
  const input = positionals[0]!;
  let text: string;
  try {
    const loaded = await loadHistoryInput(input);
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
