/**
 * The Rust examples (examples-rust/, built with Temporal's temporalio-workflow crate) in the page:
 * listed under Rust in the example selector, each opening its default scenario's simulated run
 * with its Rust component; and the Rust v1/v3 pair whose replay diverges.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ExampleManifest } from '../examples/manifest.ts';
import { idle, openApp, position, press, screenshot, verdict } from './helpers.ts';

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
