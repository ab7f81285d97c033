/**
 * Faults against the real server (issue 17 item 7). The page that runs the component goes away in
 * the middle of an activation: the bridge fails that workflow task back through sdk-core, the
 * server records the failure and retries the task, and once a page returns the run completes. The
 * server stops under a running bridge: the bridge says so (log and status frame) and keeps running;
 * the server restarts on the same port and SQLite file and the same sdk-core worker polls again.
 * Nothing is lost either way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/node/server/devserver.ts';
import {
  clientPage,
  ofKind,
  eventually,
  RawPage,
  startBridge,
  stopStarted,
} from '../bridge/harness.ts';
import { helloComponent } from '../host/fixtures.ts';

/** Long enough for a cold Go build on a busy machine. */
const BUILD_TIMEOUT_MS = 45 * 60_000;
const { EventType } = proto.temporal.api.enums.v1;

let server: DevServer;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  server = await startDevServer({ port: 0 });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection, namespace: 'default' });
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await stopStarted();
  await connection?.close();
  if (server) expect(await server.stop()).toBe(0);
});

describe('the page closed mid-activation', () => {
  it('the server retries the workflow task and the run completes when a page returns', async () => {
    const { bridge } = await startBridge({
      mode: {
        kind: 'live',
        live: {
          connection: { address: server.address, namespace: 'default', grpcMeta: {} },
          taskQueue: 'faults',
          maxInFlight: 2,
          maxCachedWorkflows: 4,
          identity: 'faults-test',
          version: '0.1.0',
        },
      },
    });
    const handle = await client.workflow.start('greet', {
      taskQueue: 'faults',
      workflowId: 'fault-page-closed',
      args: ['Ada'],
    });

    // A page takes the activation and leaves without answering.
    const first = await RawPage.open(bridge);
    first.hello();
    await first.next((f) => f.type === 'request' && f['call'] === 'activate', 'the activation');
    first.close();
    await first.whenClosed();

    // A page with the component returns; the retried task reaches it and the run completes.
    const second = await clientPage(bridge, await helloComponent());
    expect(await handle.result()).toBe('Hello, Ada! (from greet)');
    await eventually(() => ofKind(second.events, 'run-ended')[0], 'the eviction after completion');

    const events = (await handle.fetchHistory()).events ?? [];
    const types = events.map((e) => EventType[e.eventType!]);
    // The failed attempt, then the retry that completed. On a loaded machine a retry may also time
    // out (the server's 10 s task timeout) before one completes: such attempts may come between.
    expect(types.slice(0, 4)).toEqual([
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_FAILED',
    ]);
    expect(types.slice(-4)).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
    ]);
    const retries = new Set([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
    ]);
    expect(types.slice(4, -4).filter((t) => !retries.has(t!))).toEqual([]);
    const failed = events[3]!.workflowTaskFailedEventAttributes!;
    expect(failed.failure?.message).toContain('the page disconnected before completing');
    second.client.close();
  });
});

describe('the server stopped under a running bridge', () => {
  it('the bridge says so, keeps running and polls again once the server is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faults-server-'));
    const dbFile = join(dir, 'temporal.db');
    let own = await startDevServer({ port: 0, dbFile });
    const port = Number(own.address.split(':').pop());
    const connect = async () => {
      const c = await Connection.connect({ address: own.address });
      return { c, client: new Client({ connection: c, namespace: 'default' }) };
    };
    let { c, client: ownClient } = await connect();
    try {
      const { bridge, logs } = await startBridge({
        mode: {
          kind: 'live',
          live: {
            connection: { address: own.address, namespace: 'default', grpcMeta: {} },
            taskQueue: 'outage',
            maxInFlight: 2,
            maxCachedWorkflows: 4,
            identity: 'faults-test',
            version: '0.1.0',
            serverCheckMs: 200,
          },
        },
      });
      const first = await clientPage(bridge, await helloComponent());
      const done = await ownClient.workflow.start('greet', {
        taskQueue: 'outage',
        workflowId: 'done-before-outage',
        args: ['Ada'],
      });
      expect(await done.result()).toBe('Hello, Ada! (from greet)');
      // Started with no page to run it: it waits on the server, and must survive the restart.
      first.client.close();
      await eventually(
        () => logs.some((l) => /page \d+ disconnected/.test(l)),
        'the first page gone',
      );
      const pending = await ownClient.workflow.start('greet', {
        taskQueue: 'outage',
        workflowId: 'started-before-outage',
        args: ['Lin'],
      });

      await c.close();
      expect(await own.stop()).toBe(0);
      // A page arriving during the outage is told at once; the bridge logs it too.
      const page = await clientPage(bridge, await helloComponent());
      const statuses = () => ofKind(page.events, 'bridge-status');
      const down = await eventually(
        () => statuses().find((s) => s.state === 'unreachable'),
        'the page told the server is unreachable',
      );
      expect(down.message).toContain(`the Temporal server at ${own.address} does not answer`);
      expect(logs.some((l) => l.includes('does not answer') && l.includes('still running'))).toBe(
        true,
      );

      own = await startDevServer({ port, dbFile });
      ({ c, client: ownClient } = await connect());
      const back = await eventually(
        () => statuses().find((s, i) => i > statuses().indexOf(down) && s.state === 'polling'),
        'the page told the server answers again',
      );
      expect(back.message).toContain(`the Temporal server at ${own.address} answers again`);

      // Nothing lost, on the same worker (the bridge was never restarted): the run completed
      // before the outage is still there, the one started before it completes, and so does a new one.
      const kept = await ownClient.workflow.getHandle('done-before-outage').describe();
      expect(kept.status.name).toBe('COMPLETED');
      expect(await ownClient.workflow.getHandle(pending.workflowId).result()).toBe(
        'Hello, Lin! (from greet)',
      );
      const after = await ownClient.workflow.start('greet', {
        taskQueue: 'outage',
        workflowId: 'started-after-outage',
        args: ['Grace'],
      });
      expect(await after.result()).toBe('Hello, Grace! (from greet)');
      expect(logs.filter((l) => l.includes('the worker stopped'))).toEqual([]);
      page.client.close();
    } finally {
      await stopStarted();
      await c.close();
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
