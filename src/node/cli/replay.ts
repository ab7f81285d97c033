/**
 * `workflow-playground replay [--component x.wasm] <histories...>`: replays each history with the
 * component (or, without one, with the commands the history recorded) and reports ok,
 * nondeterminism (with the divergence) or a failed workflow task. The component runs in the
 * engine's worker thread: a guest call longer than `--call-limit` fails that history's workflow
 * task and the next history goes on. `--json` and `--junit FILE` are for CI; `--links` adds to
 * each failure a link that opens the app at it, `--bundles DIR` a bundle file for the same. The
 * exit code is 1 when any history does not replay cleanly. Activations are counted from 1
 * everywhere in the output, as the app shows them.
 *
 * Histories can come from a Temporal server instead of files: one by `--workflow-id`, or every
 * execution a visibility `--query` lists (what a team runs in CI before a deploy, against the
 * histories production recorded). `--parallel N` replays N at once, each in its own engine worker.
 */
import { writeFileSync } from 'node:fs';
import type { LoadedHistory } from '../../engine/history/index.ts';
import type { SessionVerdict } from '../../engine/session/session.ts';
import { replayToEnd } from '../../engine/session/replay-to-end.ts';
import {
  UNCHECKED_EXPLANATION,
  type CommandSummary,
  type Divergence,
} from '../../engine/session/divergence.ts';
import type { NotChecked, UncheckedDifference } from '../../engine/core/workflow-machines.ts';
import {
  CALL_LIMIT_USAGE,
  callLimitMs,
  guestMemoryBytes,
  loadCodeFile,
  type CodeInWorker,
} from './component-input.ts';
import {
  errorReport,
  expandHistoryInputs,
  loadHistoryInput,
  type ErrorReport,
} from './history-input.ts';
import {
  DEFAULT_APP_URL,
  shareFailure,
  shareSettings,
  type ShareOutcome,
  type ShareSettings,
} from './share-links.ts';
import { parseCommandArgs } from './args.ts';
import type { ServerClient } from '../bridge/server-client.ts';
import {
  fetchServerHistory,
  SERVER_INPUT_OPTIONS,
  SERVER_INPUT_USAGE,
  serverLabel,
  serverTarget,
  withServer,
  type ServerTarget,
} from './server-input.ts';
import { complain, escapeControls, say } from './terminal.ts';

const USAGE = [
  'usage: workflow-playground replay [--component x.wasm] [--call-limit SECONDS] [--guest-memory MIB]',
  '                                  [--json] [--junit FILE] [--workflow-type TYPE] [--workflow-id ID]',
  '                                  [--links [--app-url URL] [--component-url URL]]',
  '                                  [--bundles DIR] <history or directory...>',
  '',
  '  A directory stands for its *.json, *.bin and *.gz files, in name order.',
  '',
  '  --component FILE     a workflow component, or a seed-ABI core module; without it each history',
  '                       replays with the commands it recorded',
  "  --workflow-type TYPE the component's workflow function that replays each history instead of",
  "                       the history's type (to check a renamed or ported workflow)",
  CALL_LIMIT_USAGE,
  '  --links              print, for each failing history, a link that opens the app at the failure',
  `  --app-url URL        where the app is served (default ${DEFAULT_APP_URL})`,
  "  --component-url URL  where the receiver's browser can fetch the --component file (https, or",
  '                       http on localhost); without it the receiver is asked for the same file',
  '  --bundles DIR        write, for each failing history, a bundle file (history, component and',
  '                       the place of the failure) to open in the app: for histories too large',
  '                       for a link',
  '  --parallel N         replay N histories at once, each in its own engine worker (default 1)',
  '',
  'usage: workflow-playground replay [options above] --workflow-id ID [--run-id ID] [server options]',
  '       workflow-playground replay [options above] --query \'WorkflowType="X" AND StartTime > "…"\'',
  '                                  [--limit N] [server options]',
  '  --query Q            replay every execution this visibility query lists (as `temporal workflow',
  '                       list --query` takes it), newest first',
  '  --limit N            at most N of them',
  '',
  SERVER_INPUT_USAGE,
].join('\n');

/** One history to replay: its name in the output (final once loaded) and how to get it. */
interface Job {
  input: string;
  load(): Promise<LoadedHistory>;
}

/** A session's verdict as printed: a failed task's activation counted from 1. */
type ReportedVerdict = SessionVerdict | { kind: 'error'; error: ErrorReport };

interface Result extends ShareOutcome {
  input: string;
  verdict: ReportedVerdict;
  activations: number;
  divergence?: Divergence;
  /** Differences sdk-core accepts for lack of core flag 1 (see UNCHECKED_EXPLANATION). */
  accepted?: readonly UncheckedDifference[];
  /** History-only replay: events taken as recorded, for want of an sdk-core command to check. */
  notChecked?: readonly NotChecked[];
  ms: number;
}

export async function replayCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      allowPositionals: true,
      allowNegative: true,
      options: {
        ...SERVER_INPUT_OPTIONS,
        query: { type: 'string', short: 'q' },
        limit: { type: 'string' },
        parallel: { type: 'string' },
        component: { type: 'string' },
        'call-limit': { type: 'string' },
        'guest-memory': { type: 'string' },
        json: { type: 'boolean' },
        junit: { type: 'string' },
        'workflow-id': { type: 'string' },
        'workflow-type': { type: 'string' },
        links: { type: 'boolean' },
        'app-url': { type: 'string' },
        'component-url': { type: 'string' },
        bundles: { type: 'string' },
      },
    },
    USAGE,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  let target: ServerTarget | undefined;
  let parallel: number;
  let limit: number | undefined;
  try {
    // Without files, --workflow-id names the workflow to fetch (with files, the id they run as).
    const fromServer =
      values.query !== undefined ||
      values.address !== undefined ||
      (positionals.length === 0 && values['workflow-id'] !== undefined);
    target = fromServer ? serverTarget(values) : undefined;
    if (target && positionals.length > 0)
      throw new Error('give history files, or a server to fetch them from, not both');
    if (target && (values.query === undefined) === (values['workflow-id'] === undefined))
      throw new Error('from a server, give --workflow-id ID or --query Q (one of them)');
    if (!target && positionals.length === 0) throw new Error('give histories to replay');
    if (values.limit !== undefined && values.query === undefined)
      throw new Error('--limit goes with --query');
    parallel = wholeNumber(values.parallel, 'parallel', 1);
    limit = values.limit === undefined ? undefined : wholeNumber(values.limit, 'limit', 1);
  } catch (thrown) {
    complain(`workflow-playground replay: ${errorReport(thrown).message}\n${USAGE}`);
    return 2;
  }
  let share: ShareSettings | undefined;
  if (values.links || values.bundles || values['app-url'] || values['component-url']) {
    try {
      share = shareSettings({
        links: values.links,
        appUrl: values['app-url'],
        componentUrl: values['component-url'],
        bundleDir: values.bundles,
        componentPath: values.component,
        workflowId: values['workflow-id'],
      });
    } catch (thrown) {
      complain(`${thrown instanceof Error ? thrown.message : String(thrown)}\n${USAGE}`);
      return 2;
    }
  }
  let inputs: string[];
  let limitMs: number;
  let memoryBytes: number | undefined;
  try {
    limitMs = callLimitMs(values['call-limit']);
    memoryBytes = guestMemoryBytes(values['guest-memory']);
    inputs = target ? [] : expandHistoryInputs(positionals);
  } catch (thrown) {
    complain(`${thrown instanceof Error ? thrown.message : String(thrown)}\n${USAGE}`);
    return 2;
  }
  const workflowType = values['workflow-type'];
  if (workflowType !== undefined && !values.component) {
    complain(`--workflow-type needs --component: it names one of its workflow functions\n${USAGE}`);
    return 2;
  }
  const component = values.component;
  // One engine worker per parallel replay, the first loaded alone so a bad file is said once.
  const first = component ? await loadCodeFile(component, limitMs, memoryBytes) : undefined;
  const declared = first?.code.workflows?.map((w) => w.workflowType);
  if (workflowType !== undefined && declared && !declared.includes(workflowType)) {
    complain(
      `${component} has no workflow function "${workflowType}" (it has ${declared.join(', ')})`,
    );
    await first?.close();
    return 2;
  }
  const options = {
    ...(values['workflow-id'] && !target ? { workflowId: values['workflow-id'] } : {}),
    ...(workflowType ? { workflowType } : {}),
  };
  const results: Result[] = [];
  let started = performance.now();
  /** Whether replayAll took over `first` (and closes it). */
  let handedOver = false;
  const replayAll = async (jobs: Job[]) => {
    handedOver = true;
    const workers = Math.min(parallel, Math.max(1, jobs.length));
    const loaded: (CodeInWorker | undefined)[] = [first];
    try {
      for (let i = 1; i < workers; i++)
        loaded.push(component ? await loadCodeFile(component, limitMs, memoryBytes) : undefined);
      // Timed from here: the engine workers are loaded, the executions listed.
      started = performance.now();
      let next = 0;
      const done: Result[] = new Array(jobs.length);
      await Promise.all(
        loaded.map(async (code) => {
          while (next < jobs.length) {
            const index = next++;
            const result = await replayOne(jobs[index]!, code, options, share);
            done[index] = result;
            if (!values.json) print(result);
          }
        }),
      );
      results.push(...done);
    } finally {
      await Promise.all(loaded.map((code) => code?.close()));
    }
  };
  if (target) {
    const server = target;
    try {
      await withServer(server, async (client) => {
        const jobs = await serverJobs(client, server, values, limit);
        if (!values.json && values.query !== undefined)
          say(
            `${jobs.length} execution(s) match on ${server.connection.address}, namespace ${server.connection.namespace}`,
          );
        await replayAll(jobs);
      });
    } catch (thrown) {
      if (!handedOver) await first?.close();
      complain(`workflow-playground replay: ${errorReport(thrown).message}`);
      return 1;
    }
  } else {
    await replayAll(inputs.map((input) => ({ input, load: () => loadHistoryInput(input) })));
  }
  const seconds = (performance.now() - started) / 1000;
  if (values.json)
    console.log(
      escapeControls(
        JSON.stringify({ component: values.component ?? null, histories: results }, null, 2),
      ),
    );
  if (values.junit) writeFileSync(values.junit, junit(results));
  const failed = results.filter((r) => r.verdict.kind !== 'ok').length;
  if (!values.json) {
    const kinds = new Map<string, number>();
    for (const r of results)
      if (r.verdict.kind !== 'ok') kinds.set(r.verdict.kind, (kinds.get(r.verdict.kind) ?? 0) + 1);
    const detail = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
    say(
      `\n${results.length - failed} replayed cleanly, ${failed} failed${detail ? ` (${detail})` : ''}` +
        ` in ${seconds.toFixed(1)} s (${(results.length / Math.max(seconds, 1e-3)).toFixed(1)}/s, --parallel ${parallel})`,
    );
  }
  return failed === 0 ? 0 : 1;
}

function wholeNumber(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`--${flag} ${text}: expected a whole number of at least 1`);
  return value;
}

/** The histories to fetch: the one --workflow-id names, or each execution --query lists. */
async function serverJobs(
  client: ServerClient,
  target: ServerTarget,
  values: { query?: string; 'workflow-id'?: string; 'run-id'?: string },
  limit: number | undefined,
): Promise<Job[]> {
  const fetchJob = (workflowId: string, runId: string | undefined): Job => {
    const job: Job = {
      input: serverLabel(target, workflowId, runId ?? ''),
      load: async () => {
        const fetched = await fetchServerHistory(client, target, workflowId, runId);
        // Without --run-id, the latest run: named by the run fetched.
        job.input = fetched.label;
        return fetched.history;
      },
    };
    return job;
  };
  if (values.query === undefined) return [fetchJob(values['workflow-id']!, values['run-id'])];
  const listed = await client.list(target.connection.namespace, values.query, limit);
  return listed.map((e) => fetchJob(e.workflowId, e.runId));
}

async function replayOne(
  job: Job,
  loaded: CodeInWorker | undefined,
  options: { workflowId?: string; workflowType?: string },
  share: ShareSettings | undefined,
): Promise<Result> {
  const started = performance.now();
  let input = job.input;
  try {
    const history = await job.load();
    input = job.input;
    const outcome = loaded
      ? await loaded.code.replay(history.events, options)
      : await replayToEnd(history.events, { kind: 'echo' }, options);
    const ms = performance.now() - started;
    const shared = share && (await shareFailure(share, history, outcome, input));
    const v = outcome.verdict;
    return {
      input,
      verdict: v.kind === 'task-failure' ? { ...v, activation: v.activation + 1 } : v,
      activations: outcome.activations,
      ...(outcome.divergence ? { divergence: outcome.divergence } : {}),
      ...(outcome.accepted.length > 0 ? { accepted: outcome.accepted } : {}),
      ...(outcome.notChecked.length > 0 ? { notChecked: outcome.notChecked } : {}),
      ms,
      ...shared,
    };
  } catch (thrown) {
    return {
      input,
      verdict: { kind: 'error', error: errorReport(thrown) },
      activations: 0,
      ms: performance.now() - started,
    };
  }
}

function print(r: Result): void {
  printVerdict(r);
  if (r.link) say(`    open in the browser: ${r.link}`);
  if (r.linkError) say(`    no link: ${r.linkError}`);
  if (r.bundle) say(`    bundle to open in the browser: ${r.bundle}`);
  if (r.bundleError) say(`    no bundle: ${r.bundleError}`);
}

function printVerdict(r: Result): void {
  const v = r.verdict;
  switch (v.kind) {
    case 'ok':
      say(`ok              ${r.input} (${r.activations} activations, ${r.ms.toFixed(0)} ms)`);
      printAccepted(r);
      printNotChecked(r);
      return;
    case 'error':
      say(`ERROR           ${r.input}: ${v.error.message}`);
      return;
    case 'task-failure':
      say(`TASK FAILURE    ${r.input}: activation ${v.activation}: ${v.message}`);
      if (v.stackTrace) say(indentedStack(v.stackTrace));
      return;
    case 'running':
      say(`INCOMPLETE      ${r.input}`);
      return;
    default: {
      say(
        `${v.kind === 'nondeterminism' ? 'NONDETERMINISM' : 'FATAL         '}  ${r.input}: ${v.message}`,
      );
      const d = r.divergence;
      if (!d) return;
      say(`    ${d.explanation}`);
      say(`    likely cause: ${d.likelyCause}`);
      const rows = Math.max(d.expected.length, d.actual.length);
      // The source line behind a command the code produced, for components built with our SDK.
      const cell = (c: CommandSummary | undefined) =>
        c
          ? `${c.kind} ${c.detail}`.trim() +
            (c.site ? `  (${c.site.file}:${c.site.line}:${c.site.column})` : '')
          : '—';
      say(`    ${'history expects'.padEnd(60)}code produced`);
      for (let i = 0; i < rows; i++) {
        const mark = i === d.firstMismatch ? '>' : ' ';
        say(`  ${mark} ${cell(d.expected[i]).padEnd(60)}${cell(d.actual[i])}`);
      }
    }
  }
}

/** Differences that do not fail the replay, said as plainly as the verdict. */
function printAccepted(r: Result): void {
  if (!r.accepted) return;
  for (const a of r.accepted) say(`    DIFFERS at event ${a.eventId}: ${a.message}`);
  say(`    ${UNCHECKED_EXPLANATION}`);
}

/** What history-only replay could not check, one line per event, and why. */
function printNotChecked(r: Result): void {
  for (const n of r.notChecked ?? [])
    say(`    not checked, event ${n.eventId}: ${n.subject} (${n.reason})`);
}

const STACK_LINES = 12;

/** The guest's stack under its failure, indented; a long one is cut, saying how much. */
function indentedStack(stack: string): string {
  const lines = stack.trimEnd().split('\n');
  const shown = lines.slice(0, STACK_LINES).map((line) => `      ${line.trim()}`);
  if (lines.length > STACK_LINES)
    shown.push(`      … ${lines.length - STACK_LINES} more lines (--json has them all)`);
  return shown.join('\n');
}

const xml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

function junit(results: Result[]): string {
  const failures = results.filter((r) => r.verdict.kind !== 'ok').length;
  const cases = results.map((r) => {
    const time = (r.ms / 1000).toFixed(3);
    const v = r.verdict;
    if (v.kind === 'ok')
      return `    <testcase classname="replay" name="${xml(r.input)}" time="${time}"/>`;
    const message = v.kind === 'error' ? v.error.message : 'message' in v ? v.message : v.kind;
    const body = [
      r.divergence
        ? `${r.divergence.explanation}\n${r.divergence.likelyCause}`
        : v.kind === 'task-failure'
          ? [
              `activation ${v.activation}: ${message}`,
              ...(v.stackTrace ? [v.stackTrace] : []),
            ].join('\n')
          : message,
      ...(r.link ? [`Open in the browser: ${r.link}`] : []),
      ...(r.bundle ? [`Bundle to open in the browser: ${r.bundle}`] : []),
    ].join('\n');
    return `    <testcase classname="replay" name="${xml(r.input)}" time="${time}">\n      <failure type="${v.kind}" message="${xml(message)}">${xml(body)}</failure>\n    </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="workflow-playground replay" tests="${results.length}" failures="${failures}">\n${cases.join('\n')}\n</testsuite>\n`;
}
