/**
 * The Rust examples (examples-rust/, built with Temporal's temporalio-workflow crate) in the page:
 * listed under Rust in the example selector, each opening its default scenario's simulated run
 * with its Rust component; and the Rust v1/v3 pair whose replay diverges.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ExampleManifest } from '../examples/manifest.ts';
import { REPO } from '../test/paths.ts';
import {
  dropFiles,
  idle,
  jsonEvents,
  openApp,
  position,
  press,
  screenshot,
  verdict,
} from './helpers.ts';

const component = (id: string) => readFileSync(join(REPO, 'public', 'examples', `rust-${id}.wasm`));

/** A run of a Rust example recorded by the CLI (`workflow-playground run`), not by the page. */
function recordedByCli(id: string): Buffer {
  const dir = join(REPO, 'test-results', 'rust-runs');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${id}.json`);
  execFileSync(
    process.execPath,
    [
      join(REPO, 'bin', 'workflow-playground.js'),
      'run',
      '--component',
      join(REPO, 'public', 'examples', `rust-${id}.wasm`),
      '-o',
      out,
    ],
    { cwd: REPO, stdio: 'pipe' },
  );
  return readFileSync(out);
}

const eventRow = (page: Page, id: number) =>
  page.getByTestId('event-list').locator(`[data-event="${id}"]`);

async function openExample(page: Page, id: string, workflowType: string): Promise<void> {
  await page.getByLabel('Example').selectOption(id);
  await expect(page.getByTestId('component-label')).toHaveText(`${id}.wasm`);
  await expect(page.getByTestId('history-label')).toContainText(`simulated ${workflowType}.json`);
  await idle(page);
}

/** Both themes, so a colour that only works in one shows up in the screenshots. */
async function screenshots(page: Page, name: string): Promise<void> {
  const html = page.locator('html');
  for (let i = 0; i < 2; i++) {
    const theme = await html.getAttribute('data-theme');
    await screenshot(page, `${name}-${theme}`);
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await expect(html).not.toHaveAttribute('data-theme', theme ?? '');
  }
}

test('the selector lists every built Rust example under Rust', async ({ page, request }) => {
  const manifest = (await (await request.get('examples/index.json')).json()) as ExampleManifest;
  const rust = manifest.examples.filter((e) => e.language === 'rust');
  // examples-rust/ holds eleven examples; `npm run build` builds them all.
  expect(rust.map((e) => e.id)).toEqual([
    'rust-hello',
    'rust-hello-activity',
    'rust-timers-cancellation',
    'rust-signals-queries-updates',
    'rust-patching-1-original',
    'rust-patching-2-patched',
    'rust-patching-3-forgot-patch',
    'rust-child-workflows',
    'rust-continue-as-new',
    'rust-local-activities',
    'rust-raw-wit-timer',
  ]);
  await openApp(page);
  const group = page.getByLabel('Example').locator('optgroup[label="Rust"] option');
  await expect(group).toHaveText(rust.map((e) => e.title));
  for (const title of await group.allTextContents()) expect(title).toMatch(/^Rust · /);
});

test('a Rust example shows its Rust source beside its run', async ({ page }) => {
  await openApp(page);
  await openExample(page, 'rust-child-workflows', 'ThumbnailBatch');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  await page.getByRole('tab', { name: 'Run' }).click();
  const source = page.getByTestId('example-source');
  await expect(source.locator('summary')).toHaveText(
    'Source: examples-rust/child-workflows/src/lib.rs',
  );
  await source.locator('summary').click();
  // The file as it is in the repository, not as the app describes it.
  const text = readFileSync(
    join(REPO, 'examples-rust', 'child-workflows', 'src', 'lib.rs'),
    'utf8',
  );
  expect(await source.locator('pre').textContent()).toBe(text);
  await source.locator('pre').evaluate((el) => el.scrollIntoView());
  await screenshot(page, 'rust-example-source');
  // A TypeScript example has no such section (its source is not bundled).
  await page.getByLabel('Example').selectOption('hello');
  await idle(page);
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('example-source')).toHaveCount(0);
});

test('a Rust example steps activation by activation, its host calls in the trace', async ({
  page,
}) => {
  await openApp(page);
  await openExample(page, 'rust-hello-activity', 'GreetWithActivity');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  await press(page, '0');
  await expect(position(page)).toHaveText('before activation 1');

  const next = page.getByRole('button', { name: 'Next activation' });
  const trace = page.getByTestId('trace');
  await next.click();
  await expect(position(page)).toHaveText('activation 1');
  await page.getByRole('tab', { name: 'Host trace' }).click();
  // Activation 1 instantiates the workflow, polls main, which schedules composeGreeting.
  await expect(trace).toContainText('instantiate');
  await expect(trace.locator('tr.trace-poll')).not.toHaveCount(0);
  await expect(trace).toContainText('↳ push ScheduleActivity');

  await next.click();
  await expect(position(page)).toHaveText('activation 2');
  await expect(trace).toContainText('activate');
  await expect(trace).toContainText('↳ push CompleteWorkflowExecution');
  await expect(verdict(page)).toContainText('Replaying');
  // One more step matches the completion against the history's last events: the end.
  await next.click();
  await expect(verdict(page)).toHaveText('Replayed: no divergence');
  await expect(next).toBeDisabled();
  await page.getByRole('tab', { name: 'Run' }).click();
  // The TypeScript example's composeGreeting answered the Rust workflow's activity.
  await expect(page.getByTestId('result')).toContainText('Hello, Temporal!');
  await page.getByRole('tab', { name: 'Host trace' }).click();
  await screenshots(page, 'rust-example-trace');
});

test('the Rust change without a patch diverges from its v1 run at the timer', async ({ page }) => {
  await openApp(page);
  await openExample(page, 'rust-patching-3-forgot-patch', 'PatchedGreeting');
  // v1 (rust-patching-1-original) recorded: 1 started, 2-4 the first workflow task,
  // 5 TimerStarted; v3 schedules the composeGreeting activity there instead.
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'nondeterminism');
  await expect(verdict(page)).toHaveText('Nondeterminism at event 5');
  await page.getByRole('tab', { name: 'Determinism' }).click();
  await expect(page.getByTestId('sdk-message')).toContainText('[TMPRL1100] Nondeterminism error');
  const first = page.getByTestId('expected-vs-actual').locator('tbody tr.first-mismatch');
  await expect(first).toHaveCount(1);
  const [, expected, actual, status] = await first.locator('td').all();
  await expect(expected!).toContainText('StartTimer');
  await expect(expected!).toContainText('timer 1');
  await expect(expected!).toContainText('#5');
  await expect(actual!).toContainText('ScheduleActivityTask');
  await expect(actual!).toContainText('composeGreeting');
  await expect(status!).toHaveText('✕ differs');
  await screenshots(page, 'rust-example-divergence');
});

test('a Rust component and a run of it, dropped together, stop at a breakpoint, step back and replay', async ({
  page,
}) => {
  const history = recordedByCli('timers-cancellation');
  const events = jsonEvents(history);
  const completed = Number(
    events.find((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED')!.eventId,
  );
  await openApp(page);
  await dropFiles(page, [
    { name: 'charge-run.json', buffer: history },
    { name: 'my-rust-charge.wasm', buffer: component('timers-cancellation') },
  ]);
  await expect(page.getByTestId('component-label')).toHaveText('my-rust-charge.wasm');
  await expect(page.getByTestId('history-label')).toContainText('charge-run.json');
  await idle(page);
  // A breakpoint on the charge's completion, which wakes the workflow in its second task.
  await page.getByLabel('Event type').selectOption('ActivityTaskCompleted');
  await page.getByRole('button', { name: '● break on type' }).click();
  await page.getByLabel('Event type').selectOption('');
  await expect(page.getByTestId('breakpoint-count')).toHaveText('1');
  await press(page, '0');
  await press(page, 'r');
  await expect(verdict(page)).toContainText('Paused at breakpoint');
  await expect(position(page)).toHaveText('activation 2');
  await expect(eventRow(page, completed)).toHaveClass(/current/);
  // The select! loser: the timer is cancelled in the same task that completes the run.
  await page.getByRole('tab', { name: 'Host trace' }).click();
  await expect(page.getByTestId('trace')).toContainText('↳ push CancelTimer');
  await press(page, 'p');
  await expect(position(page)).toHaveText('activation 1');
  await expect(eventRow(page, completed)).not.toHaveClass(/current/);
  await press(page, 'r');
  await expect(verdict(page)).toContainText('Paused at breakpoint');
  await press(page, 'r');
  await expect(verdict(page)).toHaveText('Replayed: no divergence');
  // The timeline: the host lane and main, one column per workflow task, main terminal last.
  await expect(page.locator('.timeline-labels .row-label.lane')).toHaveText(['host', 'main']);
  await expect(page.locator('[data-task-column] .row.header .task-title')).toHaveText([
    /^WFT 1/,
    /^WFT 2/,
  ]);
  await expect(page.locator('[data-task-column="1"] .mark.terminal')).toHaveCount(1);
  await screenshots(page, 'rust-drop-breakpoint-timeline');
});

test('?component= and ?history= open the raw-WIT component and its run from another origin', async ({
  page,
}) => {
  const files: Record<string, Buffer> = {
    '/raw-timer.wasm': component('raw-wit-timer'),
    '/raw-run.json': recordedByCli('raw-wit-timer'),
  };
  const server = createServer((req, res) => {
    const body = files[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'Access-Control-Allow-Origin': '*' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await openApp(page, `/?component=${base}/raw-timer.wasm&history=${base}/raw-run.json`);
    await expect(page.getByTestId('component-label')).toContainText('raw-timer.wasm');
    await expect(page.getByTestId('history-label')).toContainText('raw-run.json');
    // Activation by activation, each command matching its recorded event.
    // (Stepping shows the Activation tab; the Determinism tab is chosen after each step.)
    const determinism = page.getByRole('tab', { name: 'Determinism' });
    const rows = page.getByTestId('expected-vs-actual').locator('tbody tr');
    await press(page, '0');
    await press(page, 'n');
    await expect(position(page)).toHaveText('activation 1');
    await determinism.click();
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText('StartTimer');
    await expect(rows).toContainText('✓ match');
    await press(page, 'r');
    await expect(verdict(page)).toHaveText('Replayed: no divergence');
    await determinism.click();
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText('CompleteWorkflowExecution');
    await expect(rows).toContainText('✓ match');
    await screenshot(page, 'rust-raw-wit-from-url');
  } finally {
    server.close();
  }
});

test('a share link of a stepped Rust example reopens it, at the same place, in another browser', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await openExample(page, 'rust-signals-queries-updates', 'ExpenseApproval');
  await press(page, '0');
  await page.getByRole('button', { name: 'Next activation' }).click();
  await page.getByRole('button', { name: 'Next activation' }).click();
  await expect(position(page)).toHaveText('activation 2');
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this session' });
  await expect(dialog).toContainText(
    'Component: the bundled example rust-signals-queries-updates.',
  );
  const link = await dialog.getByTestId('share-link').inputValue();

  const other = await (await browser.newContext()).newPage();
  await other.goto(link);
  await expect(other.locator('body[data-ready]')).toBeAttached();
  await idle(other);
  await expect(other.getByTestId('component-label')).toHaveText(
    'rust-signals-queries-updates.wasm',
  );
  await expect(position(other)).toHaveText('activation 2');
  await press(other, 'r');
  await expect(verdict(other)).toHaveText('Replayed: no divergence');
  await other.context().close();
});
