/**
 * The Foundation behaviours, carried into the debugger: the bundled example loads in the worker
 * and its first workflow task completes with the decoded greeting; a new run takes other input;
 * bad components give clear errors and keep what was loaded.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  coreModule,
  helloComponent,
  randomBytes,
  wrongWorldComponent,
} from '../test/host/fixtures.ts';
import { GREETING, openApp, pickExample, screenshot } from './helpers.ts';

async function openLoadedExample(page: Page) {
  await openApp(page);
  await pickExample(page, 'hello');
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('result')).toHaveText(GREETING);
}

test('loads the bundled example component in a worker and shows its decoded completion', async ({
  page,
}) => {
  await openLoadedExample(page);
  await expect(page.getByTestId('workflow-types')).toContainText('greet');
  await expect(page.getByTestId('completion')).toContainText('CompleteWorkflowExecution');
  await page.getByRole('tab', { name: 'Host trace' }).click();
  const trace = page.getByTestId('trace');
  await expect(trace).toContainText('instantiate');
  await expect(trace).toContainText('terminal: completed');
  await screenshot(page, 'foundation');
});

test('the built page runs under its Content-Security-Policy: components load, inline scripts do not run', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  // Transpiling and running the example component needs wasm, workers and a blob: module.
  await openLoadedExample(page);
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toContain("script-src 'self' blob: 'wasm-unsafe-eval' 'unsafe-eval'");
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.body.append(script);
    return (window as { inlineRan?: boolean }).inlineRan === true;
  });
  expect(ran).toBe(false);
  expect(violations.filter((v) => !v.includes('inline'))).toEqual([]);
});

test('runs the workflow again with a different input', async ({ page }) => {
  await openLoadedExample(page);
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: /New run of the component/ }).click();
  await page.getByLabel('Input (JSON array of arguments)').fill('["Wasm"]');
  await page.getByRole('button', { name: 'Run first workflow task' }).click();
  await expect(page.getByTestId('result')).toHaveText('"Hello, Wasm! (from greet)"');
});

const badComponents: Array<[string, string, () => Promise<Uint8Array>, string, RegExp]> = [
  [
    'random bytes',
    'noise.wasm',
    async () => randomBytes(4096),
    'not-wasm',
    /noise\.wasm is not WebAssembly: it starts with bytes/,
  ],
  [
    'a truncated component',
    'truncated.wasm',
    async () => (await helloComponent()).subarray(0, 200_000),
    'invalid-component',
    /truncated\.wasm is not a valid component: /,
  ],
  [
    'a component of another world',
    'other.wasm',
    wrongWorldComponent,
    'wrong-world',
    /does not implement world temporal:workflow-runtime\/workflow-module@0\.1\.0: it exports greet/,
  ],
  [
    'a core module',
    'other.wasm',
    coreModule,
    'core-module',
    /is a core WebAssembly module, not a component/,
  ],
];

for (const [what, name, make, code, message] of badComponents) {
  test(`${what} gives a clear error and keeps the loaded example`, async ({ page }) => {
    await openLoadedExample(page);
    await page
      .getByTestId('component-file')
      .setInputFiles({ name, mimeType: 'application/wasm', buffer: Buffer.from(await make()) });
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load the component' });
    await expect(alert).toHaveAttribute('data-error-code', code);
    await expect(alert).toContainText(message);
    await expect(alert).toContainText('Still using hello.wasm.');
    // Nothing is lost: the previous component and its run are still there.
    await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
    await expect(page.getByTestId('result')).toHaveText(GREETING);
    if (code === 'wrong-world') await screenshot(page, 'bad-component');
  });
}
