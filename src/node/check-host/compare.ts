/**
 * Two hosts' runs of one history, compared call by call (the same call, the same arguments, the
 * same result, field by field), completion by completion and by verdict. Where a sequence parts
 * ways, the first place is reported and the rest (which follows from it) is not.
 */
import type { HostCall, HostRun, Json } from './calls.ts';
import { jsonDiff } from '../oracle/json-diff.ts';

const MAX_DIFFERENCES = 12;

export interface HostComparison {
  /** Calls compared pairwise before the sequences ended or parted. */
  callsCompared: number;
  commandsCompared: number;
  differences: string[];
}

const show = (v: unknown) => {
  const text = JSON.stringify(v) ?? 'undefined';
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

/** Field paths where a and b differ; traps compare by kind only (wasmtime's and V8's words differ). */
function diff(a: unknown, b: unknown, path: string, out: string[]): void {
  jsonDiff(a, b, path, out, {
    other: 'upstream',
    max: MAX_DIFFERENCES,
    show,
    sameObjects: (ra, rb) => 'trap' in ra && 'trap' in rb,
  });
}

export function describeCall(c: HostCall): string {
  switch (c.call) {
    case 'instantiate-workflow':
      return `instantiate-workflow (${'ok' in c.result ? 'ok' : `err: ${c.result.err}`})`;
    case 'activate': {
      const jobs = ((c.input.jobs as Array<Record<string, unknown>> | undefined) ?? [])
        .map((j) => Object.keys(j)[0])
        .join(', ');
      return `activate [${jobs}] -> ${outcomeText(c.result)}`;
    }
    case 'poll-routine':
      return `poll-routine(${c.routineId}) -> ${outcomeText(c.result)}`;
    case 'push-command':
      return `push-command ${Object.keys(c.command)[0] ?? '(empty)'}`;
    case 'set-current-details':
      return `set-current-details ${show(c.details)}`;
  }
}

function outcomeText(r: { ok: unknown } | { err: unknown } | { trap: string }): string {
  if ('trap' in r) return `trap (${r.trap})`;
  if ('err' in r) return `err ${show(r.err)}`;
  return show(r.ok);
}

/**
 * Known differences that are not the host's, taken out before comparing (each with its source):
 * - upstream's worker moves the InitializeWorkflow job out of the activation to instantiate the
 *   run (`std::mem::take(sw)`, temporalio-sdk 0.5.0 src/lib.rs:923), so its guest's `activate`
 *   sees that job empty; ours passes it whole. A guest has the job from `instantiate-workflow`.
 * - sdk-core 0.5.0 leaves InitializeWorkflow.original_execution_run_id unset; the sdk-core in
 *   @temporalio/core-bridge, which our engine's activations follow, sets it; likewise
 *   SignalWorkflow.originating_event_id. Not host matters.
 */
function withoutKnown(ours: HostCall, upstream: HostCall): HostCall {
  const copy = structuredClone(ours) as HostCall & Record<string, unknown>;
  const init = (c: Record<string, unknown>) =>
    c.initializeWorkflow as Record<string, unknown> | undefined;
  if (copy.call === 'instantiate-workflow' && upstream.call === 'instantiate-workflow') {
    // Failing is compared, not the words (upstream prefixes "WASM workflow initialization failed").
    if ('err' in copy.result && 'err' in upstream.result) copy.result = upstream.result;
    if (init(upstream)?.originalExecutionRunId === undefined)
      delete init(copy)?.originalExecutionRunId;
  }
  if (copy.call === 'activate' && upstream.call === 'activate') {
    const jobs = (copy.input.jobs ?? []) as Array<Record<string, unknown>>;
    const theirs = (upstream.input.jobs ?? []) as Array<Record<string, unknown>>;
    jobs.forEach((job, i) => {
      const t = theirs[i]?.initializeWorkflow as Record<string, unknown> | undefined;
      if (job.initializeWorkflow && t && Object.keys(t).length === 0) job.initializeWorkflow = {};
      const signal = job.signalWorkflow as Record<string, unknown> | undefined;
      const theirSignal = theirs[i]?.signalWorkflow as Record<string, unknown> | undefined;
      if (signal && theirSignal && theirSignal.originatingEventId === undefined)
        delete signal.originatingEventId;
    });
  }
  return copy;
}

export function compareRuns(ours: HostRun, upstream: HostRun): HostComparison {
  const differences: string[] = [];
  const ov = ours.verdict;
  const uv = upstream.verdict;
  // sdk-core's replay worker goes silent where it has nothing left to activate (a history that
  // ends waiting on a local activity, say) and never evicts; our replay then ends ok. The same
  // outcome, as check-core counts it (oracle/differential.ts); the calls are still compared.
  const bothIdle = uv.kind === 'timeout' && ov.kind === 'ok';
  if (ov.kind !== uv.kind && !bothIdle)
    differences.push(
      `verdict: ours ${ov.kind}${ov.message ? ` (${ov.message})` : ''}, upstream ${uv.kind}${uv.message ? ` (${uv.message})` : ''}`,
    );
  else if (ov.eventId !== uv.eventId)
    differences.push(
      `verdict ${ov.kind}: at event ${ov.eventId} by ours, at ${uv.eventId} by upstream`,
    );

  let callsCompared = 0;
  const n = Math.min(ours.calls.length, upstream.calls.length);
  for (let i = 0; i < n; i++) {
    const a = ours.calls[i]!;
    const b = upstream.calls[i]!;
    const where = `call ${i + 1} (activation ${a.activation + 1})`;
    if (a.call !== b.call || a.activation !== b.activation) {
      differences.push(
        `${where}: calls part ways: ours ${describeCall(a)} in activation ${a.activation + 1}, upstream ${describeCall(b)} in activation ${b.activation + 1}`,
      );
      break;
    }
    callsCompared++;
    const found: string[] = [];
    diff(withoutKnown(a, b), b, '', found);
    differences.push(...found.map((f) => `${where} ${a.call}${f}`));
    if (differences.length >= MAX_DIFFERENCES) break;
  }
  if (ours.calls.length !== upstream.calls.length && differences.length < MAX_DIFFERENCES) {
    const longer = ours.calls.length > upstream.calls.length ? ours.calls : upstream.calls;
    differences.push(
      `calls: ours ${ours.calls.length}, upstream ${upstream.calls.length}; next of the longer: ${describeCall(longer[n]!)}`,
    );
  }

  // A failed task's failure text is each host's own wording (upstream: "Failed to create
  // workflow: …", lib.rs:934, dropping the guest's message); compare that it failed, and why.
  // Lang flags reach our host over set-current-details, a channel of our SDK's own
  // (src/engine/wit/lang-flags.ts); upstream's host has none and always sends no flags
  // (`used_internal_flags: vec![]`, workflow_future.rs send_completion). Both see the same
  // set-current-details call; what ours makes of it is ours alone, so the flags are not compared.
  const worded = (c: Json) => {
    const failed = c.failed as Json | undefined;
    if (failed) return { ...c, failed: { ...failed, failure: 'failure' in failed } };
    const successful = c.successful as Json | undefined;
    if (!successful) return c;
    const { usedInternalFlags: _flags, ...rest } = successful;
    return { ...c, successful: rest };
  };
  let commandsCompared = 0;
  const m = Math.min(ours.completions.length, upstream.completions.length);
  for (let i = 0; i < m && differences.length < MAX_DIFFERENCES; i++) {
    const found: string[] = [];
    diff(worded(ours.completions[i]!), worded(upstream.completions[i]!), '', found);
    differences.push(...found.map((f) => `completion ${i + 1}${f}`));
    const commands = (ours.completions[i]!.successful as { commands?: unknown[] } | undefined)
      ?.commands;
    commandsCompared += commands?.length ?? 0;
  }
  if (ours.completions.length !== upstream.completions.length)
    differences.push(
      `completions: ours ${ours.completions.length}, upstream ${upstream.completions.length}`,
    );
  return { callsCompared, commandsCompared, differences: differences.slice(0, MAX_DIFFERENCES) };
}
