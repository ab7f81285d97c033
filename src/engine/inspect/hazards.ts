/**
 * Places in a history where determinism is at risk or where something went wrong before: failed
 * or timed-out workflow task attempts (the code threw, a worker crashed or hung, the server
 * refused a command), resets (the run continues from a base run with a new randomness seed), and a
 * change of SDK between tasks (the code that wrote the history changed mid-run). Loader warnings
 * (unknown fields, events after the run closed) are not hazards: the history view lists them.
 */
import { EventType, eventIdOf, type HistoryEvent, type LoadedHistory } from '../history/index.ts';
import { causeMeaning, causeName, timeoutMeaning, timeoutTypeName } from './task-failure-causes.ts';

export type HazardKind = 'task-failed' | 'task-timed-out' | 'workflow-reset' | 'sdk-changed';

export interface Hazard {
  kind: HazardKind;
  eventId: number;
  /** Workflow task index the hazard belongs to. */
  task?: number;
  message: string;
}

const RESET_WORKFLOW = 'WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW';

/** "the server scheduled another attempt (event 11)", or that the history ends first. */
function retried(history: LoadedHistory, afterEventId: number): string {
  for (let i = afterEventId; i < history.events.length; i++) {
    const event = history.events[i]!;
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
      return `the server scheduled another attempt (event ${eventIdOf(event)})`;
  }
  return 'the history ends before another attempt';
}

function failedAttempt(history: LoadedHistory, event: HistoryEvent, task: number): Hazard {
  const eventId = eventIdOf(event);
  const a = event.workflowTaskFailedEventAttributes ?? {};
  const cause = causeName(a.cause ?? 0);
  const failure = a.failure?.message ? ` The failure says: "${a.failure.message}".` : '';
  if (cause === RESET_WORKFLOW)
    return {
      kind: 'workflow-reset',
      eventId,
      task,
      message:
        `The workflow was reset to this point (${cause}): the events before it are the base run's` +
        `${a.baseRunId ? ` (${a.baseRunId})` : ''}, the ones after it belong to the new run` +
        `${a.newRunId ? ` ${a.newRunId}` : ''}. The next activation carries UpdateRandomSeed ` +
        `(sdk-core seeds it from the new run id), so random values drawn after it differ from the ` +
        `base run's.${failure}`,
    };
  return {
    kind: 'task-failed',
    eventId,
    task,
    message: `A workflow task attempt failed here (${cause}): ${causeMeaning(a.cause ?? 0)}.${failure} Then ${retried(history, eventId)}.`,
  };
}

function timedOutAttempt(history: LoadedHistory, event: HistoryEvent, task: number): Hazard {
  const eventId = eventIdOf(event);
  const type = event.workflowTaskTimedOutEventAttributes?.timeoutType ?? 0;
  return {
    kind: 'task-timed-out',
    eventId,
    task,
    message: `A workflow task attempt timed out here (${timeoutTypeName(type)}): ${timeoutMeaning(type)}. Then ${retried(history, eventId)}.`,
  };
}

export function findHazards(history: LoadedHistory): Hazard[] {
  const hazards: Hazard[] = [];
  let previousSdk: string | undefined;
  for (const task of history.workflowTasks) {
    for (const folded of task.folded) {
      if (folded.reason === 'failed' && folded.next)
        hazards.push(failedAttempt(history, folded.next, task.index));
      else if (folded.reason === 'timed-out' && folded.next)
        hazards.push(timedOutAttempt(history, folded.next, task.index));
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
  return hazards.sort((a, b) => a.eventId - b.eventId);
}
