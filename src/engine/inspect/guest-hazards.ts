/**
 * What the guest reached for outside the workflow ABI (WASI clocks, random bytes…), as the
 * timeline marks it: per host↔guest call, and summed up per workflow task. Types and plain data
 * only, so the page can use it without pulling in the engine.
 */
import type { HazardKind } from '../host/wasi/hazard.ts';

/** One WASI function the guest called during one call (repeats counted). */
export interface GuestHazardView {
  kind: HazardKind;
  /** `wasi:clocks/wall-clock now` */
  function: string;
  count: number;
  /** The host refused the call. */
  denied: boolean;
  /** "guest read the wall clock 2× during poll-routine(0) at activation 7" */
  sentence: string;
}

/**
 * One sentence per WASI function per call, over the calls of one workflow task's activations:
 * what the task's header says.
 */
export function guestHazardSummary(
  steps: ReadonlyArray<{ calls: ReadonlyArray<{ hazards?: GuestHazardView[] }> }>,
): string[] {
  return steps.flatMap((step) =>
    step.calls.flatMap((call) => (call.hazards ?? []).map((h) => h.sentence)),
  );
}
