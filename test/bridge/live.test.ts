/**
 * Live mode: the bridge's real sdk-core worker (`newWorker` on a client connection) polling a
 * frontend over gRPC. The ordinary run (a task polled, run in the page, completed on the server)
 * is tested against a real Temporal server in test/server/devserver.test.ts. Here the frontend is
 * scripted (scripted-frontend.ts) for what a real server does not do on cue: hand out a task and
 * its retry exactly when a test wants, page a recorded history 10 events at a time, refuse a
 * namespace. It keeps what sdk-core sends back, and what is asserted is what a server would
 * receive: the commands the page's component produced, or the failure the bridge gave sdk-core.
 */
import Long from 'long';
import { afterEach, describe, expect, it } from 'vitest';
import { ET } from '../../src/engine/core/events.ts';
import { History } from '../../src/engine/proto/index.ts';
import { newHistoryEvent, type HistoryEvent } from '../../src/engine/history/events.ts';
import type { BridgeMode } from '../../src/node/bridge/bridge.ts';
import { helloComponent } from '../host/fixtures.ts';
import { binaryHistory, eventsOf } from '../oracle/histories.ts';
import {
  clientPage,
  eventually,
  greetHistory,
  ofKind,
  RawPage,
  startBridge,
  stopStarted,
} from './harness.ts';
import { ScriptedFrontend } from './scripted-frontend.ts';

let frontend: ScriptedFrontend | undefined;
afterEach(async () => {
  await stopStarted();
  frontend?.stop();
  frontend = undefined;
});

function live(address: string, namespace = 'default'): BridgeMode {
  return {
    kind: 'live',
    live: {
      connection: { address, namespace, grpcMeta: {} },
      taskQueue: 'tq',
      maxInFlight: 2,
      maxCachedWorkflows: 4,
      identity: 'bridge-test',
      version: '0.1.0',
    },
  };
}

/** greet's first workflow task as the server hands it out: events 1-3, started at 3. */
const firstTask = () => ({
  workflowId: 'wf-live',
  runId: 'run-1',
  workflowType: 'greet',
  events: greetHistory().slice(0, 3),
});

/**
 * The same task's second attempt after it failed: the server records WorkflowTaskFailed (4) and
 * hands out the retry with its scheduled and started events (5, 6).
 */
function retriedTask() {
  const events: HistoryEvent[] = [...firstTask().events];
  const at = (seconds: number) => ({ seconds: Long.fromNumber(1_767_225_610 + seconds), nanos: 0 });
  events.push(
    newHistoryEvent({
      eventId: Long.fromNumber(4),
      eventTime: at(0),
      eventType: ET.WorkflowTaskFailed,
      workflowTaskFailedEventAttributes: {
        scheduledEventId: Long.fromNumber(2),
        startedEventId: Long.fromNumber(3),
        cause: 22, // WORKFLOW_WORKER_UNHANDLED_FAILURE
      },
    }),
    newHistoryEvent({
      eventId: Long.fromNumber(5),
      eventTime: at(1),
      eventType: ET.WorkflowTaskScheduled,
      workflowTaskScheduledEventAttributes: { taskQueue: { name: 'tq' }, attempt: 2 },
    }),
    newHistoryEvent({
      eventId: Long.fromNumber(6),
      eventTime: at(2),
      eventType: ET.WorkflowTaskStarted,
      workflowTaskStartedEventAttributes: { scheduledEventId: Long.fromNumber(5) },
    }),
  );
  return { ...firstTask(), events, attempt: 2 };
}

type Command = {
  commandType?: string;
  completeWorkflowExecutionCommandAttributes?: {
    result?: { payloads?: Array<{ metadata: Record<string, Uint8Array>; data: Uint8Array }> };
  };
};

describe('live mode, sdk-core polling a (scripted) Temporal frontend', () => {
  it('does not take workflow tasks while no page is connected', async () => {
    let address: string;
    ({ frontend, address } = await ScriptedFrontend.start());
    const { bridge, logs } = await startBridge({ mode: live(address) });
    // The poll loop says when it stops to wait for a page; nothing may have polled before that.
    await eventually(
      () => logs.some((l) => l.includes('workflow tasks are polled once one connects')),
      'the bridge to wait for a page',
    );
    expect(frontend.count('PollWorkflowTaskQueue')).toBe(0);
    const page = await RawPage.open(bridge);
    page.hello();
    await eventually(() => frontend!.count('PollWorkflowTaskQueue') > 0, 'a poll');
    page.close();
  });

  it('fails the task with the reason when the page disconnects mid-activation; the retry completes', async () => {
    let address: string;
    ({ frontend, address } = await ScriptedFrontend.start());
    const { bridge } = await startBridge({ mode: live(address) });
    const first = await RawPage.open(bridge);
    first.hello();
    frontend.offer(firstTask());
    await first.next((f) => f.type === 'request', 'the activate request');
    first.close();

    const failed = await eventually(() => frontend!.failed[0], 'the task to be failed');
    expect((failed['failure'] as { message: string }).message).toMatch(
      /^workflow-playground bridge: the page disconnected before completing activation 1 \(initializeWorkflow\) of greet wf-live run-1/,
    );
    expect(failed['cause']).toBe('WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE');

    // Temporal retries the task; a page that connects now runs it from the start.
    const page = await clientPage(bridge, await helloComponent());
    await eventually(() => ofKind(page.events, 'welcome')[0], 'the page to connect');
    frontend.offer(retriedTask());
    const completed = await eventually(() => frontend!.completed[0], 'the retry to complete');
    expect((completed['commands'] as Command[]).map((c) => c.commandType)).toEqual([
      'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION',
    ]);
    page.client.close();
  });
});

describe('fetching a history by workflow id', () => {
  it('pages through the whole history and hands the page one History', async () => {
    let address: string;
    ({ frontend, address } = await ScriptedFrontend.start());
    // A real recorded history (sdk-core's test suite), served 10 events per page.
    const recorded = eventsOf(
      binaryHistory('sdk-core', 'long_local_activity_with_update-0_history.bin'),
    );
    frontend.histories.set('wf-recorded', recorded);
    frontend.pageSize = 10;
    const { bridge } = await startBridge({ mode: live(address) });
    const page = await clientPage(bridge, undefined);
    await eventually(() => page.client.connected, 'the page to connect');

    const fetched = await page.client.fetchHistory('wf-recorded');
    const pages = Math.ceil(recorded.length / 10);
    expect(fetched).toMatchObject({ workflowId: 'wf-recorded', events: recorded.length, pages });
    expect(frontend.count('GetWorkflowExecutionHistory')).toBe(pages);
    const events = History.decode(fetched.history).events ?? [];
    expect(events.map((e) => Number(e.eventId))).toEqual(recorded.map((e) => Number(e.eventId)));
    // Same events, field by field (map entries may come in another order, so not byte for byte).
    expect(History.toJSON({ events })).toEqual(History.toJSON({ events: recorded }));
    expect(fetched.runId).toBe(
      recorded[0]!.workflowExecutionStartedEventAttributes!.originalExecutionRunId,
    );

    await expect(page.client.fetchHistory('wf-missing')).rejects.toThrow(
      'no workflow wf-missing in namespace default',
    );
    page.client.close();
  });
});

describe('starting against a server that refuses the worker', () => {
  it('names the namespace and the server’s reason', async () => {
    let address: string;
    ({ frontend, address } = await ScriptedFrontend.start('default'));
    await expect(startBridge({ mode: live(address, 'nope') })).rejects.toThrow(
      new RegExp(
        `^the Temporal server at ${address.replace(/\./g, '\\.')} did not accept a worker for namespace "nope": .*Namespace nope is not found`,
      ),
    );
  });
});
