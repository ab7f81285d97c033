/**
 * Small histories written by hand for tests, event by event, the way a Temporal server records
 * them (ids from 1, each workflow task as Scheduled → Started → Completed, command events after
 * the completion that produced them).
 */
import Long from 'long';
import { ET } from '../src/engine/core/events.ts';
import { toPayload } from '../src/engine/proto/payload.ts';
import { newHistoryEvent, type HistoryEvent } from '../src/engine/history/events.ts';

export class HistoryBuilder {
  readonly events: HistoryEvent[] = [];
  private seconds = 1_767_225_600;
  protected lastCompleted = 0;

  protected add(type: keyof typeof ET, attrs: Record<string, unknown> = {}): number {
    const id = this.events.length + 1;
    const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventAttributes`;
    this.events.push(
      newHistoryEvent({
        eventId: Long.fromNumber(id),
        eventTime: { seconds: Long.fromNumber(this.seconds++), nanos: 0 },
        eventType: ET[type],
        [key]: attrs,
      }),
    );
    return id;
  }

  started(workflowType: string, args: unknown[], runId = 'run-1'): this {
    this.add('WorkflowExecutionStarted', {
      workflowType: { name: workflowType },
      taskQueue: { name: 'tq' },
      input: { payloads: args.map(toPayload) },
      originalExecutionRunId: runId,
      firstExecutionRunId: runId,
      attempt: 1,
    });
    return this;
  }

  /** A whole workflow task: scheduled, started, completed. */
  workflowTask(): this {
    const scheduled = this.add('WorkflowTaskScheduled', { taskQueue: { name: 'tq' } });
    const started = this.add('WorkflowTaskStarted', {
      scheduledEventId: Long.fromNumber(scheduled),
    });
    this.lastCompleted = this.add('WorkflowTaskCompleted', {
      scheduledEventId: Long.fromNumber(scheduled),
      startedEventId: Long.fromNumber(started),
    });
    return this;
  }

  /** A workflow task scheduled and handed to a worker, not answered yet (a running workflow). */
  taskStarted(): this {
    const scheduled = this.add('WorkflowTaskScheduled', { taskQueue: { name: 'tq' } });
    this.add('WorkflowTaskStarted', { scheduledEventId: Long.fromNumber(scheduled) });
    return this;
  }

  /** A durable update request the server admitted (it reaches the workflow with the next task). */
  updateAdmitted(updateId: string, name: string, args: unknown[]): this {
    this.add('WorkflowExecutionUpdateAdmitted', {
      request: {
        meta: { updateId, identity: 'client' },
        input: { name, args: { payloads: args.map(toPayload) } },
      },
      origin: 1,
    });
    return this;
  }

  timerStarted(timerId: string, seconds = 1): number {
    return this.add('TimerStarted', {
      timerId,
      startToFireTimeout: { seconds: Long.fromNumber(seconds) },
      workflowTaskCompletedEventId: Long.fromNumber(this.lastCompleted),
    });
  }

  timerFired(timerId: string, startedEventId: number): this {
    this.add('TimerFired', { timerId, startedEventId: Long.fromNumber(startedEventId) });
    return this;
  }

  completed(result: unknown): this {
    this.add('WorkflowExecutionCompleted', {
      result: { payloads: [toPayload(result)] },
      workflowTaskCompletedEventId: Long.fromNumber(this.lastCompleted),
    });
    return this;
  }
}
