/**
 * Bundled examples as sources: their simulated runs are made again rather than remembered among
 * the user's recent files (a scenario the user runs is, named after the example), a reload
 * re-simulates the example and puts the cursor back, and the example selector names what is
 * loaded even when an example's component cannot be fetched.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  appAlerts,
  idle,
  openApp,
  pickExample,
  position,
  press,
  sessionSaved,
  verdict,
} from './helpers.ts';

async function openExample(page: Page, id: string): Promise<void> {
  await page.getByLabel('Example').selectOption(id);
  await expect(page.getByTestId('component-label')).toHaveText(`${id}.wasm`);
  await idle(page);
}

test('example runs stay out of the recent sources and a reload simulates them again', async ({
  page,
}) => {
  await openApp(page);
  await openExample(page, 'patching-1-original');
  await openExample(page, 'patching-2-patched');
  await page.getByRole('button', { name: 'Open' }).click();
  // Every version records "simulated trialReminder.json": such entries would push the user's
  // files out of the twelve recent ones, and could not be told apart.
  await expect(page.getByRole('menuitem', { name: /Paste history/ })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: /simulated/ })).toHaveCount(0);
  await page.keyboard.press('Escape');

  await press(page, '0');
  await press(page, 'n');
  await expect(position(page)).toHaveText('activation 1');
  await sessionSaved(
    page,
    (s) =>
      (s['cursor'] as { step?: number })?.step === 0 &&
      (s['component'] as { id?: string })?.id === 'patching-2-patched',
  );
  await page.reload();
  await expect(page.locator('body[data-ready]')).toBeAttached();
  await idle(page);
  await expect(page.getByLabel('Example')).toHaveValue('patching-2-patched');
  await expect(page.getByTestId('component-label')).toHaveText('patching-2-patched.wasm');
  await expect(page.getByTestId('history-label')).toContainText('simulated trialReminder.json');
  await expect(position(page)).toHaveText('activation 1');
  await expect(appAlerts(page)).toHaveText([]);

  // A scenario the user runs is theirs to keep: remembered, named after the example's code.
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: /Simulate a run/ }).click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('trialReminder');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await idle(page);
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(
    page.getByRole('menuitem', { name: /patching-2-patched: simulated trialReminder\.json/ }),
  ).toHaveCount(1);
});

test('the example selector keeps naming the loaded example when another fails to load', async ({
  page,
}) => {
  await openApp(page);
  await pickExample(page, 'hello');
  const first = await page.getByLabel('Example').inputValue();
  expect(first).not.toBe('saga');
  await page.route('**/examples/saga.wasm', (route) => route.abort('internetdisconnected'));
  await page.getByLabel('Example').selectOption('saga');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Could not load the component' }),
  ).toBeVisible();
  await expect(page.getByLabel('Example')).toHaveValue(first);
  await expect(page.getByTestId('component-label')).toHaveText(`${first}.wasm`);
});

test("replays an example's run with another version's component, keeping the history", async ({
  page,
}) => {
  await openApp(page);
  await openExample(page, 'patching-1-original');
  const replayWith = async (id: string) => {
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('menuitem', { name: /Example component, keep this history/ }).click();
    await page.getByRole('dialog').getByRole('combobox').selectOption(id);
    await page.getByRole('button', { name: 'Load component' }).click();
    await expect(page.getByTestId('component-label')).toHaveText(`${id}.wasm`);
    await expect(page.getByTestId('history-label')).toContainText('simulated trialReminder.json');
    await idle(page);
    await press(page, 'r');
  };
  // As real sdk-core judges these pairs (test/oracle/examples.test.ts): version 2 guards the
  // change with patched() and replays version 1's run; version 4 changed it without a patch.
  await replayWith('patching-2-patched');
  await expect(verdict(page)).toHaveText('Replayed: no divergence');
  await replayWith('patching-4-forgot-patch');
  await expect(verdict(page)).toHaveText('Nondeterminism at event 10');
  await expect(page.getByLabel('Example')).toHaveValue('');
});
