/**
 * The bridge end to end in Chromium, with real sdk-core: `workflow-playground bridge --replay` (the
 * real CLI, as users start it) feeds a history through sdk-core's replay worker; a page opened with
 * the link it prints hosts the component in the app's engine worker, and the app's bridge client
 * completes every activation. The page draws each activation as it arrives and sdk-core's verdict:
 * success for a history the component matches, nondeterminism for one it does not.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { guestComponent, helloComponent } from '../test/host/fixtures.ts';
import { REPO } from '../test/paths.ts';

/** Serves the built components to the page from memory. */
function componentsPlugin(components: Record<string, Uint8Array>): Plugin {
  return {
    name: 'e2e-components',
    configureServer(server) {
      server.middlewares.use('/e2e-components/', (req, res, next) => {
        const body = components[(req.url ?? '').replace(/^\//, '').replace(/\.wasm$/, '')];
        if (!body) return next();
        res.setHeader('content-type', 'application/wasm');
        res.end(body);
      });
    },
  };
}

let vite: ViteDevServer;
let origin: string;
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
  const components = { hello: await helloComponent(), ticker: await guestComponent('ticker') };
  vite = await createServer({
    configFile: join(REPO, 'vite.config.ts'),
    root: REPO,
    logLevel: 'error',
    // A port of its own, away from the app's (5173) and the preview the other tests use (4173).
    server: { port: 4391, strictPort: false },
    plugins: [componentsPlugin(components)],
  });
  await vite.listen();
  origin = new URL(vite.resolvedUrls!.local[0]!).origin;
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
  await vite?.close();
});

/** Starts the CLI bridge on a history; resolves with the link it prints and its output. */
async function startBridge(history: string, page: string) {
  const file = join(histories, `${history}.bin`);
  const bridge = spawn(
    process.execPath,
    [
      join(REPO, 'bin', 'workflow-playground.js'),
      'bridge',
      '--replay',
      file,
      '--port',
      '0',
      '--app-url',
      `${origin}${page}`,
    ],
    { cwd: REPO },
  );
  bridges.push(bridge);
  let stdout = '';
  bridge.stdout!.on('data', (d: Buffer) => (stdout += String(d)));
  bridge.stderr!.on('data', (d: Buffer) => (stdout += String(d)));
  await expect.poll(() => /open:\s+(\S+)/.exec(stdout)?.[1], { timeout: 60_000 }).toBeTruthy();
  return { link: /open:\s+(\S+)/.exec(stdout)![1]!, output: () => stdout, bridge };
}

test('a replay whose activations the page completes ends with sdk-core reporting success', async ({
  page,
}) => {
  const { link, output } = await startBridge(
    'ticker-3',
    '/e2e/fixtures/bridge.html?component=/e2e-components/ticker.wasm&hold=2',
  );
  await page.goto(link);
  const rows = page.getByTestId('activation');
  // Activation 2 is held in the page: the timeline shows what has arrived so far, and no verdict.
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveText('activation 1: initializeWorkflow → startTimer (page)');
  await expect(rows.nth(1)).toHaveText('activation 2: fireTimer');
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('verdict')).toHaveText('');
  await page.getByTestId('release').click();
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toHaveText('activation 2: fireTimer → startTimer (page)');
  await expect(rows.nth(2)).toHaveText('activation 3: fireTimer → startTimer (page)');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'ok');
  await expect(verdict).toHaveText(/^LANG_REQUESTED: /);
  await expect(page.getByTestId('connection')).toHaveText('open: connected (replay mode)');
  // 15 events: started, then per timer a task (3) and TimerStarted, with TimerFired before the next.
  expect(output()).toContain(
    'ok: sdk-core replayed the history to event 15 without nondeterminism',
  );
  await page.screenshot({ path: 'test-results/screens/bridge-replay.png', fullPage: true });
});

test('the example hello component completes its run through the bridge', async ({ page }) => {
  const { link } = await startBridge(
    'greet',
    '/e2e/fixtures/bridge.html?component=/e2e-components/hello.wasm',
  );
  await page.goto(link);
  await expect(page.getByTestId('activation')).toHaveText([
    'activation 1: initializeWorkflow → completeWorkflowExecution (page)',
  ]);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'ok');
});

test('a component that diverges from the history makes sdk-core report nondeterminism in the page', async ({
  page,
}) => {
  const { link } = await startBridge(
    'greet-expecting-timer',
    '/e2e/fixtures/bridge.html?component=/e2e-components/hello.wasm',
  );
  await page.goto(link);
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'nondeterminism');
  await expect(verdict).toHaveText(/^NONDETERMINISM: \[TMPRL1100\] Nondeterminism error: /);
  await page.screenshot({ path: 'test-results/screens/bridge-nondeterminism.png', fullPage: true });
});
