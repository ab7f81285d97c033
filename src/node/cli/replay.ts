/**
 * `workflow-playground replay [--component x.wasm] <histories...>`: replays each history with the
 * component (or, without one, with the commands the history recorded) and reports ok,
 * nondeterminism (with the divergence) or a failed workflow task. The component runs in the
 * engine's worker thread: a guest call longer than `--call-limit` fails that history's workflow
 * task and the next history goes on. `--json` and `--junit FILE` are for CI; `--links` adds to
 * each failure a link that opens the app at it, `--bundles DIR` a bundle file for the same. The
 * exit code is 1 when any history does not replay cleanly. Activations are counted from 1
 * everywhere in the output, as the app shows them.
 */
import { writeFileSync } from 'node:fs';
import type { WorkflowCode } from '../../engine/host/load.ts';
import { ReplaySession, type SessionVerdict } from '../../engine/session/session.ts';
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
].join('\n');

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
      options: {
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
    true,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
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
    inputs = expandHistoryInputs(positionals);
  } catch (thrown) {
    complain(`${thrown instanceof Error ? thrown.message : String(thrown)}\n${USAGE}`);
    return 2;
  }
  const workflowType = values['workflow-type'];
  if (workflowType !== undefined && !values.component) {
    complain(`--workflow-type needs --component: it names one of its workflow functions\n${USAGE}`);
    return 2;
  }
  const loaded = values.component
    ? await loadCodeFile(values.component, limitMs, memoryBytes)
    : undefined;
  const declared = loaded?.code.workflows?.map((w) => w.workflowType);
  if (workflowType !== undefined && declared && !declared.includes(workflowType)) {
    complain(
      `${values.component} has no workflow function "${workflowType}" (it has ${declared.join(', ')})`,
    );
    await loaded?.close();
    return 2;
  }
  const results: Result[] = [];
  const options = {
    ...(values['workflow-id'] ? { workflowId: values['workflow-id'] } : {}),
    ...(workflowType ? { workflowType } : {}),
  };
  try {
    for (const input of inputs) {
      const result = await replayOne(input, loaded, options, share);
      results.push(result);
      if (!values.json) print(result);
    }
  } finally {
    await loaded?.close();
  }
  if (values.json)
    console.log(
      escapeControls(
        JSON.stringify({ component: values.component ?? null, histories: results }, null, 2),
      ),
    );
  if (values.junit) writeFileSync(values.junit, junit(results));
  const failed = results.filter((r) => r.verdict.kind !== 'ok').length;
  if (!values.json) say(`\n${results.length - failed} replayed cleanly, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function replayOne(
  input: string,
  loaded: CodeInWorker | undefined,
  options: { workflowId?: string; workflowType?: string },
  share: ShareSettings | undefined,
): Promise<Result> {
  const started = performance.now();
  try {
    const history = await loadHistoryInput(input);
    const component: WorkflowCode | undefined = loaded?.code;
    const session = ReplaySession.open(
      history.events,
      component ? { kind: 'component', component } : { kind: 'echo' },
      options,
    );
    await session.runToEnd();
    await loaded?.code.endRuns();
    const ms = performance.now() - started;
    const shared = share && (await shareFailure(share, history, session, input));
    const v = session.verdict;
    return {
      input,
      verdict: v.kind === 'task-failure' ? { ...v, activation: v.activation + 1 } : v,
      activations: session.steps.length,
      ...(session.divergence ? { divergence: session.divergence } : {}),
      ...(session.uncheckedDifferences.length > 0
        ? { accepted: [...session.uncheckedDifferences] }
        : {}),
      ...(session.notChecked.length > 0 ? { notChecked: [...session.notChecked] } : {}),
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
