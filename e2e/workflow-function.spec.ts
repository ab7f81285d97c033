/**
 * A component without the history's workflow type: the page says so, refuses "With component"
 * with a reason, and replays with the workflow function the user picks (how one checks a renamed
 * or ported workflow against an old history), also for whoever opens a link to the session.
 */
import { expect, test } from '@playwright/test';
import { idle, openApp, pickExample, press, verdict } from './helpers.ts';

test('replays a history with the workflow function the user chooses, and shares the choice', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await pickExample(page, 'hello');
  // One function, of the history's type: nothing to choose.
  await expect(page.getByLabel('Workflow function')).toHaveCount(0);

  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: /Example component, keep this history/ }).click();
  await page.getByRole('dialog').getByRole('combobox').selectOption('hello-activity');
  await page.getByRole('button', { name: 'Load component' }).click();
  await expect(page.getByTestId('component-label')).toHaveText('hello-activity.wasm');
  await idle(page);
  const mode = page.getByRole('radiogroup', { name: 'Replay mode' });
  await expect(mode.getByRole('radio', { name: 'History only' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await expect(page.locator('.banners .note')).toContainText(
    'has no workflow type "greet" (it has greetWithActivity): choose the workflow function',
  );
  const choice = page.getByLabel('Workflow function');
  await expect(choice).toHaveValue('');

  // "With component" without a choice says why it cannot, instead of doing nothing.
  await mode.getByRole('radio', { name: 'With component' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That did not work' })).toContainText(
    'choose which of its workflow functions (greetWithActivity) replays this history',
  );
  await expect(mode.getByRole('radio', { name: 'History only' })).toHaveAttribute(
    'aria-checked',
    'true',
  );

  await choice.selectOption('greetWithActivity');
  await expect(mode.getByRole('radio', { name: 'With component' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await expect(choice).toHaveValue('greetWithActivity');
  await expect(page.locator('.banners .note')).toHaveCount(0);
  await press(page, 'r');
  // The chosen function got the InitializeWorkflow job, and it schedules an activity where
  // greet's run completed: the replay says where they part.
  await expect(page.locator('[data-task-column="0"]')).toContainText('greetWithActivity');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'nondeterminism');

  // A link carries the choice: the receiver replays with the same function, at the same verdict.
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('dialog').getByTestId('share-link').inputValue();
  const other = await (await browser.newContext()).newPage();
  await other.goto(link);
  await expect(other.locator('body[data-ready]')).toBeAttached();
  await idle(other);
  await expect(other.getByTestId('component-label')).toHaveText('hello-activity.wasm');
  await expect(other.getByLabel('Workflow function')).toHaveValue('greetWithActivity');
  await expect(
    other.getByRole('radiogroup', { name: 'Replay mode' }).getByRole('radio', {
      name: 'With component',
    }),
  ).toHaveAttribute('aria-checked', 'true');
  await expect(verdict(other)).toHaveAttribute('data-verdict', 'nondeterminism');
  await other.context().close();
});
