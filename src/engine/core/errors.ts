/**
 * The two ways replay can fail, with sdk-core's wording. A nondeterminism error means the workflow
 * code and the history disagree; a fatal error means the history (or the engine) is broken.
 */
export class NondeterminismError extends Error {
  override readonly name = 'NondeterminismError';
  /** The message without the `[TMPRL1100]` prefix, as sdk-core formats its inner error. */
  readonly detail: string;
  constructor(detail: string) {
    super(`[TMPRL1100] Nondeterminism error: ${detail}`);
    this.detail = detail;
  }
}

export class FatalReplayError extends Error {
  override readonly name = 'FatalReplayError';
  constructor(detail: string) {
    super(`Fatal error in workflow machines: ${detail}`);
  }
}

export const nondeterminism = (detail: string) => new NondeterminismError(detail);
export const fatal = (detail: string) => new FatalReplayError(detail);
