/**
 * A component the replay does not run (issue 19 item 8): opening another workflow's history with
 * the Hello example loaded replays it alone; the header and the Run tab say the component is not
 * used, and it can be let go of without touching the open history.
 */
import { expect, test } from '@playwright/test';
import {
  openApp,
  openHistoryFile,
  pickExample,
  sample,
  screenshot,
  sessionSaved,
} from './helpers.ts';

const NAME = 'otel_smorgasbord_1_13_1.json';

test('an unused component is marked in the header and the Run tab, and unloads', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  await pickExample(page, 'hello');
  // Replayed with its code: nothing is marked.
  await expect(page.getByTestId('component-unused')).toHaveCount(0);
  await openHistoryFile(page, NAME, sample('sdk-typescript', NAME));
  await expect(page.getByRole('radio', { name: 'History only' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
  await expect(page.getByTestId('component-unused')).toHaveText('not used');
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('component-unused-note')).toContainText('Loaded but not used');
  await screenshot(page, 'unused-component-light');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await screenshot(page, 'unused-component-dark');

  await page.getByRole('button', { name: 'Unload the component' }).click();
  await expect(page.getByTestId('component-label')).toHaveCount(0);
  await expect(page.getByTestId('component-unused-note')).toHaveCount(0);
  await expect(page.getByLabel('Workflow function')).toHaveCount(0);
  await expect(page.getByTestId('history-label')).toContainText(NAME);
  // Gone for good: a reload restores the history alone.
  await sessionSaved(page, (s) => s['component'] === undefined);
  await page.reload();
  await expect(page.locator('body[data-ready]')).toBeAttached();
  await expect(page.getByTestId('history-label')).toContainText(NAME);
  await expect(page.getByTestId('component-label')).toHaveCount(0);
});
