/**
 * History-only replay in the page of histories the real Go and Java SDKs recorded
 * (test/fixtures/recorded/): the component open has no such workflow type, so the history
 * replays alone, to its end, with each marker and each UUID timer id shown as not checked (in the
 * determinism panel and on the timeline), never as a divergence or a missing command.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from '../test/paths.ts';
import { idle, openApp, openHistoryFile, press, screenshot, verdict } from './helpers.ts';

const recorded = (file: string) => readFileSync(join(REPO, 'test', 'fixtures', 'recorded', file));

const cases = [
  {
    file: 'go/go-changes.json',
    // The first task's commands: 2 Version markers (each with its search attribute upsert),
    // 2 MutableSideEffect markers, the failed local activity's marker, 2 timers.
    notChecked: 5,
    shows: [
      'Go Version marker: change id "first-change", version 2',
      'Go MutableSideEffect marker: id "setting": value 2',
      'Go LocalActivity marker: local activity "Refuse" (id "1"): failed: "refused"',
    ],
  },
  {
    file: 'java/java-greeting.json',
    // Version, SideEffect, MutableSideEffect and LocalActivity markers, and the UUID timer.
    notChecked: 5,
    shows: [
      'Java SideEffect marker: value 42',
      'Java MutableSideEffect marker: id "config": value "blue"',
      'timer id "',
    ],
  },
];

for (const { file, notChecked, shows } of cases) {
  test(`${file}: replayed to its end history-only, its markers not checked`, async ({ page }) => {
    await openApp(page);
    const name = file.split('/')[1]!;
    await openHistoryFile(page, name, recorded(file));
    await press(page, 'r');
    await idle(page);
    await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
    await expect(verdict(page)).toHaveText('Replayed (history only)');
    // The first task's determinism: its markers (event 5 on) are not checked, nothing differs.
    await page.getByLabel('Go to event id').fill('5');
    await page.getByLabel('Go to event id').press('Enter');
    await page.getByRole('tab', { name: 'Determinism' }).click();
    const panel = page.getByTestId('determinism');
    await expect(panel).toContainText('Workflow task 1');
    const rows = page.getByTestId('expected-vs-actual').locator('tbody tr');
    await expect(rows.filter({ hasText: '? not checked' })).toHaveCount(notChecked);
    await expect(rows.filter({ hasText: '✕' })).toHaveCount(0);
    for (const text of shows) await expect(panel).toContainText(text);
    // The timeline draws the markers as taken without a check, not as missing commands.
    await expect(page.locator('.chip.recorded[data-event="5"]')).toHaveClass(/status-not-checked/);
    await expect(page.locator('.chip.recorded.status-missing')).toHaveCount(0);
    await screenshot(page, `other-sdks-${name.replace('.json', '')}`);
  });
}
