/**
 * Stepping through replays in the page: examples to the end, the first divergence with its
 * expected-versus-actual table, breakpoints, stepping back, event filters, and restoring the
 * session after a reload. Expected values come from the histories themselves (counted in the
 * files) and from sdk-core's messages, never from this app's output.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ExampleManifest } from '../examples/manifest.ts';
import { helloComponent } from '../test/host/fixtures.ts';
import {
  dropFiles,
  fixture,
  idle,
  jsonEvents,
  openApp,
  openHistoryFile,
  position,
  press,
  sample,
  screenshot,
  sessionSaved,
  verdict,
} from './helpers.ts';

const SMORGASBORD = 'otel_smorgasbord_1_13_1.json';

/** How many events of these types a JSON history holds, counted in the file. */
function countTypes(json: Buffer, ...types: string[]): number {
  return jsonEvents(json).filter((e) => types.includes(e.eventType)).length;
}

const eventRow = (page: Page, id: number) =>
  page.getByTestId('event-list').locator(`[data-event="${id}"]`);

test('opens each bundled example and steps it to the end', async ({ page, request }) => {
  // Every example (TypeScript and Rust), each simulated, replayed to the end, then stepped again
  // from the start.
  test.setTimeout(300_000);
  const manifest = (await (await request.get('examples/index.json')).json()) as ExampleManifest;
  expect(manifest.examples.length).toBeGreaterThan(0);
  await openApp(page);
  for (const example of manifest.examples) {
    await page.getByLabel('Example').selectOption(example.id);
    await expect(page.getByTestId('component-label')).toHaveText(`${example.id}.wasm`);
    // No example ships a recorded history: each opens what the simulator records for its
    // default scenario, replayed to the end unless it is very long (the long loop).
    await expect(page.getByTestId('history-label')).toContainText(
      `simulated ${example.workflowType}.json`,
    );
    await idle(page);
    if (example.replays) {
      // An older version's run, replayed by this version (the test below looks closer).
      await expect(verdict(page)).toHaveAttribute('data-verdict', 'nondeterminism');
      continue;
    }
    const next = page.getByRole('button', { name: 'Next activation' });
    if (example.id === 'long-loop') {
      await expect(position(page)).toHaveText('before activation 1');
      for (let i = 0; i < 3; i++) await next.click();
      await expect(position(page)).toHaveText('activation 3');
      await expect(verdict(page)).toHaveAttribute('data-verdict', 'running');
      continue;
    }
    await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
    await press(page, '0'); // restart: cursor before the first activation
    await expect(position(page)).toHaveText('before activation 1');
    for (let i = 0; i < 1_000 && (await next.isEnabled()); i++) await next.click();
    await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
    await expect(page.locator('.column.replayed')).not.toHaveCount(0);
  }
  await screenshot(page, 'example-stepped');
});

test('finds the first divergence and shows expected versus actual commands', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [
    { name: 'hello.wasm', buffer: Buffer.from(await helloComponent()) },
    { name: 'timer-first.bin', buffer: fixture('timer-first.bin') },
  ]);
  await expect(page.getByTestId('history-label')).toContainText('timer-first.bin');
  await expect(page.getByRole('radio', { name: 'With component' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await page.getByRole('button', { name: 'Run to first divergence' }).click();
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'nondeterminism');
  await expect(verdict(page)).toHaveText('Nondeterminism at event 5');
  // sdk-core's message for a complete command meeting a TimerStarted event (machines/mod.rs).
  await expect(page.getByTestId('sdk-message')).toHaveText(
    '[TMPRL1100] Nondeterminism error: Complete workflow machine does not handle this event: HistoryEvent(id: 5, TimerStarted)',
  );
  const table = page.getByTestId('expected-vs-actual');
  const first = table.locator('tbody tr').first();
  await expect(first).toContainText('StartTimer');
  await expect(first).toContainText('timer 1');
  await expect(first).toContainText('#5');
  await expect(first).toContainText('CompleteWorkflowExecution');
  await expect(first).toHaveClass(/first-mismatch/);
  await expect(page.getByTestId('divergence')).toContainText('What usually causes this');
  await expect(page.locator('.column.divergent')).toHaveCount(1);
  await screenshot(page, 'divergence');
});

test('the nondeterministic example diverges from its version 1 run at sendEmail', async ({
  page,
}) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('patching-4-forgot-patch');
  await expect(page.getByTestId('component-label')).toHaveText('patching-4-forgot-patch.wasm');
  await expect(page.getByTestId('history-label')).toContainText('simulated trialReminder.json');
  await idle(page);
  await press(page, '0');
  await expect(position(page)).toHaveText('before activation 1');
  await page.getByRole('button', { name: 'Run to first divergence' }).click();
  // Version 1's run, by hand: 1 started, 2-4 the first workflow task, 5 TimerStarted (the day's
  // sleep), 6 TimerFired, 7-9 the second task, 10 ActivityTaskScheduled(sendEmail). Version 4
  // schedules sendSms there; real sdk-core reports this message at event 10 for the same pair
  // (test/oracle/examples.test.ts replays this pair through it).
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'nondeterminism');
  await expect(verdict(page)).toHaveText('Nondeterminism at event 10');
  await expect(page.getByTestId('sdk-message')).toHaveText(
    "[TMPRL1100] Nondeterminism error: Activity type of scheduled event 'sendEmail' does not match activity type of activity command 'sendSms'",
  );
  const first = page.getByTestId('expected-vs-actual').locator('tbody tr.first-mismatch');
  await expect(first).toHaveCount(1);
  const [, expected, actual, status] = await first.locator('td').all();
  await expect(expected!).toContainText('ScheduleActivityTask');
  await expect(expected!).toContainText('sendEmail');
  await expect(expected!).toContainText('#10');
  await expect(actual!).toContainText('ScheduleActivityTask');
  await expect(actual!).toContainText('sendSms');
  await expect(status!).toHaveText('✕ differs');
  await expect(page.locator('.column.divergent')).toHaveCount(1);
  await screenshot(page, 'example-divergence');
});

test('drops a history and a component and replays them together', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [
    { name: 'greet-history.bin', buffer: fixture('hello.bin') },
    { name: 'hello-copy.wasm', buffer: Buffer.from(await helloComponent()) },
  ]);
  await expect(page.getByTestId('component-label')).toHaveText('hello-copy.wasm');
  await expect(page.getByTestId('history-label')).toContainText('greet-history.bin');
  await press(page, 'r');
  await expect(verdict(page)).toHaveText('Replayed: no divergence');
  await page.getByRole('tab', { name: 'Determinism' }).click();
  const row = page.getByTestId('expected-vs-actual').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('✓ match');
});

test('stops at breakpoints on an event type and on an event, then runs on', async ({ page }) => {
  const history = sample('sdk-typescript', SMORGASBORD);
  await openApp(page);
  await openHistoryFile(page, SMORGASBORD, history);
  // A breakpoint on every TimerFired, set from the event list's type filter.
  await page.getByLabel('Event type').selectOption('TimerFired');
  await page.getByRole('button', { name: '● break on type' }).click();
  await expect(page.getByTestId('breakpoint-count')).toHaveText('1');
  await page.getByLabel('Event type').selectOption('');
  await press(page, 'r');
  await expect(verdict(page)).toContainText('Paused at breakpoint');
  // The activation the cursor stopped at applied the TimerFired event.
  const fired = jsonEvents(history).find((e) => e.eventType === 'EVENT_TYPE_TIMER_FIRED')!;
  await expect(eventRow(page, Number(fired.eventId))).toHaveClass(/current/);
  // A breakpoint at an event, from the gutter, later in the history.
  const signaled = 15; // WorkflowExecutionSignaled, before the timer fires: not reached again.
  await page.getByLabel('Go to event id').fill(String(signaled));
  await page.getByLabel('Go to event id').press('Enter');
  await eventRow(page, signaled).getByRole('button').click();
  await expect(page.getByTestId('breakpoint-count')).toHaveText('2');
  await press(page, '0');
  await press(page, 'r');
  await expect(verdict(page)).toContainText('Paused at breakpoint');
  await expect(eventRow(page, signaled)).toHaveClass(/current/);
  await screenshot(page, 'breakpoint');
  await press(page, 'r');
  await expect(verdict(page)).toContainText('Paused at breakpoint'); // the TimerFired one
  await press(page, 'r');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
});

test('steps back by re-executing to the previous activation', async ({ page }) => {
  await openApp(page);
  await openHistoryFile(page, SMORGASBORD, sample('sdk-typescript', SMORGASBORD));
  for (let i = 0; i < 3; i++) await press(page, 'n');
  await expect(position(page)).toHaveText('activation 3');
  const third = await page.locator('.event-row.current').first().getAttribute('data-event');
  await press(page, 'p');
  await expect(position(page)).toHaveText('activation 2');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'running');
  await expect(eventRow(page, Number(third))).not.toHaveClass(/current/);
  await press(page, 'n');
  await expect(position(page)).toHaveText('activation 3');
  await expect(eventRow(page, Number(third))).toHaveClass(/current/);
});

test('filters events by category and searches them with a regular expression', async ({ page }) => {
  const history = sample('sdk-typescript', SMORGASBORD);
  const total = jsonEvents(history).length;
  const timers = countTypes(
    history,
    'EVENT_TYPE_TIMER_STARTED',
    'EVENT_TYPE_TIMER_FIRED',
    'EVENT_TYPE_TIMER_CANCELED',
  );
  const activityDone = countTypes(history, 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED');
  await openApp(page);
  await openHistoryFile(page, SMORGASBORD, history);
  const count = page.getByTestId('event-count');
  await expect(count).toHaveText(`${total} events`);
  await page.getByRole('button', { name: 'Timer', exact: true }).click();
  await expect(count).toHaveText(`${timers} of ${total}`);
  await expect(page.locator('.event-row')).toHaveCount(timers);
  await page.getByRole('button', { name: 'Timer', exact: true }).click();
  await expect(count).toHaveText(`${total} events`);
  // Regular expression over type and summary.
  await page.getByRole('button', { name: '.*' }).click();
  await page.getByLabel('Search events').fill('^\\d+ ActivityTask(Completed)');
  await expect(count).toHaveText(`${activityDone} of ${total}`);
  await expect(page.locator('.event-row .type')).toHaveText(
    Array(activityDone).fill('ActivityTaskCompleted'),
  );
  // A broken expression says so and keeps the list.
  await page.getByLabel('Search events').fill('Activity(');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Invalid regular expression' }),
  ).toBeVisible();
  await screenshot(page, 'event-filter');
  // Jump to an event id.
  await page.getByLabel('Search events').fill('');
  await page.getByLabel('Go to event id').fill('29');
  await page.getByLabel('Go to event id').press('Enter');
  await expect(page.getByTestId('event-detail')).toContainText('Event 29');
});

test('reload restores the session: sources, cursor, breakpoints and selection', async ({
  page,
}) => {
  await openApp(page);
  await openHistoryFile(page, SMORGASBORD, sample('sdk-typescript', SMORGASBORD));
  await press(page, 'n');
  await press(page, 'n');
  await expect(position(page)).toHaveText('activation 2');
  await eventRow(page, 15).getByRole('button').click();
  await expect(page.getByTestId('breakpoint-count')).toHaveText('1');
  await eventRow(page, 10).click();
  await expect(page.getByTestId('event-detail')).toContainText('Event 10');
  await sessionSaved(
    page,
    (s) =>
      (s['cursor'] as { step?: number })?.step === 1 &&
      (s['breakpoints'] as unknown[]).length === 1 &&
      (s['selection'] as { eventId?: number })?.eventId === 10,
  );
  await page.reload();
  await expect(page.getByTestId('history-label')).toContainText(SMORGASBORD);
  await expect(position(page)).toHaveText('activation 2');
  await expect(page.getByTestId('breakpoint-count')).toHaveText('1');
  await expect(page.getByTestId('event-detail')).toContainText('Event 10');
  await expect(eventRow(page, 10)).toHaveClass(/selected/);
});
