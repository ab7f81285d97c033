/**
 * `workflow-playground query --component C.wasm --history H --at N --query NAME [--args JSON]`:
 * replays the history with the component up to activation N (counted from 1, as the app counts),
 * asks the workflow's query there, and prints the answer as JSON. The query runs on a copy of the
 * workflow's state, as the page's watch panel does. The component runs in this process: the copy
 * needs the guest's memory at hand, which the engine's worker thread does not share.
 */
import { readFileSync } from 'node:fs';
import { loadComponent } from '../../engine/host/component.ts';
import { ReplaySession } from '../../engine/session/session.ts';
import { declaredQueries, queryAtCursor } from '../../engine/session/query.ts';
import { DiskTranspileStore } from '../engine-worker/transpile-store.ts';
import { parseCommandArgs } from './args.ts';
import { errorReport, loadHistoryInput } from './history-input.ts';
import { complain, say } from './terminal.ts';

const USAGE = [
  'usage: workflow-playground query --component C.wasm --history H --at N --query NAME [--args JSON]',
  '',
  '  --history H    a history in any form `inspect` reads (file, URL, -)',
  '  --at N         the activation to query after (1 is the first, as the app counts)',
  "  --query NAME   a query the workflow declares (its list-workflows entry), or one of the SDK's",
  '                 built-in queries (__stack_trace)',
  '  --args JSON    a JSON array of the query arguments (default [])',
].join('\n');

export async function queryCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      options: {
        component: { type: 'string' },
        history: { type: 'string' },
        at: { type: 'string' },
        query: { type: 'string' },
        args: { type: 'string' },
      },
    },
    USAGE,
  );
  if (!parsed) return 2;
  const { values } = parsed;
  const missing = (['component', 'history', 'at', 'query'] as const).filter((k) => !values[k]);
  if (missing.length > 0) {
    complain(`query: missing ${missing.map((k) => `--${k}`).join(', ')}\n${USAGE}`);
    return 2;
  }
  const at = Number(values.at);
  if (!Number.isInteger(at) || at < 1) {
    complain(`query: --at "${values.at}" is not an activation number (1, 2, 3, …)`);
    return 2;
  }
  let queryArgs: unknown[] = [];
  if (values.args !== undefined) {
    try {
      queryArgs = JSON.parse(values.args) as unknown[];
    } catch (thrown) {
      complain(`query: --args is not JSON: ${(thrown as Error).message}`);
      return 2;
    }
    if (!Array.isArray(queryArgs)) {
      complain(`query: --args must be a JSON array of arguments, e.g. '["a", 1]'`);
      return 2;
    }
  }

  let history;
  try {
    history = await loadHistoryInput(values.history!);
  } catch (thrown) {
    complain(errorReport(thrown).message);
    return 1;
  }
  let code;
  try {
    // The CLI's store of transpiled components, as `replay` uses (WORKFLOW_PLAYGROUND_CACHE=off: none).
    const store =
      process.env['WORKFLOW_PLAYGROUND_CACHE'] === 'off' ? undefined : new DiskTranspileStore();
    code = await loadComponent(readComponent(values.component!), values.component, { store });
  } catch (thrown) {
    complain((thrown as Error).message);
    return 1;
  }
  const workflowType =
    history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '';
  const session = ReplaySession.open(history.events, { kind: 'component', component: code });
  const declared = declaredQueries(session, workflowType);
  if (!declared.includes(values.query!) && !values.query!.startsWith('__')) {
    complain(
      `query: unknown query "${values.query}": workflow ${workflowType} declares ` +
        (declared.length > 0 ? declared.join(', ') : 'no queries'),
    );
    return 1;
  }
  await session.goTo(at - 1);
  if (session.steps.length < at) {
    complain(
      `query: --at ${at} is past the end: ${values.history} replays in ${session.steps.length} ` +
        `activation${session.steps.length === 1 ? '' : 's'}`,
    );
    return 1;
  }
  const answer = await queryAtCursor(session, { name: values.query!, args: queryArgs });
  if (!answer.ok) {
    complain(`query ${values.query} at activation ${at}: ${answer.error}`);
    return 1;
  }
  say(JSON.stringify(answer.value, null, 2));
  return 0;
}

function readComponent(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'no such file' : (thrown as Error).message}`, {
      cause: thrown,
    });
  }
}
