/**
 * `workflow-playground inspect <history...> [--json]`: loads each history (file path, http(s)
 * URL, or `-` for stdin; any supported format, gzip too; or `--workflow-id` from a Temporal
 * server) and prints its workflow tasks and their events, numbered and cut as the page does, with
 * the events sdk-core's replay applies with each. Exits 1 if any history fails to load.
 */
import {
  errorReport,
  expandHistoryInputs,
  loadHistoryInput as load,
  type ErrorReport,
} from './history-input.ts';
import {
  groupWarnings,
  outlineHistory,
  type EventOutline,
  type HistoryOutline,
  type WorkflowTaskOutline,
} from '../../engine/history/index.ts';
import { parseCommandArgs } from './args.ts';
import {
  fetchServerHistory,
  SERVER_INPUT_OPTIONS,
  SERVER_INPUT_USAGE,
  serverTarget,
  withServer,
  type ServerTarget,
} from './server-input.ts';
import { complain, escapeControls, say } from './terminal.ts';

const USAGE = [
  'usage: workflow-playground inspect <history...> [--json]   (a file, a directory of them, an http(s) URL, or - for stdin)',
  '       workflow-playground inspect --workflow-id ID [--run-id ID] [--address host:port] [--namespace NS] [--json]',
  '',
  SERVER_INPUT_USAGE,
].join('\n');

type Outcome =
  | { input: string; ok: true; history: HistoryOutline }
  | { input: string; ok: false; error: ErrorReport };

export async function inspectCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      allowPositionals: true,
      allowNegative: true,
      options: { json: { type: 'boolean' }, ...SERVER_INPUT_OPTIONS },
    },
    USAGE,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  let target: ServerTarget | undefined;
  try {
    target = serverTarget(values);
  } catch (thrown) {
    complain(`workflow-playground inspect: ${errorReport(thrown).message}\n${USAGE}`);
    return 2;
  }
  if (target ? positionals.length > 0 || !values['workflow-id'] : positionals.length === 0) {
    complain(
      target
        ? `workflow-playground inspect: give --workflow-id ID to read from a server, or history files, not both\n${USAGE}`
        : USAGE,
    );
    return 2;
  }
  const results: Outcome[] = [];
  if (target) {
    const workflowId = values['workflow-id']!;
    const input = `${target.connection.address}/${target.connection.namespace}/${workflowId}`;
    try {
      await withServer(target, async (client) => {
        const fetched = await fetchServerHistory(client, target, workflowId, values['run-id']);
        const history = outlineHistory(fetched.history);
        results.push({ input: fetched.label, ok: true, history });
        if (!values.json) printHistory(fetched.label, history);
      });
    } catch (thrown) {
      const error = errorReport(thrown);
      results.push({ input, ok: false, error });
      if (!values.json) complain(`workflow-playground inspect: ${error.message}`);
    }
  }
  for (const input of expandHistoryInputs(positionals)) {
    try {
      const history = outlineHistory(await load(input));
      results.push({ input, ok: true, history });
      if (!values.json) printHistory(input, history);
    } catch (thrown) {
      const error = errorReport(thrown);
      results.push({ input, ok: false, error });
      if (!values.json) complain(`workflow-playground inspect: ${error.message}`);
    }
  }
  if (values.json) console.log(escapeControls(JSON.stringify({ histories: results }, null, 2)));
  return results.every((r) => r.ok) ? 0 : 1;
}

const list = (items: number[]) => (items.length > 0 ? items.join(',') : '-');
const eventLine = (e: EventOutline) =>
  `${String(e.id).padStart(7)}  ${e.type}${e.time ? `  ${e.time}` : ''}`;

function printHistory(input: string, h: HistoryOutline): void {
  const s = h.summary;
  const format = `${h.format.gzip ? 'gzip ' : ''}${h.format.kind}${h.format.dialect ? ` (${h.format.dialect})` : ''}`;
  say(
    `${input}: ${format}, ${s.eventCount} events, ${s.workflowTaskCount} workflow tasks, ${s.status}`,
  );
  say(
    `  workflow ${s.workflowType || '?'}${s.workflowId ? ` id ${s.workflowId}` : ''} run ${s.runId || '?'} on ${s.taskQueue || '?'}`,
  );
  for (const sdk of s.sdks)
    say(`  sdk ${sdk.name} ${sdk.version} (from event ${sdk.firstEventId})`);
  say(`  flags used: core ${list(s.coreUsedFlags)}, lang ${list(s.langUsedFlags)}`);
  for (const group of groupWarnings(h.warnings)) say(`  warning: ${group.message}`);
  for (const task of h.workflowTasks) printTask(task);
  if (h.eventsInNoTask.length > 0) {
    say('after the last workflow task:');
    for (const e of h.eventsInNoTask) say(eventLine(e));
  }
  if (h.unappliedEvents.length > 0) {
    say('not applied on replay:');
    for (const e of h.unappliedEvents) say(eventLine(e));
  }
  say('');
}

function printTask(t: WorkflowTaskOutline): void {
  const started =
    t.startedEventId !== undefined
      ? `, started ${t.startedEventId} at ${t.startedTime ?? '?'}`
      : ', no new task started';
  say(
    `WFT ${t.number}: events ${t.firstEventId}-${t.lastEventId}${started}${t.isLast ? ' (last)' : ''}`,
  );
  if (t.replayEvents)
    say(
      `  (replay applies events ${t.replayEvents.from}-${t.replayEvents.to} with its activation)`,
    );
  for (const e of t.events) say(eventLine(e));
  for (const f of t.folded)
    say(`         (task started at ${f.startedEventId} folded in: ${f.reason})`);
  if (t.completion) {
    const commands = t.commandEvents.map((e) => `${e.id} ${e.type}`).join(', ') || 'none';
    say(`  -> ${t.completion.type} ${t.completion.id}; commands: ${commands}`);
  }
  const m = t.sdkMetadata;
  if (m && (m.sdkName || m.coreUsedFlags.length > 0 || m.langUsedFlags.length > 0)) {
    const sdk = m.sdkName ? `${m.sdkName} ${m.sdkVersion ?? ''}, ` : '';
    say(
      `  -> sdk metadata: ${sdk}core flags ${list(m.coreUsedFlags)}, lang flags ${list(m.langUsedFlags)}`,
    );
  }
}
