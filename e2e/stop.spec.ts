/**
 * A guest stuck in a loop cannot be interrupted inside its call: the page stays responsive (the
 * engine is in a worker), offers Stop, and Stop ends the worker and reopens the sources.
 */
import { expect, test } from '@playwright/test';
import { spinComponent } from '../test/guests.ts';
import { openApp, position } from './helpers.ts';

test('stops a workflow that never yields and reopens the sources', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await page.getByTestId('component-file').setInputFiles({
    name: 'spin.wasm',
    mimeType: 'application/wasm',
    buffer: Buffer.from(await spinComponent()),
  });
  await expect(page.getByTestId('component-label')).toHaveText('spin.wasm');
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: /New run of the component/ }).click();
  await page.getByLabel('Workflow type').selectOption('spin');
  await page.getByRole('button', { name: 'Run first workflow task' }).click();
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
