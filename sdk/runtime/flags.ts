/**
 * The TypeScript SDK's internal ("lang") flags that this SDK honours. A flag gates a behaviour
 * change: a run takes the new path on a task it executes for the first time (and reports the flag,
 * which sdk-core writes into that task's WorkflowTaskCompleted as `sdkMetadata.langUsedFlags`),
 * and while replaying takes it only if history says the original task did. Without this, a history
 * recorded by an older SDK would replay into other commands (nondeterminism), and one recorded by
 * this SDK would fail replay in the TypeScript SDK, which takes the old path for unflagged tasks.
 *
 * Ids and meaning are the TS SDK's (`@temporalio/workflow` lib/flags.js, 1.24).
 */
export interface SdkFlag {
  readonly id: number;
  /** On by default when not replaying. */
  readonly default: boolean;
  /**
   * Replaying only: also on for tasks that match this (not reported). TS SDK 1.11.0 and 1.11.1
   * used flags 1 and 2 without writing them to history.
   */
  readonly alsoOnWhen?: (info: { currentBuildId?: string }) => boolean;
}

const writtenBy1_11_0or1 = ({ currentBuildId }: { currentBuildId?: string }) =>
  currentBuildId !== undefined && /^@temporalio\/worker@1\.11\.[01][+]/.test(currentBuildId);

export const SdkFlags = {
  /**
   * 1 (TS SDK 1.10.2/1.11.0): `CancellationScope.withTimeout(fn)` cancels its timer once `fn`
   * settles first (before, the timer was left running), and a non-cancellable scope that is
   * cancelled (from above or directly) keeps that from its child scopes (before, they were
   * cancelled). The TS SDK also gates interceptable `setTimeout` timers on it (the same commands
   * either way).
   */
  NonCancellableScopesAreShieldedFromPropagation: {
    id: 1,
    default: true,
    alsoOnWhen: writtenBy1_11_0or1,
  },
} as const satisfies Record<string, SdkFlag>;
