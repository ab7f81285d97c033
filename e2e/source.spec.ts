/**
 * The workflow's source beside the timeline: selecting a command (or the divergence's link in the
 * determinism panel) highlights the line of the workflow that produced it, and a component
 * without source information says why. Expected lines are read from the examples' files here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO } from '../test/paths.ts';
import { idle, openApp, screenshot, verdict } from './helpers.ts';

async function openExample(page: Page, id: string): Promise<void> {
  await page.getByLabel('Example').selectOption(id);
  await expect(page.getByTestId('component-label')).toHaveText(`${id}.wasm`);
  await idle(page);
}

/** The 1-based line of an example's workflow.ts holding `text`. */
function lineOf(id: string, text: string): number {
  const lines = readFileSync(join(REPO, 'examples', id, 'workflow.ts'), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  expect(index, `examples/${id}/workflow.ts has "${text}"`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

/** The highlighted line as Monaco draws it: its number in the gutter and its text. */
async function expectHighlighted(page: Page, line: number, text: string): Promise<void> {
  const editor = page.getByTestId('source-editor');
  await expect(editor).toHaveAttribute('data-line', String(line));
  const highlight = editor.locator('.source-line-highlight');
  await expect(highlight).toHaveCount(1);
  // The view line Monaco draws at the highlight's height holds the call.
  const drawn = await highlight.evaluate((el) => {
    const top = (el.parentElement as HTMLElement).style.top;
    const lines = [...el.closest('[data-testid="source-editor"]')!.querySelectorAll('.view-line')];
    return lines.find((l) => (l as HTMLElement).style.top === top)?.textContent ?? '';
  });
  expect(drawn.replace(/\u00a0/g, ' ')).toContain(text);
  await expect(
    editor.locator(`.line-numbers`).filter({ hasText: new RegExp(`^${line}$`) }),
  ).toHaveCount(1);
}

test('selecting a command highlights the line that produced it', async ({ page }) => {
  await openApp(page);
  await openExample(page, 'hello-activity');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByTestId('source-pane')).toContainText(
    'examples/hello-activity/workflow.ts',
  );

  const call = "composeGreeting('Hello', name)";
  await page.locator('.chip.command', { hasText: 'ScheduleActivity' }).first().click();
  const line = lineOf('hello-activity', call);
  await expect(page.getByTestId('source-caption')).toHaveText(
    `The code produced ScheduleActivityTask composeGreeting (activity id 1) at workflow.ts:${line}`,
  );
  await expectHighlighted(page, line, call);
  await screenshot(page, 'source-command');

  // The run's completion comes from the workflow function itself.
  await page.locator('.chip.command', { hasText: 'CompleteWorkflowExecution' }).first().click();
  const declared = lineOf('hello-activity', 'export async function greetWithActivity(');
  await expect(page.getByTestId('source-caption')).toContainText(`at workflow.ts:${declared}`);
  await expectHighlighted(page, declared, 'export async function greetWithActivity(');
});

test('the determinism panel links the divergence to its source line', async ({ page }) => {
  await openApp(page);
  await openExample(page, 'patching-4-forgot-patch');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'nondeterminism');
  const line = lineOf('patching-4-forgot-patch', 'await sendSms(');
  // Nothing selected yet: the divergence's own command is the line shown.
  await page.getByRole('tab', { name: /Determinism/ }).click();
  const link = page.getByTestId('divergence-source');
  await expect(link).toContainText(`The code produced ScheduleActivityTask sendSms`);
  await link.getByRole('button', { name: `workflow.ts:${line}` }).click();
  await expect(page.getByTestId('source-caption')).toHaveText(
    `The code produced ScheduleActivityTask sendSms (activity id 1) at workflow.ts:${line}`,
  );
  await expectHighlighted(page, line, 'await sendSms(');
  await screenshot(page, 'source-divergence');
});

test('a component without source information says why', async ({ page }) => {
  await openApp(page);
  await openExample(page, 'rust-hello-activity');
  await expect(page.getByTestId('source-missing')).toContainText(
    'This component carries no source map',
  );
  await expect(page.getByTestId('source-editor')).toHaveCount(0);
  await screenshot(page, 'source-missing');
});
