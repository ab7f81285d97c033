/**
 * Components that are not SDK-built: a guest importing WASI (answered deterministically, each read
 * reported as a hazard in the host trace) and a seed-ABI core module with no declared types.
 */
import { expect, test, type Page } from '@playwright/test';
import { guestComponent, watModule } from '../test/host/fixtures.ts';
import { idle, openApp, startNewRun } from './helpers.ts';

async function newRunOf(page: Page, name: string, bytes: Uint8Array, workflowType?: string) {
  await openApp(page);
  await startNewRun(page, { name, bytes }, workflowType);
  await idle(page);
}

test('a component importing WASI runs deterministically, its hazards in the host trace', async ({
  page,
}) => {
  await newRunOf(page, 'wasi-user.wasm', await guestComponent('wasi-user'));
  await page.getByRole('tab', { name: 'Run' }).click();
  // The run starts at 2026-01-01T00:00:00Z (the playground's virtual start time).
  await expect(page.getByTestId('result')).toContainText('"now":1767225600000');
  await page.getByRole('tab', { name: 'Host trace' }).click();
  await expect(page.getByTestId('trace')).toContainText(
    'guest read the wall clock during poll-routine(0)',
  );
  await page.screenshot({ path: 'test-results/screens/wasi-hazards.png', fullPage: true });
});

test('a seed-ABI core module runs any named workflow type and completes at once', async ({
  page,
}) => {
  await newRunOf(page, 'complete.wasm', await watModule('complete'), 'AnyType');
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('code-kind')).toContainText('seed-ABI core module');
  await expect(page.getByTestId('result')).toHaveText('"hi"');
});
