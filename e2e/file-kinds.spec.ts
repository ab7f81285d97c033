/**
 * Files are told apart by their bytes, the same way on every path (drop, Open › History file,
 * Open › Component file); bytes that are neither WebAssembly nor a history are explained by the
 * reader their name points to.
 */
import { expect, test } from '@playwright/test';
import { helloComponent } from '../test/host/fixtures.ts';
import { appAlerts, dropFiles, fixture, idle, openApp } from './helpers.ts';

const RANDOM = Buffer.from([0xb1, 0x92, 0x3b, 0x51, 0x07, 0xee, 0x10, 0x42, 0x99, 0x00, 0x7f]);

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await idle(page);
});

test('a dropped .wasm of random bytes is refused as WebAssembly, not read as a history', async ({
  page,
}) => {
  await dropFiles(page, [{ name: 'random.wasm', buffer: RANDOM }]);
  const banner = page.getByRole('alert').filter({ hasText: 'Could not load the component' });
  await expect(banner).toContainText(
    'random.wasm is not WebAssembly: it starts with bytes b1 92 3b 51',
  );
  await expect(
    page.getByRole('alert').filter({ hasText: 'Could not open the history' }),
  ).toHaveCount(0);
  // The same bytes picked with Open › Component file say the same.
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
  await page.getByTestId('component-file').setInputFiles({
    name: 'random.wasm',
    mimeType: 'application/octet-stream',
    buffer: RANDOM,
  });
  await expect(banner).toContainText('it starts with bytes b1 92 3b 51');
});

test('a component picked as a history, and a history picked as a component, open as what they are', async ({
  page,
}) => {
  await page.getByTestId('history-file').setInputFiles({
    name: 'hello-copy.wasm',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(await helloComponent()),
  });
  await expect(page.getByTestId('component-label')).toHaveText('hello-copy.wasm');
  await idle(page);
  await page.getByTestId('component-file').setInputFiles({
    name: 'greet-history.bin',
    mimeType: 'application/octet-stream',
    buffer: fixture('hello.bin'),
  });
  await expect(page.getByTestId('history-label')).toContainText('greet-history.bin');
  await expect(page.getByTestId('component-label')).toHaveText('hello-copy.wasm');
  // An empty list, so a failure prints the alerts' texts.
  await expect(appAlerts(page)).toHaveText([]);
});

test('the Open menu closes on Escape and when a file is dropped', async ({ page }) => {
  const open = page.getByRole('button', { name: 'Open' });
  await open.click();
  await expect(page.getByRole('menu')).toBeVisible();
  // The focus is still on the menu button after the click.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await open.click();
  await expect(page.getByRole('menu')).toBeVisible();
  await dropFiles(page, [{ name: 'greet-history.bin', buffer: fixture('hello.bin') }]);
  await expect(page.getByTestId('history-label')).toContainText('greet-history.bin');
  await expect(page.getByRole('menu')).toHaveCount(0);
});
