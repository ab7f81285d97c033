/**
 * The event inspector: a failure shown as its cause chain, related events as links, and a large
 * payload truncated with a way to see all of it, as a value and as hex. Expected values come from
 * the examples' code (examples/saga: the car booking throws, the workflow fails with that
 * failure as its cause) and from the bytes of the input typed here.
 */
import { expect, test, type Page } from '@playwright/test';
import { idle, openApp, pickExample, verdict } from './helpers.ts';

async function goToEvent(page: Page, id: number): Promise<void> {
  await page.getByLabel('Go to event id').fill(String(id));
  await page.getByLabel('Go to event id').press('Enter');
  await expect(page.getByTestId('event-detail')).toContainText(`Event ${id}`);
}

test.describe('the saga example', () => {
  test.beforeEach(async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Example').selectOption('saga');
    await expect(page.getByTestId('component-label')).toHaveText('saga.wasm');
    await idle(page);
    await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  });

  test('shows the workflow failure and its causes as a chain', async ({ page }) => {
    // Six workflow tasks: start, flight, hotel, car (fails), cancel hotel, cancel flight; the last
    // one's command, the failure, is the last event: 1 + 6 × 6 - 1 (no activity after it).
    const events = page.getByTestId('event-count');
    await expect(events).toHaveText('35 events');
    await goToEvent(page, 35);
    const detail = page.getByTestId('event-detail');
    await expect(detail).toContainText('WorkflowExecutionFailed');
    const chain = detail.getByTestId('failure-chain').first().locator(':scope > li');
    // ApplicationFailure.create({ type: 'TripNotBooked', nonRetryable: true, cause: error }),
    // where error is the ActivityFailure of bookCar, itself caused by the activity's Error.
    await expect(chain).toHaveCount(3);
    await expect(chain.nth(0).locator('.failure-head')).toContainText(
      'TripNotBooked (Application) Trip for Ada not booked: No cars left in SFO',
    );
    await expect(chain.nth(0)).toContainText('non-retryable');
    await expect(chain.nth(0).locator('.failure-head')).not.toContainText('caused by');
    await expect(chain.nth(1).locator('.failure-head')).toContainText(/^caused by Activity/);
    await expect(chain.nth(2).locator('.failure-head')).toContainText(
      /^caused by Error \(Application\) No cars left in SFO/,
    );
  });

  test('follows a related event link', async ({ page }) => {
    // bookCar: scheduled 17, started 18, failed 19.
    await goToEvent(page, 19);
    const detail = page.getByTestId('event-detail');
    await expect(detail).toContainText('ActivityTaskFailed');
    const related = detail.getByTestId('related-events');
    await expect(related).toContainText('#17 ActivityTaskScheduled');
    await expect(related).toContainText('#18 ActivityTaskStarted');
    await related.getByRole('button', { name: '#17 ActivityTaskScheduled' }).click();
    await expect(detail).toContainText('Event 17');
    await expect(detail).toContainText('bookCar');
    await expect(page.getByTestId('event-list').locator('[data-event="17"]')).toHaveClass(
      /selected/,
    );
  });
});

test('truncates a large payload and shows all of it on request, as a value and as hex', async ({
  page,
}) => {
  await openApp(page);
  await pickExample(page, 'hello'); // greet(name)
  const name = 'x'.repeat(10_000);
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: /New run of the component/ }).click();
  await page.getByLabel('Input (JSON array of arguments)').fill(JSON.stringify([name]));
  await page.getByRole('button', { name: 'Run first workflow task' }).click();
  await idle(page);
  await goToEvent(page, 1);
  // The input payload is json/plain "xxx…": 10,002 bytes with its quotes.
  const payload = page.getByTestId('event-detail').locator('.payload').first();
  await expect(payload).toHaveAttribute('data-encoding', 'json/plain');
  const value = payload.getByTestId('payload-value');
  const text = async () => (await value.textContent()) ?? '';
  expect((await text()).length).toBe(4_096);
  await expect(payload.getByRole('button', { name: /show all 10,002 characters/ })).toBeVisible();

  await payload.getByRole('tab', { name: 'Hex' }).click();
  // 16 bytes a line: the first KiB is 64 lines, all 10,002 bytes 626 (the last holds 2).
  let lines = (await text()).split('\n');
  expect(lines).toHaveLength(64);
  expect(lines[0]).toBe(`00000000  22 ${'78 '.repeat(14)}78  "${'x'.repeat(15)}`);
  await payload.getByRole('button', { name: /show all 9\.8 KiB/ }).click();
  await expect.poll(async () => (await text()).split('\n').length).toBe(626);
  lines = (await text()).split('\n');
  expect(lines.at(-1)!.replace(/\s+/g, ' ')).toBe('00002710 78 22 x"');

  await payload.getByRole('tab', { name: 'Value' }).click();
  expect(await text()).toBe(JSON.stringify(name));
  await expect(payload.getByRole('button', { name: /show all/ })).toHaveCount(0);
});
