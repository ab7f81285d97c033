/** sdk-core's outcome of a run in words, labelled as sdk-core's (the debugger's own verdict is not). */
import type { SdkCoreOutcome } from '../../engine/inspect/live-run.ts';

export interface OutcomeText {
  /** For styling: ok, nondeterminism, task-failure, fatal, or evicted (neutral). */
  kind: 'ok' | 'nondeterminism' | 'task-failure' | 'fatal' | 'evicted';
  /** A few words for a badge or a list. */
  short: string;
  /** The whole story, for a title or a panel. */
  long: string;
}

export function outcomeText(outcome: SdkCoreOutcome): OutcomeText {
  switch (outcome.kind) {
    case 'ok':
      return {
        kind: 'ok',
        short: 'sdk-core: no nondeterminism',
        long: `sdk-core replayed the history to event ${outcome.lastEventId} with these completions and found no nondeterminism.`,
      };
    case 'nondeterminism':
      return {
        kind: 'nondeterminism',
        short: `sdk-core: nondeterminism${outcome.eventId !== undefined ? ` at event ${outcome.eventId}` : ''}`,
        long: outcome.message,
      };
    case 'task-failure':
      return {
        kind: 'task-failure',
        short: `sdk-core: workflow task failed${outcome.activation !== undefined ? ` (activation ${outcome.activation + 1})` : ''}`,
        long: `The activation failed, so sdk-core failed the workflow task: ${outcome.message}`,
      };
    case 'fatal':
      return {
        kind: 'fatal',
        short: `sdk-core: fatal error (${outcome.reason})`,
        long: outcome.message,
      };
    case 'error':
      return {
        kind: 'fatal',
        short: 'sdk-core could not finish the replay',
        long: outcome.message,
      };
    case 'evicted':
      return {
        kind: 'evicted',
        short: `sdk-core evicted the run (${outcome.reason})`,
        long: `sdk-core removed the run from its cache (${outcome.reason})${outcome.message ? `: ${outcome.message}` : '.'}`,
      };
  }
}
