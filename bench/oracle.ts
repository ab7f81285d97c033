/**
 * sdk-core oracle figures: loading the native bridge, creating a runtime, and replaying a small
 * real history many times (one runtime for all, or one each), with an echo-like responder that
 * answers each activation with the commands the history recorded for that task. Long histories
 * are in bench/replay.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { History, type coresdk, type temporal } from '../src/engine/proto/index.ts';
import { historiesDir } from '../test/paths.ts';

type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

const row = (label: string, value: string) => console.log(`  ${label.padEnd(52)} ${value}`);
const ms = (n: number) => `${n.toFixed(2)} ms`;

/** Commands recorded after each WorkflowTaskCompleted, keyed by that task's started event id. */
function echo(events: temporal.api.history.v1.IHistoryEvent[]) {
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

  await replayer.close();
}
