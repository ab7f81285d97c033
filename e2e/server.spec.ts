/**
 * A real Temporal server end to end, in Chromium: the local dev server (Temporal's Go server), the
 * CLI bridge polling a task queue on it, the app hosting the hello example component, and
 * Temporal's TypeScript client starting a workflow. The page runs it live and shows it; the server
 * records its completion; the history the client fetches replays cleanly in the page; and Open ›
 * From a Temporal server opens the same run by workflow id through the bridge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { startDevServer, type DevServer } from '../src/node/server/devserver.ts';
import { REPO } from '../test/paths.ts';
import {
  openApp,
  openHistoryFile,
  pickExample,
  press,
  screenshot,
  sessionSaved,
  verdict,
} from './helpers.ts';

const QUEUE = 'e2e-live';
let server: DevServer;
let connection: Connection;
let client: Client;
const bridges: ChildProcess[] = [];

test.beforeAll(async () => {
  // Cached by `npm run build:server` (npm test builds it before these tests).
  test.setTimeout(600_000);
  server = await startDevServer({ port: 0, log: () => {} });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection, namespace: 'default' });
});

/** Stops the CLI bridges started so far, as Ctrl+C does. */
async function stopBridges(): Promise<void> {
  for (const bridge of bridges) {
    if (bridge.exitCode !== null) continue;
    const exited = new Promise((resolve) => bridge.once('exit', resolve));
    bridge.kill('SIGINT');
    await exited;
  }
}

test.afterAll(async () => {
  await stopBridges();
  await connection?.close();
  await server?.stop();
});

/** The CLI bridge (as users start it); resolves with the link it prints. */
async function startBridge(appUrl: string, address: string, ...mode: string[]): Promise<string> {
  const bridge = spawn(
    process.execPath,
    [
      join(REPO, 'bin', 'workflow-playground.js'),
      'bridge',
      ...mode,
      '--address',
      address,
      '--port',
      '0',
      '--app-url',
      appUrl,
    ],
    { cwd: REPO },
  );
  bridges.push(bridge);
  let output = '';
  bridge.stdout!.on('data', (d: Buffer) => (output += String(d)));
  bridge.stderr!.on('data', (d: Buffer) => (output += String(d)));
  await expect.poll(() => /open:\s+(\S+)/.exec(output)?.[1], { timeout: 60_000 }).toBeTruthy();
  return /open:\s+(\S+)/.exec(output)![1]!;
}

const liveVerdict = (page: import('@playwright/test').Page) => page.getByTestId('live-verdict');

test('a workflow started by a client runs live in the page; its recorded history replays cleanly there and opens by id', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const link = await startBridge(baseURL!, server.address, '--task-queue', QUEUE);
  // The user picks the Hello example on the start page; the link reopens that session, then
  // connects.
  await openApp(page);
  await pickExample(page, 'hello');
  await sessionSaved(page, (s) => JSON.stringify(s['component']).includes('hello'));
  await page.goto(link);
  await expect(page.locator('body[data-ready]')).toBeAttached();
  await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
  await expect(page.getByTestId('bridge-connection')).toContainText('connected');

  const handle = await client.workflow.start('greet', {
    taskQueue: QUEUE,
    workflowId: 'e2e-live-1',
    args: ['Ada'],
  });
  // The server records the completion with the result the page's component returned.
  expect(await handle.result()).toBe('Hello, Ada! (from greet)');
  expect((await handle.describe()).status.name).toBe('COMPLETED');

  // The page showed the run: its activation, the command it answered, the run's result.
  await expect(page.locator('[data-testid="timeline"] .chip.job').first()).toHaveText(
    'InitializeWorkflow greet',
  );
  await expect(page.locator('[data-testid="timeline"] .chip.command')).toHaveText([
    'CompleteWorkflowExecution',
  ]);
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('live-run').getByTestId('result')).toHaveText(
    '"Hello, Ada! (from greet)"',
  );
  await expect(page.getByTestId('live-run')).toContainText('e2e-live-1');
  await expect(liveVerdict(page)).toBeVisible();
  await screenshot(page, 'server-live-run');

  // The history the server recorded, as the client fetched it, replays cleanly in the debugger.
  const recorded = await handle.fetchHistory();
  const bytes = Buffer.from(proto.temporal.api.history.v1.History.encode(recorded).finish());
  await page.getByRole('radio', { name: 'Debugger' }).click();
  await openHistoryFile(page, 'e2e-live-1.bin', bytes);
  await press(page, 'r');
  await expect(verdict(page)).toHaveText('Replayed: no divergence');

  // Open › From a Temporal server: the same run by workflow id, fetched by the bridge.
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: /From a Temporal server/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a workflow from a Temporal server' });
  await dialog.getByRole('textbox', { name: /^Address/ }).fill(server.address);
  await dialog.getByRole('textbox', { name: /^Workflow ID/ }).fill('e2e-missing');
  await dialog.getByRole('button', { name: 'Open' }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    `no workflow e2e-missing in namespace default on ${server.address}`,
  );
  await dialog.getByRole('textbox', { name: /^Workflow ID/ }).fill('e2e-live-1');
  await screenshot(page, 'server-open-dialog');
  await dialog.getByRole('button', { name: 'Open' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('history-label')).toContainText('e2e-live-1');
  await press(page, 'r');
  await expect(verdict(page)).toHaveText('Replayed: no divergence');
  // The server's events, as the client read them (EVENT_TYPE_WORKFLOW_EXECUTION_STARTED → …).
  const types = recorded.events!.map((e) =>
    proto.temporal.api.enums.v1.EventType[e.eventType!]!.replace(/^EVENT_TYPE_/, '')
      .toLowerCase()
      .replace(/(^|_)([a-z])/g, (_, _sep, c: string) => c.toUpperCase()),
  );
  await expect(page.locator('.event-row .type')).toHaveText(types);
  await screenshot(page, 'server-opened-by-id');
});

test('with no bridge connected, the dialog takes the link of a fetch-mode bridge and opens the workflow', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const handle = await client.workflow.start('greet', {
    taskQueue: 'nobody-polls-this',
    workflowId: 'e2e-running-1',
    args: ['Grace'],
  });
  const link = await startBridge(baseURL!, server.address);
  await openApp(page);
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: /From a Temporal server/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a workflow from a Temporal server' });
  await dialog.getByRole('textbox', { name: /^Address/ }).fill(server.address);
  await dialog.getByRole('textbox', { name: /^Workflow ID/ }).fill('e2e-running-1');
  await dialog.getByRole('textbox', { name: /^A page cannot speak gRPC/ }).fill(link);
  await dialog.getByRole('button', { name: 'Open' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('history-label')).toContainText(handle.firstExecutionRunId);
  // Started and its first task scheduled, nothing more: nobody polls its queue.
  await expect(page.locator('.event-row .type')).toHaveText([
    'WorkflowExecutionStarted',
    'WorkflowTaskScheduled',
  ]);
});

test('the server stops under a live bridge: the page says so, and the bridge polls again once it is back', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'e2e-outage-'));
  const dbFile = join(dir, 'temporal.db');
  let own = await startDevServer({ port: 0, dbFile, log: () => {} });
  const port = Number(own.address.split(':').pop());
  try {
    const link = await startBridge(baseURL!, own.address, '--task-queue', 'e2e-outage');
    await openApp(page);
    await page.goto(link);
    await expect(page.getByTestId('bridge-connection')).toContainText('connected');
    const status = page.getByTestId('bridge-status');
    await expect(status).toHaveAttribute('data-state', 'polling');

    await own.stop();
    await expect(status).toHaveAttribute('data-state', 'unreachable', { timeout: 30_000 });
    await expect(status).toContainText(`the Temporal server at ${own.address} does not answer`);
    await screenshot(page, 'server-unreachable');

    own = await startDevServer({ port, dbFile, log: () => {} });
    await expect(status).toHaveAttribute('data-state', 'polling', { timeout: 30_000 });
    await expect(status).toContainText('answers again');
    await screenshot(page, 'server-back');
  } finally {
    // Before its server goes: sdk-core shuts the worker down with the server's help.
    await stopBridges();
    await own.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
