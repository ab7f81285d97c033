/**
 * A whole replay at once, for callers that want its outcome and not its steps (the CLI's
 * `replay`, and the engine worker answering it in one message).
 */
import type { HistoryEvent } from '../core/events.ts';
import type { NotChecked, UncheckedDifference } from '../core/workflow-machines.ts';
import type { Divergence } from './divergence.ts';
import {
  ReplaySession,
  type CommandSource,
  type SessionOptions,
  type SessionVerdict,
} from './session.ts';

export interface ReplaySummary {
  verdict: SessionVerdict;
  /** Activations replayed. */
  activations: number;
  divergence?: Divergence;
  /** Differences accepted as sdk-core accepts them. */
  accepted: UncheckedDifference[];
  /** Events taken as recorded because no check applies. */
  notChecked: NotChecked[];
}

export async function replayToEnd(
  events: readonly HistoryEvent[],
  source: CommandSource,
  options: Omit<SessionOptions, 'checkpoints'> = {},
): Promise<ReplaySummary> {
  // Replayed once, start to end: nothing steps back, so no checkpoints.
  const session = ReplaySession.open(events, source, {
    ...options,
    checkpoints: { enabled: false },
  });
  await session.runToEnd();
  return {
    verdict: session.verdict,
    activations: session.steps.length,
    ...(session.divergence && { divergence: session.divergence }),
    accepted: [...session.uncheckedDifferences],
    notChecked: [...session.notChecked],
  };
}
