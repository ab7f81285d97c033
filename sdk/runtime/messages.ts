/**
 * Queries and updates as they arrive in activation jobs. A query is answered within `activate`
 * (handlers are synchronous and must not change state). An update is validated within `activate`
 * (a rejection there is final and leaves no trace in history); once accepted, its handler runs as
 * an update routine whose outcome the host turns into the update's response.
 */
import { fromPayloads, toPayload } from '../../src/engine/proto/payload.ts';
import { STACK_TRACE_QUERY } from '../../src/engine/wit/source-site.ts';
import { ApplicationFailure, DeterminismViolationError } from '../failures.ts';
import type { UpdateHandlerEntry } from '../handlers.ts';
import { composeInterceptors, type QueryInput, type UpdateInput } from '../interceptors.ts';
import type { coresdk, IPayload } from './proto.ts';
import { promiseOf, type Waiter, type WorkflowRun } from './run.ts';

/** The query the Temporal UI and CLI send to describe a workflow (`temporal workflow metadata`). */
export const METADATA_QUERY = '__temporal_workflow_metadata';
/** Names Temporal keeps for itself: never routed to a default handler. */
const RESERVED_PREFIX = '__temporal_';

function checkNotReserved(what: string, name: string): void {
  if (name.startsWith(RESERVED_PREFIX))
    throw new TypeError(
      `The ${what} name "${name}" starts with "${RESERVED_PREFIX}", which Temporal reserves; a default handler cannot take it`,
    );
}

function definitions(entries: Map<string, { description?: string }>) {
  return [...entries].map(([name, { description }]) => ({ name, description }));
}

/**
 * `__stack_trace`, as the TypeScript SDK answers it: one block per operation a routine waits on
 * (its routine, what it waits on, then the stack captured where the wait began), blocks separated
 * by a blank line. The stacks are in the bundle's coordinates (`fn@workflow.js:2611:30`); a host
 * that has the component's source map rewrites them as workflow source lines
 * (src/engine/host/sources.ts), and any other host shows them as they are.
 */
function stackTrace(run: WorkflowRun): string {
  const blocks: string[] = [];
  const list = (what: string, waits: Iterable<[number, { waiter?: Waiter }]>) => {
    for (const [seq, { waiter }] of waits) {
      if (!waiter) continue;
      blocks.push(
        `${waiter.routine}: waiting on ${what} ${seq}\n${waiter.site.stack ?? ''}`.trim(),
      );
    }
  };
  list('timer', run.completions.timer);
  list('activity', run.completions.activity);
  list('child workflow start', run.completions.childStart);
  list('child workflow result', run.completions.childComplete);
  list('signal to another workflow', run.completions.signalExternal);
  list('cancel request to another workflow', run.completions.cancelExternal);
  list('condition', run.conditions);
  return blocks.join('\n\n') || 'not waiting on anything';
}

/** Runs a query; returns its encoded result or throws what the handler (or converter) threw. */
export function runQuery(
  run: WorkflowRun,
  query: coresdk.workflow_activation.IQueryWorkflow,
): IPayload {
  const queryName = query.queryType ?? '';
  if (queryName === METADATA_QUERY) {
    return toPayload({
      definition: {
        type: run.info.workflowType,
        queryDefinitions: definitions(run.handlers.query),
        signalDefinitions: definitions(run.handlers.signal),
        updateDefinitions: definitions(run.handlers.update),
      },
      currentDetails: run.currentDetails,
    });
  }
  if (queryName === STACK_TRACE_QUERY) return toPayload(stackTrace(run));
  if (!run.handlers.query.has(queryName) && run.handlers.defaultQuery)
    checkNotReserved('query', queryName);
  const handle = ({ queryName: name, args }: QueryInput): unknown => {
    const entry = run.handlers.query.get(name);
    if (entry) return entry.handler(...args);
    const fallback = run.handlers.defaultQuery;
    if (fallback) return fallback(name, ...args);
    const known = [...run.handlers.query.keys()].join(', ') || 'none';
    throw new ReferenceError(
      `Workflow did not register a handler for query "${name}" (it has: ${known})`,
    );
  };
  const answer = (input: QueryInput): unknown => {
    const value = handle(input);
    if (value instanceof Promise) {
      value.catch(() => undefined);
      // As the TypeScript SDK rules: a query handler reads state, it never waits.
      throw new DeterminismViolationError(
        `The handler of query "${input.queryName}" returned a Promise; query handlers must be synchronous`,
      );
    }
    return value;
  };
  const result = run.inRootFrame(() =>
    composeInterceptors(
      run.inbound,
      'handleQuery',
      answer,
    )({
      queryId: query.queryId ?? '',
      queryName,
      args: fromPayloads(query.arguments),
      headers: query.headers ?? {},
    }),
  );
  if (result instanceof Promise) {
    result.catch(() => undefined);
    // The world takes a query's answer as `activate`'s result, and StarlingMonkey settles
    // promises only after `activate` returns: a promise cannot be awaited in time.
    throw new TypeError(
      `A handleQuery interceptor returned a Promise for query "${queryName}"; this SDK answers queries within the activation, so handleQuery interceptors must return the value of next(input) synchronously`,
    );
  }
  return toPayload(result);
}

export type UpdateStart =
  { accepted: false; error: unknown } | { accepted: true; handled: Promise<unknown> };

/** Validates an update and, if it is accepted, starts its handler. */
export function startUpdate(
  run: WorkflowRun,
  update: coresdk.workflow_activation.IDoUpdate,
): UpdateStart {
  const name = update.name ?? '';
  const fallback = run.handlers.defaultUpdate;
  if (!run.handlers.update.has(name) && fallback) checkNotReserved('update', name);
  const entry: UpdateHandlerEntry | undefined =
    run.handlers.update.get(name) ??
    (fallback && { handler: (...args: unknown[]) => fallback(name, ...args) });
  if (!entry) {
    return {
      accepted: false,
      error: ApplicationFailure.nonRetryable(`No registered handler for update: ${name}`),
    };
  }
  if (entry.site)
    run.sendSite({ kind: 'update', protocolInstanceId: update.protocolInstanceId ?? '' }, [
      entry.site,
    ]);
  // Decoded afresh for the handler, so that it never sees what the validator did to its input.
  const input = (): UpdateInput => ({
    updateId: update.id ?? '',
    name,
    args: fromPayloads(update.input),
    headers: update.headers ?? {},
  });
  const updateInfo = { id: update.id ?? '', name };
  try {
    const validator = entry.validator;
    if (update.runValidator && validator) {
      run.inRootFrame(
        () =>
          composeInterceptors(run.inbound, 'validateUpdate', ({ args }: UpdateInput) => {
            validator(...args);
          })(input()),
        { update: updateInfo },
      );
    }
    const handlerInput = input();
    const handled = run.inRootFrame(
      () =>
        promiseOf(() =>
          composeInterceptors(run.inbound, 'handleUpdate', ({ args }: UpdateInput) =>
            promiseOf(() => entry.handler(...args)),
          )(handlerInput),
        ),
      { update: updateInfo },
    );
    run.trackHandler(handled, {
      kind: 'update',
      name,
      updateId: updateInfo.id,
      unfinishedPolicy: entry.unfinishedPolicy ?? 'WARN_AND_ABANDON',
    });
    return { accepted: true, handled };
  } catch (error) {
    return { accepted: false, error };
  }
}
