/**
 * Continue-as-new: end this run and start a fresh one (new run id, empty history) of the same
 * workflow, carrying state in its arguments. Long-running workflows use it to keep histories short.
 */
import { optionalDuration, type Duration } from './duration.ts';
import { composeInterceptors, type ContinueAsNewInput } from './interceptors.ts';
import { toPayload, toPayloads } from '../src/engine/proto/payload.ts';
import type { coresdk } from './runtime/proto.ts';
import { currentRun } from './runtime/current.ts';
import { encodeSearchAttributes, type SearchAttributes } from './search-attributes.ts';

export interface ContinueAsNewOptions {
  /** Default: this workflow's type. */
  workflowType?: string;
  /** Default: this workflow's task queue. */
  taskQueue?: string;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  memo?: Record<string, unknown>;
  /** The new run's search attributes (untyped form); unset leaves them to the server. */
  searchAttributes?: SearchAttributes;
}

/** Thrown by `continueAsNew`; the workflow ends when it propagates out of the workflow function. */
export class ContinueAsNew extends Error {
  override name = 'ContinueAsNew';

  constructor(readonly command: coresdk.workflow_commands.IContinueAsNewWorkflowExecution) {
    super('Workflow continued as new');
  }
}

function continueAsNewCommand({ args, headers, options }: ContinueAsNewInput): Promise<never> {
  const run = currentRun('continueAsNew');
  return Promise.reject(
    new ContinueAsNew({
      workflowType: options.workflowType,
      taskQueue: options.taskQueue ?? run.info.taskQueue,
      arguments: toPayloads(args),
      headers,
      workflowRunTimeout: optionalDuration(options.workflowRunTimeout),
      workflowTaskTimeout: optionalDuration(options.workflowTaskTimeout),
      memo: options.memo
        ? Object.fromEntries(Object.entries(options.memo).map(([k, v]) => [k, toPayload(v)]))
        : undefined,
      searchAttributes: encodeSearchAttributes(options.searchAttributes),
    }),
  );
}

/** A function that continues as new with `options` when called with the new run's arguments. */
export function makeContinueAsNewFunc<F extends (...args: never[]) => Promise<unknown>>(
  options: ContinueAsNewOptions = {},
): (...args: Parameters<F>) => Promise<never> {
  return (...args) => {
    const run = currentRun('continueAsNew');
    const resolved = { ...options, workflowType: options.workflowType ?? run.info.workflowType };
    return composeInterceptors(
      run.outbound,
      'continueAsNew',
      continueAsNewCommand,
    )({
      args,
      headers: {},
      options: resolved,
    });
  };
}

/** Continues this workflow as new with `args`; never returns (the returned promise rejects). */
export function continueAsNew<F extends (...args: never[]) => Promise<unknown>>(
  ...args: Parameters<F>
): Promise<never> {
  return makeContinueAsNewFunc<F>()(...args);
}
