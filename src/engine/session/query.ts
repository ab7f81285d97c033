/**
 * A workflow query answered by the guest as it is at the session's cursor, on a copy: the run's
 * driver forks its instance (a fresh one with the same state), the copy gets a query-only
 * activation, and the copy is thrown away, so the replay under the cursor is not disturbed.
 */
import { WorkflowRunDriver } from '../host/driver.ts';
import { declaredWorkflows } from '../host/load.ts';
import { fromPayload, toPayloads } from '../proto/payload.ts';
import type { ReplaySession } from './session.ts';

export interface QueryRequest {
  name: string;
  args: unknown[];
}

export type QueryAnswer =
  /** `value` decoded from the payload; `encoding` the payload's. */
  { ok: true; value: unknown; encoding: string } | { ok: false; error: string };

/** The query names a workflow type declares, from list-workflows (none for other code). */
export function declaredQueries(session: ReplaySession, workflowType: string): string[] {
  const source = session.source;
  if (source.kind !== 'component') return [];
  const workflows = declaredWorkflows(source.component) ?? [];
  return [...(workflows.find((w) => w.workflowType === workflowType)?.queries ?? [])];
}

/** Why queries cannot run at this session's cursor, or undefined when they can. */
export function queryRefusal(session: ReplaySession): string | undefined {
  if (session.source.kind === 'echo')
    return 'the history is replayed alone: queries need the workflow code (load a component)';
  if (!(session.runDriver instanceof WorkflowRunDriver))
    return 'queries need a component run in this thread (a seed-ABI module has none)';
  if (session.steps.length === 0)
    return 'no activation has run yet: step to the first activation to query the workflow';
  return undefined;
}

export async function queryAtCursor(
  session: ReplaySession,
  request: QueryRequest,
): Promise<QueryAnswer> {
  const refusal = queryRefusal(session);
  if (refusal) return { ok: false, error: refusal };
  const driver = session.runDriver as WorkflowRunDriver;
  let copy: WorkflowRunDriver;
  try {
    copy = await driver.fork();
  } catch (thrown) {
    return {
      ok: false,
      error: `the workflow's state at this activation cannot be copied: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    };
  }
  const last = session.steps.at(-1)!.activation;
  const completion = await copy.activate({
    runId: last.runId ?? '',
    ...(last.timestamp ? { timestamp: last.timestamp } : {}),
    isReplaying: false,
    jobs: [
      {
        queryWorkflow: {
          queryId: 'watch',
          queryType: request.name,
          arguments: toPayloads(request.args),
        },
      },
    ],
  });
  if (completion.status === 'failed') return { ok: false, error: completion.message };
  const answer = completion.commands.find((c) => c.respondToQuery)?.respondToQuery;
  if (!answer) return { ok: false, error: 'the workflow answered the query with nothing' };
  if (answer.failed) return { ok: false, error: answer.failed.message || 'the query failed' };
  const payload = answer.succeeded?.response;
  const encoding = payload?.metadata?.['encoding'];
  return {
    ok: true,
    value: fromPayload(payload),
    encoding: encoding ? new TextDecoder().decode(encoding) : 'binary/null',
  };
}
