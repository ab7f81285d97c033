/**
 * The timeline of the signals-queries example (an expense approved by an `approve` signal two
 * hours in): a lane per routine with poll marks, command chips matched against the recorded
 * ones, picking a poll to see it in the host trace, breakpoints set from the timeline, zoom and
 * task keys. Expected values are worked out by hand from examples/signals-queries/workflow.ts
 * and its scenario (example.json), and from the host's polling rule (DESIGN.md §4: polling
 * passes go on until a pass makes no progress, or main ends the run):
 *
 *   WFT 1  InitializeWorkflow  → condition(…, '3 days') starts timer 1          (event 5)
 *   WFT 2  SignalWorkflow approve → the handler runs in its own routine; the condition holds:
 *          timer 1 is cancelled (10), payExpense scheduled (11)
 *   WFT 3  ResolveActivity payExpense → notifySubmitter scheduled (17)
 *   WFT 4  ResolveActivity notifySubmitter → the workflow completes (23)
 */
import { expect, test, type Page } from '@playwright/test';
import { idle, openApp, position, press, verdict } from './helpers.ts';

const column = (page: Page, task: number) => page.locator(`[data-task-column="${task}"]`);
/** The row of a column at the same position as the label row named `label`. */
async function laneOf(page: Page, task: number, label: string) {
  const labels = await page.locator('.timeline-labels .row-label').allTextContents();
  const at = labels.findIndex((l) => l === label);
  expect(at, `a timeline row labelled "${label}"`).toBeGreaterThanOrEqual(0);
  return column(page, task).locator('.row').nth(at);
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('signals-queries');
  await expect(page.getByTestId('component-label')).toHaveText('signals-queries.wasm');
  await idle(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
});

test('shows a lane per routine, poll marks, and commands matched with the recorded events', async ({
  page,
}) => {
  // Host calls, the main routine, and the one signal the run received (queries are no routine).
  await expect(page.locator('.timeline-labels .row-label.lane')).toHaveText([
    'host',
    'main',
    'signal approve',
  ]);
  await expect(page.locator('[data-task-column] .row.header .task-title')).toContainText([
    'WFT 1',
    'WFT 2',
    'WFT 3',
    'WFT 4',
  ]);

  // WFT 2: the signal routine ran its handler to the end (one poll, progress); main woke up,
  // then a pass without progress ended polling.
  const signal = await laneOf(page, 1, 'signal approve');
  await expect(signal.locator('.mark')).toHaveCount(1);
  await expect(signal.locator('.mark')).toHaveClass(/\bprogress\b/);
  const main2 = await laneOf(page, 1, 'main');
  await expect(main2.locator('.mark').first()).toHaveClass(/\bprogress\b/);
  await expect(main2.locator('.mark').last()).toHaveClass(/\bidle\b/);
  // No signal arrived in the other tasks: their signal lane is empty.
  for (const task of [0, 2, 3])
    await expect((await laneOf(page, task, 'signal approve')).locator('.mark')).toHaveCount(0);
  // WFT 3 waits on notifySubmitter (hollow last pass); in WFT 4 main returns terminal.
  await expect((await laneOf(page, 2, 'main')).locator('.mark').last()).toHaveClass(/\bidle\b/);
  const main4 = (await laneOf(page, 3, 'main')).locator('.mark').last();
  await expect(main4).toHaveClass(/\bprogress\b/);
  await expect(main4).toHaveClass(/\bterminal\b/);

  // Commands the code produced, each matching the event history recorded for it.
  const commands = (task: number) => column(page, task).locator('.chip.command');
  const recorded = (task: number) => column(page, task).locator('.chip.recorded');
  await expect(commands(0)).toHaveText(['StartTimer timer 1']);
  await expect(recorded(0)).toHaveText(['5 TimerStarted']);
  await expect(commands(1)).toHaveText([/^CancelTimer timer 1/, /^ScheduleActivity payExpense/]);
  await expect(recorded(1)).toHaveText(['10 TimerCanceled', '11 ActivityTaskScheduled']);
  await expect(commands(2)).toHaveText([/^ScheduleActivity notifySubmitter/]);
  await expect(recorded(2)).toHaveText(['17 ActivityTaskScheduled']);
  await expect(commands(3)).toHaveText(['CompleteWorkflowExecution']);
  await expect(recorded(3)).toHaveText(['23 WorkflowExecutionCompleted']);
  for (const task of [0, 1, 2, 3]) {
    for (const chip of await commands(task).all()) await expect(chip).toHaveClass(/status-match/);
    for (const chip of await recorded(task).all()) await expect(chip).toHaveClass(/status-match/);
  }
});

test('picking a poll mark opens the host trace at that call', async ({ page }) => {
  const mark = (await laneOf(page, 1, 'signal approve')).locator('.mark');
  await mark.click();
  await expect(page.getByRole('tab', { name: 'Host trace' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const selected = page.getByTestId('trace').locator('tbody tr.selected');
  await expect(selected).toHaveCount(1);
  await expect(selected).toContainText('poll');
  await expect(selected).toContainText('signal approve');
  await expect(selected.locator('td').nth(5)).toHaveText('yes');
  await expect(mark).toHaveClass(/\bselected\b/);
});

test('breaks on a command type from the context menu and on a task from its header dot', async ({
  page,
}) => {
  // Every ScheduleActivityTask: payExpense in activation 2, notifySubmitter in activation 3.
  await column(page, 1).locator('.chip.command').nth(1).click({ button: 'right' });
  await page.getByRole('menuitem', { name: /^Break on every .+ command$/ }).click();
  await expect(page.getByTestId('breakpoint-count')).toHaveText('1');
  await expect(column(page, 1).locator('.chip.command').nth(1)).toHaveClass(/\bbp\b/);
  await expect(column(page, 2).locator('.chip.command').first()).toHaveClass(/\bbp\b/);
  await press(page, '0');
  await press(page, 'r');
  await expect(verdict(page)).toContainText('Paused at breakpoint');
  await expect(position(page)).toHaveText('activation 2');
  await press(page, 'r');
  await expect(verdict(page)).toContainText('Paused at breakpoint');
  await expect(position(page)).toHaveText('activation 3');
  await press(page, 'r');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');

  // Off again from the same menu; then a breakpoint on WFT 4 from its header dot.
  await column(page, 1).locator('.chip.command').nth(1).click({ button: 'right' });
  await page.getByRole('menuitem', { name: /^Remove: break on every .+ command$/ }).click();
  await expect(page.getByTestId('breakpoint-count')).toHaveText('0');
  const dot = column(page, 3).locator('.bp-dot');
  await dot.click();
  await expect(dot).toHaveClass(/\bon\b/);
  await expect(page.getByTestId('breakpoint-count')).toHaveText('1');
  await press(page, '0');
  await press(page, 'r');
  await expect(verdict(page)).toContainText('Paused at breakpoint');
  await expect(position(page)).toHaveText('activation 4');
});

test('zooms with its buttons and moves between tasks with [ and ]', async ({ page }) => {
  const width = async () => (await column(page, 0).boundingBox())!.width;
  const start = await width();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(width).toBeCloseTo(start * 1.25, 0);
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(width).toBeCloseTo(start / 1.25, 0);

  await column(page, 1).locator('.row.header').click();
  await expect(column(page, 1)).toHaveClass(/\bselected\b/);
  await press(page, ']');
  await expect(column(page, 2)).toHaveClass(/\bselected\b/);
  await expect(column(page, 1)).not.toHaveClass(/\bselected\b/);
  await press(page, '[');
  await press(page, '[');
  await expect(column(page, 0)).toHaveClass(/\bselected\b/);
  await press(page, '[');
  await expect(column(page, 0)).toHaveClass(/\bselected\b/); // the first task stays selected
});
