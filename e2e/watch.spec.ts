/**
 * The watch panel on the signals-queries example: the expense's `status` query answered at the
 * cursor as it moves. Expected answers come from examples/signals-queries/workflow.ts and its
 * scenario (example.json): the expense waits until the `approve` signal from finance-lead arrives
 * in the second activation, and stays approved after. Asking never disturbs the replay.
 */
import { expect, test, type Page } from '@playwright/test';
import { idle, openApp, position, press, screenshot, verdict } from './helpers.ts';

const WAITING = { expenseId: 'expense-77', state: 'waiting' };
const APPROVED = { expenseId: 'expense-77', state: 'approved', decidedBy: 'finance-lead' };

const row = (page: Page, query: string) =>
  page.getByTestId('watch-row').and(page.locator(`[data-query="${query}"]`));

async function answerOf(page: Page, query: string): Promise<unknown> {
  return JSON.parse((await row(page, query).locator('.watch-value').textContent()) ?? 'null');
}

/** Opens the Watch tab, once opening the example has ended by showing the run's outcome. */
async function openWatch(page: Page) {
  await expect(page.getByRole('tabpanel')).toContainText('Activation 4 completed with 1 command');
  await page.getByRole('tab', { name: 'Watch' }).click();
  await expect(page.getByTestId('watch')).toBeVisible();
}

async function stepTo(page: Page, key: string, activation: number) {
  await press(page, key);
  await expect(position(page)).toHaveText(`activation ${activation}`);
  await idle(page);
  await expect(page.getByTestId('watch').locator('h3')).toContainText(
    `Queries at activation ${activation}`,
  );
}

test('answers the workflow queries at the cursor, marks changes, pins, and takes typed queries', async ({
  page,
}) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('signals-queries');
  await expect(page.getByTestId('component-label')).toHaveText('signals-queries.wasm');
  await idle(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  await expect(position(page)).toHaveText('activation 4');

  await openWatch(page);
  await expect(page.getByTestId('watch').locator('h3')).toContainText('Queries at activation 4');
  await expect.poll(() => answerOf(page, 'status')).toEqual(APPROVED);
  // Our SDK answers the TS SDK's built-in __stack_trace, so it is asked too.
  await expect(row(page, '__stack_trace').locator('.watch-value')).toBeVisible();

  // Back to the start (each step restores a checkpoint): waiting, marked as changed from 2.
  await stepTo(page, 'p', 3);
  await expect(row(page, 'status')).not.toHaveAttribute('data-changed');
  await stepTo(page, 'p', 2);
  await stepTo(page, 'p', 1);
  await expect.poll(() => answerOf(page, 'status')).toEqual(WAITING);
  await expect(row(page, 'status')).toHaveAttribute('data-changed', 'true');
  await expect(row(page, 'status')).toContainText('changed since activation 2');
  await screenshot(page, 'watch-panel-changed');

  // Forward: the signal approves it in activation 2.
  await stepTo(page, 'n', 2);
  await expect.poll(() => answerOf(page, 'status')).toEqual(APPROVED);
  await expect(row(page, 'status')).toHaveAttribute('data-changed', 'true');

  // A query typed in: bad JSON is refused where it was typed; one the workflow lacks says so.
  await page.getByLabel('Query name').fill('balance');
  await page.getByLabel('Query arguments (JSON array)').fill('["usd"');
  await page.getByRole('button', { name: 'Add query' }).click();
  await expect(page.getByTestId('watch').getByRole('alert')).toContainText(
    'Arguments are not JSON',
  );
  await page.getByLabel('Query arguments (JSON array)').fill('["usd"]');
  await page.getByRole('button', { name: 'Add query' }).click();
  await idle(page);
  await expect(row(page, 'balance')).toContainText('balance("usd")');
  await expect(row(page, 'balance')).toContainText(
    'Workflow did not register a handler for query "balance" (it has: status)',
  );

  // Pinned rows come first and stay pinned as the cursor moves.
  await page.getByRole('button', { name: 'Pin balance' }).click();
  await expect(page.getByTestId('watch-row').first()).toHaveAttribute('data-query', 'balance');
  await stepTo(page, 'n', 3);
  await expect(page.getByRole('button', { name: 'Unpin balance' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByTestId('watch-row').first()).toHaveAttribute('data-query', 'balance');
  await screenshot(page, 'watch-panel');

  // The replay under the cursor was not disturbed: it finishes as before.
  await press(page, 'r');
  await idle(page);
  await expect(position(page)).toHaveText('activation 4');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  await expect.poll(() => answerOf(page, 'status')).toEqual(APPROVED);
});

test('says why nothing can be queried when the history replays alone', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('signals-queries');
  await idle(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  await openWatch(page);
  await expect.poll(() => answerOf(page, 'status')).toEqual(APPROVED);
  await page.getByRole('radio', { name: /history only/i }).click();
  await idle(page);
  await expect(page.getByTestId('watch')).toContainText(
    'The history is replayed alone: queries need the workflow code',
  );
});
