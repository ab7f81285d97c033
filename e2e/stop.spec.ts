/**
 * A guest stuck in a loop cannot be interrupted inside its call: the page stays responsive (the
 * engine is in a worker), offers Stop, and Stop ends the worker and reopens the sources.
 */
import { expect, test } from '@playwright/test';
import { spinComponent } from '../test/guests.ts';
import { openApp, pickExample, position, startNewRun } from './helpers.ts';

test('stops a workflow that never yields and reopens the sources', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  // A call limit far away: Stop, not the watchdog, ends this one.
  await pickExample(page, 'hello');
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByLabel('Call limit (s)').fill('600');
  await startNewRun(page, { name: 'spin.wasm', bytes: await spinComponent() }, 'spin');
  // The worker is stuck; the page is not: dialogs, menus and theme still work.
  await expect(page.getByRole('status').filter({ hasText: 'Running' })).toBeVisible();
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  const stop = page.getByRole('button', { name: 'Stop' });
  await expect(stop).toBeVisible();
  await stop.click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Stopped: the engine was restarted.' }),
  ).toBeVisible();
  await expect(page.getByTestId('component-label')).toHaveText('spin.wasm');
  await expect(page.getByTestId('history-label')).toContainText('new run of spin');
  await expect(position(page)).toHaveText('before activation 1');
});

test('the call limit stops a workflow that never yields on its own, naming what ran', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page);
  await pickExample(page, 'hello');
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByLabel('Call limit (s)').fill('2');
  await startNewRun(page, { name: 'spin.wasm', bytes: await spinComponent() }, 'spin');
  await expect(page.getByRole('status').filter({ hasText: 'Running' })).toBeVisible();
  // Nobody clicks Stop: the watchdog does.
  await expect(position(page)).toHaveText('before activation 1');
  await expect(page.getByTestId('component-label')).toHaveText('spin.wasm');
  // The reason stays on screen after the sources reopened.
  const alert = page.getByRole('alert').filter({ hasText: 'did not return within 2 s' });
  await expect(alert).toHaveAttribute('data-error-code', 'watchdog');
  // The engine's watchdog names the guest call; the page says what it did about it.
  await expect(alert).toContainText(
    '(activation 1, activate). The engine was stopped and restarted. The sources were reopened.',
  );
  await page.screenshot({ path: 'test-results/screens/watchdog.png' });
});
