/**
 * Errors show in place, never as a blank page: the Monaco editor's code failing to download
 * (offline, or a deploy replaced its chunk) leaves a clear error in the dialog, the rest of the
 * page working, and a retry that loads it once the network is back.
 */
import { expect, test } from '@playwright/test';
import { openApp, pickExample, position, press } from './helpers.ts';

test('a Monaco chunk that does not download shows an error in the dialog, and retries', async ({
  page,
}) => {
  // Blocked before the page loads: the source pane beside the timeline loads Monaco too, and a
  // chunk it loaded would be in the module map when the dialog asks for it.
  const monaco = '**/assets/monaco-*.js';
  await page.route(monaco, (route) => route.abort('internetdisconnected'));
  await openApp(page);
  await pickExample(page, 'hello');
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: 'Paste history…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste a history' });
  const error = dialog.getByRole('alert');
  await expect(error).toContainText('The editor could not load');
  await expect(error).toContainText('Its code did not download');
  await expect(error).toHaveAttribute('data-error-code', 'load');

  // The page is still there and works: close the dialog, step the loaded session.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open' })).toBeVisible();
  await press(page, '0');
  await press(page, 'n');
  await expect(position(page)).toHaveText('activation 1');

  // Back online: trying again loads the editor.
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: 'Paste history…' }).click();
  await expect(error).toContainText('The editor could not load');
  await page.unroute(monaco);
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(dialog.locator('.monaco-editor')).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
});

test('the scenario editor opens without page errors and suggests scenario fields', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openApp(page);
  await pickExample(page, 'hello');
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: /Simulate a run/ }).click();
  const editor = page.getByRole('dialog', { name: 'Simulate a run' }).locator('.monaco-editor');
  await expect(editor.locator('.view-lines')).toContainText('workflowType');
  // A new field in the scenario object: its schema (src/engine/sim/scenario.ts) offers the rest.
  await editor.locator('.view-line').first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Space');
  await expect(editor.locator('.suggest-widget')).toContainText('activities');
  expect(errors).toEqual([]);
});
