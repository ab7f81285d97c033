/**
 * Where a shared failure should open: at the activation whose completion failed, with the event
 * history could not match (or the failed activation) selected.
 */
import type { Divergence } from '../session/divergence.ts';
import type { SessionVerdict } from '../session/session.ts';
import type { ShareState } from './state.ts';

export type Focus = Pick<ShareState, 'cursor' | 'selection'>;

/** The focus for a finished replay that failed; undefined when it did not fail. */
export function failureFocus(verdict: SessionVerdict, divergence?: Divergence): Focus | undefined {
  if (verdict.kind === 'ok' || verdict.kind === 'running') return undefined;
  const step = verdict.activation;
  const eventId =
    verdict.kind === 'task-failure' ? undefined : (divergence?.event?.id ?? verdict.eventId);
  if (eventId !== undefined) return { cursor: { step }, selection: { kind: 'event', eventId } };
  return { cursor: { step }, ...(step >= 0 && { selection: { kind: 'step', step } }) };
}
