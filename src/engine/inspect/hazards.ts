/**
 * Places in a history where determinism is at risk or where something went wrong before: failed
 * or timed-out workflow task attempts (the code threw, or a worker crashed or hung), a change of
 * SDK between tasks (the code that wrote the history changed mid-run), and loader warnings that
 * name an event (unknown event types, events after the run closed).
 */
import {
  attributesOf,
  eventIdOf,
  type HistoryWarning,
  type LoadedHistory,
} from '../history/index.ts';
import type { temporal } from '../proto/index.ts';

export type HazardKind = 'task-failed' | 'task-timed-out' | 'sdk-changed' | 'history-warning';

export interface Hazard {
  kind: HazardKind;
  eventId: number;
  /** Workflow task index the hazard belongs to. */
  task?: number;
  message: string;
}

function failureMessage(event: temporal.api.history.v1.IHistoryEvent | undefined): string {
  const attributes = event ? (attributesOf(event as never) as Record<string, unknown>) : undefined;
  const failure = attributes?.['failure'] as { message?: string } | undefined;
  const cause = attributes?.['cause'];
  return [cause ? `cause ${String(cause)}` : '', failure?.message ?? ''].filter(Boolean).join(': ');
}

export function findHazards(history: LoadedHistory): Hazard[] {
  const hazards: Hazard[] = [];
  let previousSdk: string | undefined;
  for (const task of history.workflowTasks) {
    for (const folded of task.folded) {
      if (folded.reason !== 'failed' && folded.reason !== 'timed-out') continue;
      const at = folded.next ? eventIdOf(folded.next) : eventIdOf(folded.started);
      const detail = failureMessage(folded.next);
      hazards.push({
        kind: folded.reason === 'failed' ? 'task-failed' : 'task-timed-out',
        eventId: at,
        task: task.index,
        message:
          folded.reason === 'failed'
            ? `A workflow task attempt failed here${detail ? ` (${detail})` : ''}; the server retried it.`
            : 'A workflow task attempt timed out here (a worker took it and never answered); the server retried it.',
      });
    }
    const sdk = task.sdkMetadata?.sdkName
      ? `${task.sdkMetadata.sdkName} ${task.sdkMetadata.sdkVersion ?? ''}`.trim()
      : undefined;
    if (sdk && previousSdk && sdk !== previousSdk && task.completion) {
      hazards.push({
        kind: 'sdk-changed',
        eventId: eventIdOf(task.completion),
        task: task.index,
        message: `Completed by ${sdk}; earlier tasks by ${previousSdk}. The worker was redeployed mid-run: code changes from here on must be replay-safe.`,
      });
    }
    if (sdk) previousSdk = sdk;
  }
  for (const w of history.warnings as HistoryWarning[]) {
    if (w.eventId !== undefined)
      hazards.push({ kind: 'history-warning', eventId: w.eventId, message: w.message });
  }
  return hazards.sort((a, b) => a.eventId - b.eventId);
}
