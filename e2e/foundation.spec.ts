import { expect, test, type Page } from '@playwright/test';
import {
  coreModule,
  helloComponent,
  randomBytes,
  wrongWorldComponent,
} from '../test/host/fixtures.ts';

const GREETING = '"Hello, Temporal! (from greet)"';

async function openLoadedExample(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
  await expect(page.getByTestId('result')).toHaveText(GREETING);
}

test('loads the bundled example component in a worker and shows its decoded completion', async ({
  page,
}) => {
  await openLoadedExample(page);
  await expect(page.getByTestId('workflow-types')).toContainText('greet');
  await expect(page.getByTestId('completion')).toContainText('CompleteWorkflowExecution');
  const trace = page.getByTestId('trace');
  await expect(trace).toContainText('instantiate');
  await expect(trace).toContainText('terminal: completed');
  await page.screenshot({ path: 'test-results/screens/foundation.png', fullPage: true });
});

test('runs the workflow again with a different input', async ({ page }) => {
  await openLoadedExample(page);
  await page.getByLabel('Input (JSON array of arguments)').fill('["Wasm"]');
  await page.getByRole('button', { name: 'Run first workflow task' }).click();
  await expect(page.getByTestId('result')).toHaveText('"Hello, Wasm! (from greet)"');
});

const badComponents: Array<[string, () => Promise<Uint8Array>, string, RegExp]> = [
  [
    'random bytes',
    async () => randomBytes(4096),
    'not-wasm',
    /noise\.wasm is not WebAssembly: it starts with bytes/,
  ],
  [
    'a truncated component',
    async () => (await helloComponent()).subarray(0, 200_000),
    'invalid-component',
    /truncated\.wasm is not a valid component: /,
  ],
  [
    'a component of another world',
    wrongWorldComponent,
    'wrong-world',
    /does not implement world temporal:workflow-runtime\/workflow-module@0\.1\.0: it exports greet/,
  ],
  ['a core module', coreModule, 'core-module', /is a core WebAssembly module, not a component/],
];

for (const [what, make, code, message] of badComponents) {
  test(`${what} gives a clear error and keeps the loaded example`, async ({ page }) => {
    await openLoadedExample(page);
    const name =
      what === 'random bytes'
        ? 'noise.wasm'
        : what === 'a truncated component'
          ? 'truncated.wasm'
          : 'other.wasm';
    await page
      .getByTestId('component-file')
      .setInputFiles({ name, mimeType: 'application/wasm', buffer: Buffer.from(await make()) });
    const alert = page.getByRole('alert');
    await expect(alert).toHaveAttribute('data-error-code', code);
    await expect(alert).toContainText(message);
    // Nothing is lost: the previous component and its run are still there.
    await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
    await expect(page.getByTestId('result')).toHaveText(GREETING);
    if (code === 'wrong-world')
      await page.screenshot({ path: 'test-results/screens/bad-component.png', fullPage: true });
  });
}
