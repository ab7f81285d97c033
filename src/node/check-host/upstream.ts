/**
 * The upstream side of check-host: runs `tools/check-host` (Temporal's temporalio-sdk host on
 * wasmtime, under sdk-core's replay worker) on a component and histories, and reads its report
 * into the common form of calls.ts. The verdict comes from sdk-core's eviction exactly as the
 * core-bridge oracle reads it (oracle/verdict.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEvent } from '../../engine/core/events.ts';
import { History, WorkflowActivation, type coresdk } from '../../engine/proto/index.ts';
import { checkHostBinary } from '../build/check-host.ts';
import { evictionOf, verdictOf } from '../oracle/verdict.ts';
import {
  activationJson,
  activationResultJson,
  commandJson,
  completionJson,
  failureJson,
  initJson,
  pollResultJson,
  type HostCall,
  type HostRun,
  type Json,
} from './calls.ts';

export interface UpstreamHistory {
  events: readonly HistoryEvent[];
  workflowId: string;
  taskQueue: string;
}

export type UpstreamReport = { loadError: string } | { runs: HostRun[] };

type RawCall = Record<string, unknown> & { call?: string; core?: string; result?: RawResult };
type RawResult = { ok?: unknown; err?: string; panic?: string; error?: string };

/** upstream's trap_to_failure: a trap becomes a Failure with only this message. */
const TRAP_PREFIX = 'WASM workflow trapped: ';

function outcome(result: RawResult | undefined, ok: (value: never) => Json) {
  if (!result) return { trap: 'no result recorded' };
  if ('panic' in result) return { trap: `panicked: ${result.panic}` };
  if (result.err !== undefined) {
    const failure = failureJson(result.err);
    const message = typeof failure.message === 'string' ? failure.message : '';
    if (message.startsWith(TRAP_PREFIX) && Object.keys(failure).length === 1)
      return { trap: message.slice(TRAP_PREFIX.length) };
    return { err: failure };
  }
  return { ok: ok(result.ok as never) };
}

function readCalls(raw: RawCall[]): HostCall[] {
  const calls: HostCall[] = [];
  let activation = -1;
  for (const c of raw) {
    if (c.core === 'activation') activation++;
    if (!c.call) continue;
    switch (c.call) {
      case 'instantiate-workflow':
        calls.push({
          activation,
          call: c.call,
          namespace: c.namespace as string,
          taskQueue: c.taskQueue as string,
          runId: c.runId as string,
          initializeWorkflow: initJson(c.initializeWorkflow as string),
          result: c.result?.error === undefined ? { ok: null } : { err: c.result.error },
        });
        break;
      case 'activate':
        calls.push({
          activation,
          call: c.call,
          input: activationJson(c.activation as string),
          result: outcome(c.result, activationResultJson),
        });
        break;
      case 'poll-routine':
        calls.push({
          activation,
          call: c.call,
          routineId: String(c.routineId),
          result: outcome(c.result, pollResultJson),
        });
        break;
      case 'push-command':
        calls.push({ activation, call: c.call, command: commandJson(c.command as string) });
        break;
      case 'set-current-details':
        calls.push({ activation, call: c.call, details: c.details as string });
        break;
      default:
        throw new Error(`check-host-upstream reported an unknown call ${JSON.stringify(c.call)}`);
    }
  }
  return calls;
}

function verdictOfRun(
  raw: { activations: string[]; timeout?: string; workerError?: string },
  completions: Json[],
): HostRun['verdict'] {
  const activations = raw.activations.map(
    (b) =>
      WorkflowActivation.decode(
        Buffer.from(b, 'base64'),
      ) as coresdk.workflow_activation.IWorkflowActivation,
  );
  const last = activations.at(-1);
  const job = last?.jobs?.find((j) => j.removeFromCache)?.removeFromCache;
  if (last && job) {
    const v = verdictOf(evictionOf(last, job), activations.length - 2);
    return {
      kind: v.kind,
      ...('message' in v ? { message: v.message } : {}),
      ...('eventId' in v && v.eventId !== undefined ? { eventId: v.eventId } : {}),
    };
  }
  if (raw.workerError) return { kind: 'error', message: raw.workerError };
  if (raw.timeout) return { kind: 'timeout', message: raw.timeout };
  return {
    kind: 'error',
    message: `sdk-core ended the replay without an eviction (${completions.length} completions)`,
  };
}

/** Runs the upstream host on the component and histories, in one process. */
export async function runUpstream(
  componentPath: string,
  histories: readonly UpstreamHistory[],
  options: { buildId: string; timeoutMs?: number; binary?: string },
): Promise<UpstreamReport> {
  const dir = mkdtempSync(join(tmpdir(), 'check-host-'));
  try {
    const request = {
      component: componentPath,
      buildId: options.buildId,
      timeoutMs: options.timeoutMs ?? 30_000,
      histories: histories.map((h, i) => {
        const path = join(dir, `${i}.binpb`);
        writeFileSync(path, History.encode({ events: [...h.events] }));
        return { path, workflowId: h.workflowId, taskQueue: h.taskQueue };
      }),
    };
    const stdout = await runProgram(options.binary ?? checkHostBinary(), JSON.stringify(request));
    const report = JSON.parse(stdout) as
      | { loadError: string }
      | {
          histories: Array<{
            calls: RawCall[];
            activations: string[];
            completions: string[];
            timeout?: string;
            workerError?: string;
          }>;
        };
    if ('loadError' in report) return { loadError: report.loadError };
    return {
      runs: report.histories.map((h) => {
        // The sdk answers sdk-core's final eviction with an empty completion; our session has no
        // eviction to answer, so that one is not compared.
        const evictions = new Set(
          h.activations.flatMap((a, i) => {
            const jobs = WorkflowActivation.decode(Buffer.from(a, 'base64')).jobs ?? [];
            return jobs.length > 0 && jobs.every((j) => j.removeFromCache) ? [i] : [];
          }),
        );
        const completions = h.completions.filter((_, i) => !evictions.has(i)).map(completionJson);
        return { calls: readCalls(h.calls), completions, verdict: verdictOfRun(h, completions) };
      }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runProgram(binary: string, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) =>
      reject(new Error(`${binary}: ${e.message} (build it with \`npm run build:check-host\`)`)),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            `${binary} exited ${code ?? signal}: ${Buffer.concat(err).toString('utf8').trim().slice(-2000)}`,
          ),
        );
    });
    child.stdin.end(input);
  });
}
