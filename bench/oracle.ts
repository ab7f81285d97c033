/**
 * sdk-core oracle figures: loading the native bridge, creating a runtime, replaying a small real
 * history many times (one runtime for all, or one each), and replaying long synthetic histories
 * (a timer per workflow task) with an echo-like responder that answers each activation with the
 * commands the history recorded for that task.
 *
 * Expect the long histories to scale worse than linearly: sdk-core takes each workflow task's
 * events off the front of one Vec holding the rest of the history (history_update.rs
 * `build_next_wft`), so each task costs time in proportion to the events still ahead of it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Long from 'long';
import { History, root, type coresdk, type temporal } from '../src/engine/proto/index.ts';
import { historiesDir } from '../test/paths.ts';

type IHistoryEvent = temporal.api.history.v1.IHistoryEvent;
type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

const EventType = root.lookupEnum('temporal.api.enums.v1.EventType').values;

const row = (label: string, value: string) => console.log(`  ${label.padEnd(52)} ${value}`);
const ms = (n: number) => `${n.toFixed(2)} ms`;
const rate = (n: number, seconds: number) => `${Math.round(n / seconds).toLocaleString('en')}/s`;

/** Started, then `timers` tasks each starting timer i and seeing it fire, then completion. */
function timerLoopHistory(timers: number): IHistoryEvent[] {
  const events: IHistoryEvent[] = [];
  const base = Date.UTC(2024, 0, 1) / 1000;
  const add = (event: Omit<IHistoryEvent, 'eventId' | 'eventTime'>): Long => {
    const eventId = Long.fromNumber(events.length + 1);
    events.push({ eventId, eventTime: { seconds: eventId.add(base) }, ...event });
    return eventId;
  };
  const seconds = (n: number) => ({ seconds: Long.fromNumber(n) });
  const taskQueue = { name: 'bench' };
  const task = (): Long => {
    const scheduledEventId = add({
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      workflowTaskScheduledEventAttributes: { taskQueue, attempt: 1 },
    });
    const startedEventId = add({
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      workflowTaskStartedEventAttributes: { scheduledEventId },
    });
    return add({
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      workflowTaskCompletedEventAttributes: { scheduledEventId, startedEventId },
    });
  };
  add({
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    workflowExecutionStartedEventAttributes: {
      workflowType: { name: 'timerLoop' },
      taskQueue,
      workflowTaskTimeout: seconds(10),
      originalExecutionRunId: 'bench-run',
      firstExecutionRunId: 'bench-run',
      attempt: 1,
    },
  });
  for (let i = 1; i <= timers; i++) {
    const workflowTaskCompletedEventId = task();
    const startedEventId = add({
      eventType: EventType.EVENT_TYPE_TIMER_STARTED,
      timerStartedEventAttributes: {
        timerId: String(i),
        startToFireTimeout: seconds(1),
        workflowTaskCompletedEventId,
      },
    });
    add({
      eventType: EventType.EVENT_TYPE_TIMER_FIRED,
      timerFiredEventAttributes: { timerId: String(i), startedEventId },
    });
  }
  add({
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    workflowExecutionCompletedEventAttributes: { workflowTaskCompletedEventId: task() },
  });
  return events;
}

/** Commands recorded after each WorkflowTaskCompleted, keyed by that task's started event id. */
function echo(events: IHistoryEvent[]) {
  const byTask = new Map<number, IWorkflowCommand[]>();
  let current: IWorkflowCommand[] = [];
  for (const event of events) {
    const completed = event.workflowTaskCompletedEventAttributes;
    if (completed) byTask.set(Number(completed.startedEventId), (current = []));
    const timer = event.timerStartedEventAttributes;
    if (timer)
      current.push({
        startTimer: { seq: Number(timer.timerId), startToFireTimeout: timer.startToFireTimeout },
      });
    if (event.workflowExecutionCompletedEventAttributes)
      current.push({ completeWorkflowExecution: {} });
  }
  return (activation: coresdk.workflow_activation.IWorkflowActivation) => ({
    successful: { commands: byTask.get(activation.historyLength ?? 0) ?? [] },
  });
}

export async function run(): Promise<void> {
  console.log('== sdk-core oracle ==');
  let t = performance.now();
  await import('@temporalio/core-bridge');
  row('load @temporalio/core-bridge (native module)', ms(performance.now() - t));
  const { SdkCoreReplayer, replayWithSdkCore } = await import('../src/node/oracle/index.ts');

  const creations: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    const replayer = new SdkCoreReplayer();
    creations.push(performance.now() - t);
    await replayer.close();
  }
  const first = creations[0]!;
  creations.sort((a, b) => a - b);
  row('create a runtime (first; median of 20)', `${ms(first)}; ${ms(creations[10]!)}`);

  const timerHistory = readFileSync(join(historiesDir('sdk-core'), 'timer_workflow_history.bin'));
  const respond = echo(History.decode(timerHistory).events ?? []);
  const replayer = new SdkCoreReplayer();
  const rounds = 300;
  await replayer.replay(timerHistory, respond);
  t = performance.now();
  for (let i = 0; i < rounds; i++) await replayer.replay(timerHistory, respond);
  row('timer_workflow_history.bin, one runtime (mean)', ms((performance.now() - t) / rounds));
  t = performance.now();
  await Promise.all(Array.from({ length: rounds }, () => replayer.replay(timerHistory, respond)));
  row(`same, ${rounds} at once on one runtime (mean)`, ms((performance.now() - t) / rounds));
  t = performance.now();
  for (let i = 0; i < 50; i++) await replayWithSdkCore(timerHistory, respond);
  row('same, a runtime per history (mean)', ms((performance.now() - t) / 50));

  for (const timers of [2_000, 10_000]) {
    const events = timerLoopHistory(timers);
    const respondEcho = echo(events);
    let firstActivation = 0;
    t = performance.now();
    const result = await replayer.replay(
      { events },
      (activation, index) => {
        if (index === 0) firstActivation = performance.now() - t;
        return respondEcho(activation);
      },
      { timeoutMs: 600_000 },
    );
    const seconds = (performance.now() - t) / 1000;
    if (result.verdict.kind !== 'ok') {
      throw new Error(`synthetic history: ${JSON.stringify(result.verdict)}`);
    }
    row(
      `${events.length.toLocaleString('en')} events, ${result.activations.length.toLocaleString('en')} activations`,
      `${(seconds * 1000).toFixed(0)} ms (first activation after ${firstActivation.toFixed(0)} ms), ` +
        `${rate(events.length, seconds)} events, ${rate(result.activations.length, seconds)} activations`,
    );
  }
  await replayer.close();
}
