/**
 * `npm start` serves the app with Vite's dev server, which resolves modules on demand and bundles
 * nothing: a dependency that only works pre-bundled, or a worker import that only the production
 * build rewrites, breaks there and nowhere else. Every other spec runs against the production
 * build, so this one starts the dev server itself and checks the bundled example loads and runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { REPO } from '../test/paths.ts';
import { GREETING, idle, pickExample, screenshot } from './helpers.ts';

const PORT = Number(process.env.WP_E2E_PORT ?? 4173) + 1000;
const URL = `http://127.0.0.1:${PORT}/`;

let server: ChildProcess | undefined;
let output = '';

test.beforeAll(async () => {
  // The same server `npm start` runs (after gen; it builds the examples itself, lazily).
  server = spawn('npx', ['vite', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`vite dev server exited:\n${output}`);
    try {
      if ((await fetch(URL)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`vite dev server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

test.afterAll(() => {
  // npx starts vite as a child: stop the whole process group.
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
});

test('npm start serves the app: the dev server loads the bundled example and runs it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(URL);
  // The first visit makes the dev server transform the whole module graph on demand.
  await expect(page.locator('body[data-ready]')).toBeAttached({ timeout: 120_000 });
  await idle(page);
  // The page opens on the start page without waiting for any example to build: the dev server
  // builds them on demand and in the background (src/node/build/dev-examples.ts).
  await expect(page.getByTestId('start-page').locator('.example-card')).not.toHaveCount(0);
  expect(output).toMatch(/examples: \d+ to build in the background/);
  await pickExample(page, 'hello');
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('result')).toHaveText(GREETING);
  await screenshot(page, 'dev-server');
  expect(errors).toEqual([]);
});
