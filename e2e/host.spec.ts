import { expect, test, type Page } from '@playwright/test';
import { guestComponent, watModule } from '../test/host/fixtures.ts';

async function openPage(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
}

async function openFile(page: Page, name: string, bytes: Uint8Array) {
  await page
    .getByTestId('component-file')
    .setInputFiles({ name, mimeType: 'application/wasm', buffer: Buffer.from(bytes) });
  await expect(page.getByTestId('component-label')).toHaveText(name);
}

test('a guest that never returns is stopped by the watchdog; the page stays responsive', async ({
  page,
}) => {
  await openPage(page);
  // Shared memory carries the call site from the worker (the page is cross-origin isolated).
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByLabel('Call limit (s)').fill('2');
  await openFile(page, 'misbehaving.wasm', await guestComponent('misbehaving'));
  await page.getByLabel('Workflow type').selectOption('loops-in-poll');
  await page.getByRole('button', { name: 'Run first workflow task' }).click();
  await expect(page.getByRole('button', { name: 'Running…' })).toBeVisible();

  // While the worker spins, the page still reacts to input.
  const input = page.getByLabel('Input (JSON array of arguments)');
  await input.fill('["still responsive"]');
  await expect(input).toHaveValue('["still responsive"]');

  const alert = page.getByRole('alert').filter({ hasText: 'did not return' });
  await expect(alert).toHaveAttribute('data-error-code', 'watchdog');
  await expect(alert).toContainText(
    'The workflow code did not return within 2 s (activation 1, poll-routine(0)). The engine was stopped and restarted',
  );
  await page.screenshot({ path: 'test-results/screens/watchdog.png', fullPage: true });

  // The fresh engine lost the component; it loads again from the same bytes, and runs.
  await page.getByRole('button', { name: 'Reload misbehaving.wasm' }).click();
  await expect(page.getByTestId('component-label')).toHaveText('misbehaving.wasm');
  await page.getByLabel('Workflow type').selectOption('completes');
  await page.getByRole('button', { name: 'Run first workflow task' }).click();
  await expect(page.getByTestId('result')).toHaveText('"completes done"');
});

test('a component importing WASI runs deterministically, its hazards and output in the trace', async ({
  page,
}) => {
  await openPage(page);
  await openFile(page, 'wasi-user.wasm', await guestComponent('wasi-user'));
  await expect(page.getByTestId('wasi-note')).toContainText('answered deterministically');
  await page.getByRole('button', { name: 'Run first workflow task' }).click();
  // The run starts at 2026-01-01T00:00:00Z (the playground's virtual start time).
  await expect(page.getByTestId('result')).toContainText('"now":1767225600000');
  const trace = page.getByTestId('trace');
  await expect(trace).toContainText(
    'guest read the wall clock during poll-routine(0) at activation 1',
  );
  await expect(trace).toContainText('activate at 1767225600000: 1 job(s)');
  await page.screenshot({ path: 'test-results/screens/wasi-hazards.png', fullPage: true });
});

test('a seed-ABI core module runs as a workflow that completes in its first activation', async ({
  page,
}) => {
  await openPage(page);
  await openFile(page, 'complete.wasm', await watModule('complete'));
  await expect(page.getByTestId('code-kind')).toContainText('seed-ABI core module');
  await page.getByLabel('Workflow type').fill('AnyType');
  await page.getByRole('button', { name: 'Run first workflow task' }).click();
  await expect(page.getByTestId('result')).toHaveText('"hi"');
  await expect(page.getByTestId('trace')).toContainText('{"params":[]}');
});
