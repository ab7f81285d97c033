/**
 * A long run (the long-loop example: 51,005 events, replayed with its component) shows where it
 * is while it works: the badge counts events instead of repeating the last verdict, and the
 * toolbar stays one line.
 */
import { expect, test } from '@playwright/test';
import { idle, openApp, press, verdict } from './helpers.ts';

test('while a long run works, the badge says where it is and the toolbar keeps its height', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page);
  await page.getByLabel('Example').selectOption('long-loop');
  await expect(page.getByTestId('component-label')).toHaveText('long-loop.wasm');
  await idle(page);
  const toolbar = page.locator('.toolbar');
  const idleHeight = (await toolbar.boundingBox())!.height;

  await press(page, 'r');
  const busy = page.getByRole('status').filter({ hasText: 'Running · activation' });
  await expect(busy).toBeVisible();
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'running');
  // Progress reaches the badge (event 10,000 or later, so that stepping back below takes a while).
  await expect(verdict(page)).toHaveText(/^Replaying · event \d{2},\d{3}\/51,005$/, {
    timeout: 120_000,
  });
  expect((await toolbar.boundingBox())!.height).toBe(idleHeight);
  await page.getByRole('button', { name: 'Pause' }).click();
  await idle(page);
  await expect(verdict(page)).toHaveText(/^Paused · event [\d,]+\/51,005$/);

  // Stepping back restores a checkpoint (too fast for its badge to be seen reliably); either way
  // the badge does not claim a finished replay.
  await press(page, 'p');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'running');
  expect((await toolbar.boundingBox())!.height).toBe(idleHeight);
  await idle(page);
});
