/**
 * The run and cancellation scope whose code is executing, and the stack for a command's source
 * line. A leaf module (types aside, it imports only the frame and the error class), so the
 * workflow API's modules reach the current run without importing run.ts, which imports several of
 * them back (as @temporalio/workflow keeps its activator lookup apart from the activator).
 */
import type { CancellationScope } from '../cancellation-scope.ts';
import { IllegalStateError } from '../failures.ts';
import { currentFrame, type Frame } from './async-context.ts';
import type { WorkflowRun } from './run.ts';

/**
 * Whether this build captures stacks for the source line behind each command (bundle.ts defines
 * it; on unless a build turns it off, as the SDK benchmark does to measure what capture costs).
 */
declare const __SOURCE_SITES__: boolean;
export const SOURCE_SITES = typeof __SOURCE_SITES__ === 'undefined' || __SOURCE_SITES__;
const NO_SITE = new Error('this build captures no source locations');

/** The stack here, for the host to map to a source line (a shared placeholder when off). */
export function captureSite(): Error {
  return SOURCE_SITES ? new Error() : NO_SITE;
}

function frameFor(what: string): Frame {
  const frame = currentFrame();
  if (!frame)
    throw new IllegalStateError(
      `${what}() may only be used in workflow code, while a workflow runs (not at module load).`,
    );
  return frame;
}

/** The run whose code is executing; throws, naming `what`, outside workflow code. */
export function currentRun(what = 'This workflow API'): WorkflowRun {
  return frameFor(what).run;
}

/** The cancellation scope current in the executing code; throws, naming `what`, outside it. */
export function currentScope(what = 'CancellationScope.current'): CancellationScope {
  return frameFor(what).scope;
}
