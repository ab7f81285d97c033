/**
 * The local Temporal dev server (src/node/server: Temporal's own Go server with SQLite), checked
 * with Temporal's TypeScript client, and the bridge's live mode running against it: real
 * sdk-core polls the real server, the bridge runs the hello example component, and the server
 * records the run's completion.
 *
 * The first run builds the server with Go (minutes from a cold module cache; `npm test` builds it
 * before the unit tests, so here it is normally cached).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeMode } from '../../src/node/bridge/bridge.ts';
import { startDevServer, type DevServer } from '../../src/node/server/devserver.ts';
import { History } from '../../src/engine/proto/index.ts';
import { clientPage, eventually, ofKind, startBridge, stopStarted } from '../bridge/harness.ts';
import { helloComponent } from '../host/fixtures.ts';

/** Long enough for a cold Go build on a busy machine. */
const BUILD_TIMEOUT_MS = 45 * 60_000;

let server: DevServer;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  // The server's warnings and errors go to the test's stderr.
  server = await startDevServer({ port: 0 });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection, namespace: 'default' });
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await stopStarted();
  await connection?.close();
  // SIGTERM stops the server cleanly: it exits 0, not killed by the signal.
  if (server) expect(await server.stop()).toBe(0);
});

function live(address: string, taskQueue: string): BridgeMode {
  return {
    kind: 'live',
    live: {
      connection: { address, namespace: 'default', grpcMeta: {} },
      taskQueue,
      maxInFlight: 2,
      maxCachedWorkflows: 4,
      identity: 'devserver-test',
      version: '0.1.0',
    },
  };
}

describe('the local Temporal dev server', () => {
  it('listens on 127.0.0.1 with namespace default', async () => {
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const { namespaceInfo } = await connection.workflowService.describeNamespace({
      namespace: 'default',
    });
    expect(namespaceInfo?.name).toBe('default');
    await expect(
      connection.workflowService.describeNamespace({ namespace: 'nope' }),
    ).rejects.toThrow(/Namespace nope is not found/);
  });

  it('records a started workflow and reports it running', async () => {
    const handle = await client.workflow.start('greet', {
      taskQueue: 'nobody-polls-this',
      workflowId: 'devserver-started',
      args: ['Temporal'],
    });
    const description = await handle.describe();
    expect(description).toMatchObject({
      workflowId: 'devserver-started',
      type: 'greet',
      taskQueue: 'nobody-polls-this',
      status: { name: 'RUNNING' },
    });
    const history = await handle.fetchHistory();
    expect(history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name).toBe(
      'greet',
    );
    await handle.terminate('test over');
    expect((await handle.describe()).status.name).toBe('TERMINATED');
    await expect(client.workflow.getHandle('devserver-missing').describe()).rejects.toThrow(
      WorkflowNotFoundError,
    );
  });
});

describe('live mode against the real server', () => {
  it('the bridge runs hello as a worker; the server records its completion and result', async () => {
    const { bridge } = await startBridge({
      mode: live(server.address, 'hello-live'),
      component: { bytes: await helloComponent(), label: 'hello.wasm' },
    });
    expect(bridge.options.mode.kind).toBe('live');

    const handle = await client.workflow.start('greet', {
      taskQueue: 'hello-live',
      workflowId: 'devserver-hello',
      args: ['Temporal'],
    });
    expect(await handle.result()).toBe('Hello, Temporal! (from greet)');

    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
    const events = (await handle.fetchHistory()).events ?? [];
    const types = events.map((e) => e.eventType);
    // Started, one workflow task scheduled/started/completed by our worker, then completed.
    expect(types).toEqual([1, 5, 6, 7, 2]);
    const completed = events.at(-1)!.workflowExecutionCompletedEventAttributes!;
    const [payload] = completed.result!.payloads!;
    expect(Buffer.from(payload!.data!).toString()).toBe('"Hello, Temporal! (from greet)"');
    // The task was done by the bridge's worker, under its identity.
    const taskCompleted = events[3]!.workflowTaskCompletedEventAttributes!;
    expect(taskCompleted.identity).toBe('devserver-test');
  });

  it('the page runs hello for a bridge polling the server, and opens the run by workflow id', async () => {
    const { bridge } = await startBridge({ mode: live(server.address, 'hello-page') });
    const page = await clientPage(bridge, await helloComponent());
    const welcome = await eventually(() => ofKind(page.events, 'welcome')[0], 'the welcome');
    expect(welcome.welcome).toMatchObject({
      mode: 'live',
      server: { address: server.address, namespace: 'default', taskQueue: 'hello-page' },
    });

    const handle = await client.workflow.start('greet', {
      taskQueue: 'hello-page',
      workflowId: 'devserver-page',
      args: ['Ada'],
    });
    expect(await handle.result()).toBe('Hello, Ada! (from greet)');
    // sdk-core evicts a completed run; the page hears of it, and ran the activation itself.
    const ended = await eventually(() => ofKind(page.events, 'run-ended')[0], 'the eviction');
    expect(ended).toMatchObject({
      run: { workflowId: 'devserver-page', runId: handle.firstExecutionRunId },
    });
    expect(ofKind(page.events, 'activation-done')[0]).toMatchObject({ by: 'page', index: 0 });

    // The bridge fetches the recorded history from the server for the debugger.
    const fetched = await page.client.fetchHistory('devserver-page');
    const recorded = (await handle.fetchHistory()).events ?? [];
    expect(fetched).toMatchObject({
      workflowId: 'devserver-page',
      runId: handle.firstExecutionRunId,
      events: recorded.length,
    });
    const events = History.decode(fetched.history).events ?? [];
    expect(events.map((e) => Number(e.eventId))).toEqual(recorded.map((e) => Number(e.eventId)));
    await expect(page.client.fetchHistory('devserver-missing')).rejects.toThrow(
      'no workflow devserver-missing in namespace default',
    );
    page.client.close();
  });
});

describe('a server with --db-file', () => {
  it('keeps workflows across a restart', async () => {
    const dbFile = join(mkdtempSync(join(tmpdir(), 'wp-devserver-')), 'temporal.db');
    const first = await startDevServer({ dbFile, log: () => {} });
    const firstConnection = await Connection.connect({ address: first.address });
    try {
      await new Client({ connection: firstConnection }).workflow.start('greet', {
        taskQueue: 'nobody-polls-this',
        workflowId: 'devserver-kept',
        args: ['Temporal'],
      });
    } finally {
      await firstConnection.close();
    }
    expect(await first.stop()).toBe(0);

    const second = await startDevServer({ dbFile, log: () => {} });
    const secondConnection = await Connection.connect({ address: second.address });
    try {
      const handle = new Client({ connection: secondConnection }).workflow.getHandle(
        'devserver-kept',
      );
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      await secondConnection.close();
      expect(await second.stop()).toBe(0);
    }
  });
});
