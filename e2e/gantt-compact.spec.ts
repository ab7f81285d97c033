/**
 * The wall-clock view and the compact event list (issue 19 items 11 and 12), read from a history
 * the TypeScript SDK recorded; the expected rows are counted from the file itself.
 */
import { expect, test } from '@playwright/test';
import { idle, openApp, openHistoryFile, press, sample, screenshot } from './helpers.ts';

const NAME = 'otel_smorgasbord_1_13_1.json';

interface JsonEvent {
  eventId: string;
  eventType: string;
  [attributes: string]: unknown;
}

const events = () =>
  (JSON.parse(sample('sdk-typescript', NAME).toString('utf8')) as { events: JsonEvent[] }).events;
const typeOf = (e: JsonEvent) =>
  e.eventType
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/_/g, '');
const attributes = (e: JsonEvent) =>
  (Object.entries(e).find(([k]) => k.endsWith('EventAttributes'))?.[1] ?? {}) as Record<
    string,
    unknown
  >;

/** What starts a span: the events every other event of an activity, timer, child… refers back to. */
const ROOTS = [
  'activitytaskscheduled',
  'timerstarted',
  'startchildworkflowexecutioninitiated',
  'signalexternalworkflowexecutioninitiated',
  'requestcancelexternalworkflowexecutioninitiated',
];

test('the wall clock draws activities, timers and children as bars; the cursor moves on it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page);
  await openHistoryFile(page, NAME, sample('sdk-typescript', NAME));
  const all = events();
  const roots = all.filter((e) => ROOTS.includes(typeOf(e)));
  await page.getByRole('tab', { name: 'Wall clock' }).click();
  const gantt = page.getByTestId('gantt');
  // One lane for the workflow tasks, one row per activity, timer, child, external signal.
  await expect(gantt.getByRole('grid')).toHaveAttribute('aria-rowcount', String(roots.length + 1));
  const activities = all.filter((e) => typeOf(e) === 'activitytaskscheduled');
  const firstActivity = activities[0]!;
  const name = (attributes(firstActivity)['activityType'] as { name: string }).name;
  const row = gantt.locator(`.gantt-row:has(.gantt-bar[data-event="${firstActivity.eventId}"])`);
  await expect(row.locator('.gantt-name')).toHaveText(`Activity ${name}`);
  // Nothing replayed yet: every bar waits, and no cursor.
  await expect(gantt.locator('.gantt-bar:not(.pending)')).toHaveCount(0);
  await expect(page.getByTestId('gantt-cursor')).toHaveCount(0);
  await screenshot(page, 'gantt-light');
  await press(page, 'r');
  await idle(page);
  await expect(gantt.locator('.gantt-bar.pending')).toHaveCount(0);
  await expect(page.getByTestId('gantt-cursor')).toBeVisible();
  // A bar selects the event that began it.
  await row.locator('.gantt-bar').click();
  await expect(page.getByTestId('event-detail')).toContainText(`ActivityTaskScheduled`);
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await screenshot(page, 'gantt-dark');
  // The task columns are one tab away, as they were.
  await page.getByRole('tab', { name: 'Workflow tasks' }).click();
  await expect(page.getByTestId('timeline')).toBeVisible();
});

test('the compact list folds each activity, timer, child and workflow task into one row', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page);
  await openHistoryFile(page, NAME, sample('sdk-typescript', NAME));
  const all = events();
  // Folded: every event that refers back to the one that began its span (and a task's start and
  // completion, which refer to its schedule).
  const folded = all.filter((e) => {
    const a = attributes(e);
    if (typeOf(e) === 'timerfired' || typeOf(e) === 'timercanceled') return true;
    return ['scheduledEventId', 'initiatedEventId'].some((f) => Number(a[f] ?? 0) > 0);
  });
  await page.getByRole('button', { name: 'Compact' }).click();
  const list = page.getByTestId('event-list');
  await expect(list).toHaveAttribute('aria-rowcount', String(all.length - folded.length));
  await expect(page.getByTestId('event-count')).toHaveText(
    `${all.length - folded.length} rows · ${all.length} events`,
  );
  // An activity's row: its outcome and how long it took, and the events it stands for.
  const activity = all.find((e) => typeOf(e) === 'activitytaskscheduled')!;
  const last = all.filter(
    (e) => Number(attributes(e)['scheduledEventId'] ?? 0) === Number(activity.eventId),
  );
  const row = list.locator(`.event-row[data-event="${activity.eventId}"]`);
  await expect(row.getByTestId('span-summary')).toContainText(
    `#${activity.eventId}–${last.at(-1)!.eventId}`,
  );
  await expect(row.getByTestId('span-summary')).toContainText(
    /^(completed|failed|canceled|timed-out)/,
  );
  await screenshot(page, 'compact-light');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await screenshot(page, 'compact-dark');
  await page.getByRole('button', { name: 'Compact' }).click();
  await expect(list).toHaveAttribute('aria-rowcount', String(all.length));
});
