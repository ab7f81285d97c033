/**
 * WorkflowTaskScheduled → Started → Completed (or Failed / TimedOut). Its only job is to tell the
 * orchestrator when a workflow task really started (which moves workflow time) and, for a reset,
 * that the run id changed (which re-seeds randomness).
 */
import { root } from '../../proto/index.ts';
import { ET, describeEvent, num } from '../events.ts';
import { fatal, nondeterminism } from '../errors.ts';
import {
  Machine,
  stay,
  type EventData,
  type MachineResponse,
  type Timestamp,
  type Transitions,
} from './machine.ts';

const RESET_CAUSE = root.lookupEnum('temporal.api.enums.v1.WorkflowTaskFailedCause').values[
  'WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW'
];

export class WorkflowTaskMachine extends Machine {
  readonly name = 'WorkflowTaskMachine';
  protected readonly finalStates = new Set(['Completed', 'Failed', 'TimedOut']);
  private started: { eventId: number; time: Timestamp } | undefined;
  /** The event id currently being handled, needed to decide whether a started event is current. */
  private currentEventId = 0;

  constructor(private readonly expectedStartedEventId: number) {
    super('Created');
  }

  private trigger(
    startedEventId: number,
    time: Timestamp,
    isStartedEvent: boolean,
  ): MachineResponse[] {
    if (isStartedEvent && this.currentEventId < startedEventId) return [];
    return [{ kind: 'wft-started', startedEventId, time }];
  }

  protected buildTransitions() {
    return {
      Created: { Scheduled: stay('Scheduled') },
      Scheduled: {
        Started: (d: { eventId: number; time: Timestamp }) => {
          this.started = d;
          return {
            to: 'Started',
            responses: this.trigger(this.expectedStartedEventId, d.time, true),
          };
        },
        TimedOut: stay('TimedOut'),
      },
      Started: {
        Completed: () => ({
          to: 'Completed',
          responses: this.trigger(this.started!.eventId, this.started!.time, false),
        }),
        Failed: (newRunId: string | undefined) => ({
          to: 'Failed',
          responses: newRunId ? [{ kind: 'new-run-id', runId: newRunId }] : [],
        }),
        TimedOut: stay('TimedOut'),
      },
    } satisfies Transitions;
  }

  protected eventInput({ event }: EventData) {
    this.currentEventId = num(event.eventId);
    switch (event.eventType) {
      case ET.WorkflowTaskScheduled:
        return { input: 'Scheduled' };
      case ET.WorkflowTaskStarted: {
        if (!event.eventTime)
          throw fatal(
            `Workflow task started event must contain timestamp: ${describeEvent(event)}`,
          );
        return {
          input: 'Started',
          payload: {
            eventId: num(event.eventId),
            time: { seconds: num(event.eventTime.seconds), nanos: event.eventTime.nanos ?? 0 },
          },
        };
      }
      case ET.WorkflowTaskTimedOut:
        return { input: 'TimedOut' };
      case ET.WorkflowTaskCompleted:
        return { input: 'Completed' };
      case ET.WorkflowTaskFailed: {
        const a = event.workflowTaskFailedEventAttributes;
        return {
          input: 'Failed',
          payload: a?.cause === RESET_CAUSE ? (a?.newRunId ?? '') : undefined,
        };
      }
    }
    throw nondeterminism(`Event does not apply to a wf task machine: ${describeEvent(event)}`);
  }

  protected commandInput() {
    return undefined;
  }
}
