/** "Go to #" hands the keyboard back once it has jumped: the next keys are shortcuts again. */
import { expect, test } from '@playwright/test';
import { idle, openApp, press } from './helpers.ts';

test('after g, an id and Enter, the next keys are shortcuts, not more digits', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('hello-activity');
  await expect(page.getByTestId('component-label')).toHaveText('hello-activity.wasm');
  await idle(page);
  const box = page.getByLabel('Go to event id');
  await press(page, 'g');
  await expect(box).toBeFocused();
  await page.keyboard.type('5');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('event-detail')).toContainText('Event 5');
  await expect(box).not.toBeFocused();
  await expect(box).toHaveValue('');
  // `b` sets a breakpoint on the selected event instead of landing in the box.
  await page.keyboard.press('b');
  await expect(page.getByTestId('breakpoint-count')).toHaveText('1');
  await expect(page.getByLabel('Remove breakpoint at event 5')).toBeVisible();
  await expect(box).toHaveValue('');

  // An id that does not exist keeps the box (to correct it); Escape gives the keyboard back.
  await press(page, 'g');
  await page.keyboard.type('999');
  await page.keyboard.press('Enter');
  await expect(box).toBeFocused();
  await expect(box).toHaveAttribute('title', /No event 999/);
  await page.keyboard.press('Escape');
  await expect(box).not.toBeFocused();
  await expect(box).toHaveValue('');
});
