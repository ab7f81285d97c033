/**
 * A 50,000-event history (about the most a Temporal server allows) opens, its event list and
 * timeline scroll to the far end, and it replays to the end, with the page responsive throughout.
 */
import { expect, test } from '@playwright/test';
import { fixture, openApp, openHistoryFile, press, screenshot, verdict } from './helpers.ts';

test('a 50,000-event history opens, scrolls and replays to the end', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await openHistoryFile(page, 'long-50000.bin', fixture('long-50000.bin'));
  await expect(page.getByTestId('event-count')).toHaveText('50,000 events');
  await expect(page.getByTestId('history-label')).toContainText('10,000 workflow tasks');

  // Only what is on screen is in the DOM.
  expect(await page.locator('.event-row').count()).toBeLessThan(200);
  expect(await page.locator('.column').count()).toBeLessThan(200);

  // The event list scrolls to its last event.
  const list = page.getByTestId('event-list');
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(list.locator('[data-event="50000"]')).toContainText('WorkflowExecutionCompleted');
  // The timeline scrolls to its last workflow task.
  const timeline = page.locator('.timeline-scroll');
  await timeline.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  await expect(page.locator('[data-task-column="9999"]')).toContainText('WFT 10000');
  // Jumping to an event in the middle brings both there.
  await page.getByLabel('Go to event id').fill('25003');
  await page.getByLabel('Go to event id').press('Enter');
  await expect(list.locator('[data-event="25003"]')).toHaveClass(/selected/);
  await expect(page.getByTestId('event-detail')).toContainText('Event 25003');

  await press(page, 'r');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok', { timeout: 120_000 });
  await expect(page.getByTestId('position')).toHaveText('activation 10000');
  await screenshot(page, 'large');
});
