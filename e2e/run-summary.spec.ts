/** The run at a glance above the timeline, read from a history the TypeScript SDK recorded. */
import { expect, test } from '@playwright/test';
import { idle, openApp, openHistoryFile, sample, screenshot } from './helpers.ts';

test('shows status, times, task queue, input, result and who recorded the history', async ({
  page,
}) => {
  await openApp(page);
  await openHistoryFile(
    page,
    'otel_smorgasbord_1_13_1.json',
    sample('sdk-typescript', 'otel_smorgasbord_1_13_1.json'),
  );
  const summary = page.getByTestId('run-summary');
  await expect(summary.getByTestId('run-status')).toHaveText('Completed');
  await expect(summary.getByTestId('run-start')).toHaveText('2025-10-22 18:14:10 UTC');
  await expect(summary.getByTestId('run-close')).toHaveText('2025-10-22 18:14:11 UTC');
  await expect(summary.getByTestId('run-duration')).toHaveText('1.043s');
  await expect(summary.getByTestId('run-task-queue')).toHaveText('test-otel-inbound');
  await expect(summary.getByTestId('run-input')).toHaveText('2');
  await expect(summary.getByTestId('run-recorded-by')).toHaveText(
    'temporal-typescript 1.13.1 · 48709@mac.lan',
  );
});

test('at 1280 px no field of the summary is cut short', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  await openHistoryFile(
    page,
    'otel_smorgasbord_1_13_1.json',
    sample('sdk-typescript', 'otel_smorgasbord_1_13_1.json'),
  );
  const values = page.getByTestId('run-summary').locator('.run-value');
  await expect(values).not.toHaveCount(0);
  // Each value is drawn whole: as wide as its text (an ellipsis would make it narrower).
  const cut = await values.evaluateAll((els) =>
    els.filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent),
  );
  expect(cut).toEqual([]);
  await screenshot(page, 'run-summary-1280-light');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await screenshot(page, 'run-summary-1280-dark');
});

test('says how a failed run failed', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('saga');
  await expect(page.getByTestId('component-label')).toHaveText('saga.wasm');
  await idle(page);
  const summary = page.getByTestId('run-summary');
  await expect(summary.getByTestId('run-status')).toHaveText('Failed');
  await expect(summary).toContainText('Failure');
  await expect(summary.getByTestId('run-outcome')).toHaveText(
    /^TripNotBooked: Trip for Ada not booked: No cars left in SFO/,
  );
});
