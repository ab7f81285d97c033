/**
 * Live runs in the debugger page, end to end in Chromium with real sdk-core:
 * `workflow-playground bridge --replay` (the real CLI, as users start it) feeds a history through
 * sdk-core's replay worker; the app, opened with the link the bridge prints, runs every activation
 * through the component it has loaded (the same engine worker as the debugger) and draws each on
 * its timeline as it arrives. sdk-core judges the completions: success for a history the component
 * matches, nondeterminism for one it does not, a failed task for code that never returns.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { spinComponent } from '../test/guests.ts';
import { guestComponent } from '../test/host/fixtures.ts';
import { REPO } from '../test/paths.ts';
import { idle, openApp, pickExample, position, screenshot, sessionSaved } from './helpers.ts';

let histories: string;
const bridges: ChildProcess[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  histories = mkdtempSync(join(tmpdir(), 'bridge-e2e-'));
  const written = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(REPO, 'e2e', 'fixtures', 'write-histories.ts'),
      histories,
    ],
    { cwd: REPO, encoding: 'utf8' },
  );
  if (written.status !== 0) throw new Error(`writing the histories failed: ${written.stderr}`);
});

test.afterAll(async () => {
  // Ctrl+C, as a user stops it; it exits on its own within its shutdown grace.
  await Promise.all(
    bridges
      .filter((bridge) => bridge.exitCode === null)
      .map((bridge) => {
        const exited = new Promise((resolve) => bridge.once('exit', resolve));
        bridge.kill('SIGINT');
        return Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]).then(
          () => bridge.exitCode === null && bridge.kill('SIGKILL'),
        );
      }),
  );
});

/** Starts the CLI bridge on a history; resolves with the link it prints and its output so far. */
async function startBridge(history: string, appUrl: string, ...flags: string[]) {
  const bridge = spawn(
    process.execPath,
    [
      join(REPO, 'bin', 'workflow-playground.js'),
      'bridge',
      '--replay',
      join(histories, `${history}.bin`),
      '--port',
      '0',
      '--app-url',
      appUrl,
      ...flags,
    ],
    { cwd: REPO },
  );
  bridges.push(bridge);
  let output = '';
  bridge.stdout!.on('data', (d: Buffer) => (output += String(d)));
  bridge.stderr!.on('data', (d: Buffer) => (output += String(d)));
  await expect.poll(() => /open:\s+(\S+)/.exec(output)?.[1], { timeout: 60_000 }).toBeTruthy();
  return { link: /open:\s+(\S+)/.exec(output)![1]!, output: () => output };
}

/**
 * Holds the page's answer to the bridge's `n`-th activate request (from 1) in the network until
 * `release()`, so the run stops there: sdk-core waits for that completion, and the page shows the
 * activation as arrived but not done. Every other frame passes untouched.
 */
async function holdAnswer(page: Page, n: number): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.routeWebSocket(/^ws:\/\/127\.0\.0\.1:\d+\//, (ws) => {
    const server = ws.connectToServer();
    const ordinal = new Map<number, number>();
    server.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { type: string; call?: string; id?: number };
      if (frame.type === 'request' && frame.call === 'activate')
        ordinal.set(frame.id!, ordinal.size + 1);
      ws.send(message);
    });
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { type: string; id?: number };
      if (frame.type === 'response' && ordinal.get(frame.id!) === n)
        void released.then(() => server.send(message));
      else server.send(message);
    });
  });
  return release;
}

async function pickComponent(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.getByTestId('component-file').setInputFiles({
    name,
    mimeType: 'application/wasm',
    buffer: Buffer.from(bytes),
  });
  await expect(page.getByTestId('component-label')).toHaveText(name);
  await idle(page);
}

const liveVerdict = (page: Page) => page.getByTestId('live-verdict');
const columns = (page: Page) => page.locator('[data-testid="timeline"] [data-task-column]');
const jobs = (page: Page) => page.locator('[data-testid="timeline"] .chip.job');

test('a replay the page runs appears activation by activation and ends with sdk-core reporting success', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { link, output } = await startBridge('ticker-3', baseURL!, '--activation-timeout', '60s');
  // The user opens the app and picks the component the history was recorded with.
  await openApp(page);
  await pickComponent(page, 'ticker.wasm', await guestComponent('ticker'));
  const debuggerHistory = await page.getByTestId('history-label').textContent();
  const release = await holdAnswer(page, 2);
  await page.goto(link);

  // Mid-run: activation 1 is done (its timer command shown), activation 2 has arrived (its job)
  // and is still running; sdk-core has no verdict yet.
  await expect(page.getByTestId('bridge-connection')).toHaveAttribute('data-state', 'open');
  // The token is gone from the address bar (a copied address must not carry it).
  expect(new URL(page.url()).hash).toBe('');
  await expect(columns(page)).toHaveCount(2);
  await expect(jobs(page)).toHaveText(['InitializeWorkflow ticker', 'FireTimer timer 1']);
  await expect(jobs(page).nth(0)).toHaveAttribute('data-state', 'done');
  await expect(jobs(page).nth(1)).toHaveAttribute('data-state', 'running');
  await expect(columns(page).nth(0).locator('.chip.command')).toHaveText(['StartTimer timer 1']);
  await expect(columns(page).nth(1).locator('.chip.command')).toHaveCount(0);
  await expect(columns(page).nth(1).locator('.row.events')).toHaveText('events 4–8');
  await expect(liveVerdict(page)).toHaveAttribute('data-verdict', 'running');
  await expect(page.getByTestId('live-position')).toHaveText(
    'live run · 2 activations · activation 2 running',
  );
  // The inspector follows the newest activation: sdk-core's activation, as it arrived.
  await expect(page.getByTestId('activation')).toContainText('Activation 2');
  await expect(page.getByTestId('activation')).toContainText('run in this page, running');
  await expect(page.getByTestId('bridge-status')).toHaveText(
    /replaying .*ticker-3\.bin through sdk-core/,
  );
  await screenshot(page, 'bridge-live-mid-run');

  release();
  await expect(columns(page)).toHaveCount(3);
  await expect(jobs(page)).toHaveText([
    'InitializeWorkflow ticker',
    'FireTimer timer 1',
    'FireTimer timer 2',
  ]);
  await expect(page.locator('.chip.job[data-state="done"]')).toHaveCount(3);
  await expect(page.locator('[data-testid="timeline"] .chip.command')).toHaveText([
    'StartTimer timer 1',
    'StartTimer timer 2',
    'StartTimer timer 3',
  ]);
  await expect(liveVerdict(page)).toHaveAttribute('data-verdict', 'ok');
  await expect(liveVerdict(page)).toHaveText('sdk-core: no nondeterminism');
  // 15 events: started, then per timer a task (3) and TimerStarted, with TimerFired before the next.
  expect(output()).toContain(
    'ok: sdk-core replayed the history to event 15 without nondeterminism',
  );

  // Activation 2 in the inspectors: the host's calls (activate, then two polls of main) and the
  // command it produced.
  await jobs(page).nth(1).click();
  await page.getByRole('tab', { name: 'Host trace' }).click();
  await expect(page.getByTestId('trace').locator('tbody tr td:nth-child(2)')).toHaveText([
    'activate',
    'poll',
    '↳ push StartTimer',
    'poll',
  ]);
  await page.getByRole('tab', { name: 'Commands' }).click();
  await expect(page.getByTestId('commands')).toContainText('StartTimer');
  await page.getByRole('tab', { name: 'Determinism' }).click();
  await expect(page.getByTestId('sdk-outcome')).toContainText(
    'sdk-core replayed the history to event 15 with these completions and found no nondeterminism.',
  );
  await screenshot(page, 'bridge-live-done');

  // The debugger's session was left as it was.
  await page.getByRole('radio', { name: 'Debugger' }).click();
  await expect(page.getByTestId('history-label')).toHaveText(debuggerHistory!);
});

test('the app opened with the link runs the example component; sdk-core reports success', async ({
  page,
  baseURL,
}) => {
  const { link } = await startBridge('greet', baseURL!);
  // The user picked the Hello example on the start page; the link reopens that session, then
  // connects.
  await openApp(page);
  await pickExample(page, 'hello');
  await sessionSaved(page, (s) => JSON.stringify(s['component']).includes('hello'));
  await page.goto(link);
  await expect(page.locator('body[data-ready]')).toBeAttached();
  await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
  await expect(jobs(page)).toHaveText(['InitializeWorkflow greet']);
  await expect(liveVerdict(page)).toHaveAttribute('data-verdict', 'ok');
  await expect(page.locator('[data-testid="timeline"] .chip.command')).toHaveText([
    'CompleteWorkflowExecution',
  ]);
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('live-run').getByTestId('result')).toHaveText(
    '"Hello, Temporal! (from greet)"',
  );
});

test("a component that diverges from the history: sdk-core's nondeterminism is shown, and the history opens in the debugger", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { link, output } = await startBridge('greet-expecting-timer', baseURL!);
  await openApp(page);
  await pickExample(page, 'hello');
  await sessionSaved(page, (s) => JSON.stringify(s['component']).includes('hello'));
  await page.goto(link);
  await expect(liveVerdict(page)).toHaveAttribute('data-verdict', 'nondeterminism');
  await expect(liveVerdict(page)).toHaveText('sdk-core: nondeterminism at event 5');
  // The diverging task is marked, and the determinism tab has sdk-core's own message.
  await expect(columns(page).nth(0)).toHaveClass(/divergent/);
  await expect(page.getByRole('tab', { name: 'Determinism' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const message = page.getByTestId('live-determinism').getByTestId('sdk-message');
  await expect(message).toHaveText(/^\[TMPRL1100\] Nondeterminism error: /);
  const sdkCoreSaid = (await message.textContent())!;
  expect(output()).toContain(`NONDETERMINISM at event 5: ${sdkCoreSaid}`);
  await expect(page.getByTestId('live-commands')).toContainText('CompleteWorkflowExecution');
  await screenshot(page, 'bridge-live-nondeterminism');

  // The history sdk-core replayed, in the debugger with the same component: the engine finds the
  // same divergence and sets history beside the code.
  await page
    .getByRole('button', { name: "Open this run's history in the debugger" })
    .first()
    .click();
  await expect(page.getByTestId('history-label')).toContainText('greet-expecting-timer.bin');
  await idle(page);
  await page.getByRole('button', { name: 'Run to first divergence' }).click();
  await idle(page);
  await expect(page.getByTestId('verdict')).toHaveText('Nondeterminism at event 5');
  await expect(page.getByTestId('determinism').getByTestId('sdk-message')).toHaveText(sdkCoreSaid);
});

test('a guest that never returns is stopped by the call limit; sdk-core gets the failed task', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { link, output } = await startBridge('spin', baseURL!);
  await openApp(page);
  await pickExample(page, 'hello');
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByLabel('Call limit (s)').fill('2');
  await pickComponent(page, 'spin.wasm', await spinComponent());
  await page.goto(link);
  await expect(jobs(page)).toHaveText(['InitializeWorkflow spin']);
  await expect(liveVerdict(page)).toHaveAttribute('data-verdict', 'task-failure', {
    timeout: 60_000,
  });
  // The page's engine watchdog, the same one that guards its replays, names the call.
  const reason =
    'The workflow code did not return within 2 s (activation 1, activate). The engine was stopped and restarted.';
  expect(output()).toContain(`TASK FAILURE at activation 1: ${reason}`);
  await page.getByRole('tab', { name: 'Commands' }).click();
  await expect(page.getByTestId('task-failure')).toHaveText(reason);
  // The engine came back with the same component, ready for the next task.
  await expect(page.getByTestId('component-label')).toHaveText('spin.wasm');
});

test('a link to a bridge on another machine asks first, and connects only if the user agrees', async ({
  page,
  baseURL,
}) => {
  await openApp(page);
  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${baseURL}#bridge=${encodeURIComponent('ws://192.0.2.1:8765/')}&token=secret`);
  await expect(
    page.getByRole('alert').filter({
      hasText:
        'Not connected to the bridge at ws://192.0.2.1:8765/: it is not on this computer, and you chose not to connect.',
    }),
  ).toBeVisible();
  expect(asked).toEqual([
    expect.stringContaining(
      'connects the page to a bridge at 192.0.2.1:8765, which is not on this computer',
    ),
  ]);
  await expect(page.getByTestId('bridge-connection')).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('');
});

test('a bad link says why it cannot connect, and the debugger keeps working', async ({
  page,
  baseURL,
}) => {
  const { link, output } = await startBridge('greet', baseURL!);
  await openApp(page);
  await pickExample(page, 'hello');
  await sessionSaved(page, (s) => JSON.stringify(s['component']).includes('hello'));
  await page.goto(link.replace(/token=[^&]+/, 'token=wrong'));
  await expect(page.getByTestId('bridge-problem')).toContainText(
    /Could not connect to the bridge at ws:\/\/127\.0\.0\.1:\d+\/: it is not running, or it refused this page \(a wrong token/,
  );
  // It tries a few times (the bridge may be starting), then gives up.
  await expect(page.getByTestId('bridge-connection')).toHaveAttribute(
    'data-state',
    /reconnecting|closed/,
  );
  await expect.poll(output).toContain('wrong token');
  await screenshot(page, 'bridge-bad-token');
  await page.getByRole('button', { name: 'back to the debugger' }).click();
  await expect(page.getByTestId('history-label')).toContainText('simulated greet.json');
  await page.getByRole('button', { name: 'Restart' }).click();
  await idle(page);
  await expect(position(page)).toHaveText('before activation 1');
  await page.getByRole('button', { name: 'Next activation' }).click();
  await idle(page);
  await expect(position(page)).toHaveText('activation 1');
  // The problem stays in view until the bridge is closed.
  await expect(page.getByTestId('bridge-problem')).toBeVisible();
  await page.getByRole('radio', { name: 'Live runs' }).click();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('bridge-problem')).toHaveCount(0);
  await expect(page.getByRole('radio', { name: 'Live runs' })).toHaveCount(0);
});

test('with --component the bridge runs the code; the page, connected from the Open menu, watches', async ({
  page,
  baseURL,
}) => {
  const component = join(histories, 'ticker.wasm');
  writeFileSync(component, await guestComponent('ticker'));
  const { link } = await startBridge('ticker-3', baseURL!, '--component', component);
  await openApp(page);
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: 'Connect to a bridge…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect to a bridge' });
  await dialog.getByRole('textbox').fill('http://127.0.0.1:1/#token=x');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'This is not a bridge link: it has no bridge=… part.',
  );
  await dialog.getByRole('textbox').fill(link);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('bridge-connection')).toContainText('connected');
  await expect(page.getByText('run by the bridge; this page watches')).toBeVisible();
  await expect(jobs(page)).toHaveCount(3);
  await expect(liveVerdict(page)).toHaveAttribute('data-verdict', 'ok');
  await jobs(page).nth(2).click();
  await expect(page.getByTestId('activation')).toContainText('run by the bridge');
  await page.getByRole('tab', { name: 'Host trace' }).click();
  // The bridge's host: activate, then two polls of main, the first pushing the timer.
  await expect(page.getByTestId('trace').locator('tbody tr td:nth-child(2)')).toHaveText([
    'activate',
    'poll',
    '↳ push StartTimer',
    'poll',
  ]);
});
