/**
 * One workflow-task numbering everywhere: the event list, the event inspector, the timeline and
 * the determinism panel count tasks as the server does (a task holds its completion and the
 * command events it recorded), not by sdk-core's replay sequences.
 */
import { expect, test } from '@playwright/test';
import { idle, openApp, verdict } from './helpers.ts';

test('a run completed by its first task has one workflow task', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('hello');
  await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
  await idle(page);
  await expect(page.getByTestId('history-label')).toContainText('5 events · 1 workflow task ·');
  await expect(page.locator('[data-task-column]')).toHaveCount(1);
  await expect(page.locator('.event-row .task')).toHaveText(Array(5).fill('WFT 1'));
});

test('the divergent event is in the same workflow task in every view', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('patching-4-forgot-patch');
  await expect(page.getByTestId('component-label')).toHaveText('patching-4-forgot-patch.wasm');
  await idle(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'nondeterminism');
  await expect(page.getByTestId('history-label')).toContainText('16 events · 3 workflow tasks');
  await expect(page.locator('[data-task-column]')).toHaveCount(3);
  // Event 10 (ActivityTaskScheduled) was recorded by the second task's completion (event 9).
  await expect(page.locator('.event-row[data-event="10"] .task')).toHaveText('WFT 2');
  await expect(page.locator('.event-row[data-event="9"] .task')).toHaveText('WFT 2');
  await expect(page.locator('.event-row[data-event="5"] .task')).toHaveText('WFT 1');
  await expect(page.locator('.event-row[data-event="11"] .task')).toHaveText('WFT 3');
  await page.getByRole('tab', { name: /Determinism/ }).click();
  await expect(page.getByTestId('determinism')).toContainText('Workflow task 2');
  await page.getByLabel('Go to event id').fill('10');
  await page.getByLabel('Go to event id').press('Enter');
  await expect(page.getByTestId('event-detail')).toContainText('workflow task 2');
  await expect(
    page.locator('[data-task-column="1"] .ev[data-event="10"]'),
    'the timeline draws event 10 in WFT 2',
  ).toHaveCount(1);
  await page.getByLabel('Go to event id').fill('5');
  await page.getByLabel('Go to event id').press('Enter');
  await expect(page.getByTestId('event-detail')).toContainText('workflow task 1');
});
