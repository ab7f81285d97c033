/**
 * Child scopes of a cancelled non-cancellable scope: shielded under the TS SDK's lang flag 1,
 * cancelled on the old path (histories without the flag). Written against our SDK's API, which
 * is the TS SDK's, so the TS SDK's bundler can build the same file (see test/oracle/ts-sdk.test.ts).
 */
import { CancellationScope, condition, isCancellation, sleep } from '../../../sdk/index.ts';

/** A cancellable scope inside a non-cancellable one, running when the workflow is cancelled. */
export async function shieldedWork(): Promise<string> {
  return CancellationScope.nonCancellable(() =>
    CancellationScope.cancellable(async () => {
      try {
        await sleep('1 hour');
        return 'slept';
      } catch (error) {
        if (!isCancellation(error)) throw error;
        return 'inner scope cancelled';
      }
    }),
  );
}

/**
 * Cleanup after cancellation waits, shielded, with a deadline: condition's timer runs in a scope
 * made inside the non-cancellable scope after that scope was cancelled.
 */
export async function shieldedCleanup(): Promise<string> {
  try {
    await sleep('1 hour');
    return 'not cancelled';
  } catch (error) {
    if (!isCancellation(error)) throw error;
    return CancellationScope.nonCancellable(async () => {
      try {
        return (await condition(() => false, '1 minute')) ? 'released' : 'cleanup deadline passed';
      } catch (inner) {
        if (!isCancellation(inner)) throw inner;
        return 'cleanup cancelled';
      }
    });
  }
}
