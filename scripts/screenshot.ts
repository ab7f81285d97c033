/**
 * `npx tsx scripts/screenshot.ts [--all]`: serves the production build (run `npm run build`
 * first) and screenshots the debugger in Debian's Chromium. Writes docs/screenshot.png (the
 * nondeterministic example at its first divergence, as the README shows it); with --all, also
 * every main view in light and dark to test-results/screens/ for review.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.ts';
import { startPreview } from './preview-server.ts';
import { History } from '../src/engine/proto/index.ts';
import { HistoryBuilder } from '../test/history-builder.ts';
import { timerLoopHistoryBytes } from '../test/long-history.ts';
import { historiesDir, REPO } from '../test/paths.ts';

const all = process.argv.includes('--all');
const PORT = 4296;
const OUT = join(REPO, 'test-results', 'screens');

function timerFirst(): Buffer {
  const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
  const timer = b.timerStarted('1');
  b.timerFired('1', timer).workflowTask().completed('x');
  return Buffer.from(History.encode({ events: b.events }));
}

const idle = (page: Page) =>
  page.waitForFunction(() => !document.body.dataset['busy'], undefined, { timeout: 120_000 });

async function key(page: Page, k: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(k);
  await idle(page);
}

async function openFile(page: Page, testId: string, name: string, buffer: Buffer) {
  await page
    .getByTestId(testId)
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
  await idle(page);
  await page.waitForTimeout(200);
}

type View = [name: string, show: (page: Page) => Promise<void>];

async function openExample(page: Page, id: string) {
  await page.getByLabel('Example').selectOption(id);
  await page
    .getByTestId('component-label')
    .filter({ hasText: `${id}.wasm` })
    .waitFor();
  await idle(page);
  await page.waitForTimeout(200);
}

async function goToEvent(page: Page, id: number) {
  await page.getByLabel('Go to event id').fill(String(id));
  await page.getByLabel('Go to event id').press('Enter');
  await idle(page);
}

const VIEWS: View[] = [
  // The nondeterministic example: version 1's run replayed by version 4, at its divergence.
  ['divergence', (page) => openExample(page, 'patching-4-forgot-patch')],
  ['example', (page) => openExample(page, 'hello-activity')],
  [
    'timeline-signals',
    async (page) => {
      await openExample(page, 'signals-queries');
      // The approve signal's routine in workflow task 2, in the host trace.
      await page.locator('[data-task-column="1"] .mark.progress').last().click();
      await idle(page);
    },
  ],
  [
    'failure-chain',
    async (page) => {
      await openExample(page, 'saga');
      await goToEvent(page, 35);
    },
  ],
  [
    'event-filter',
    async (page) => {
      await page.getByRole('button', { name: 'Activity', exact: true }).click();
      await page.getByRole('button', { name: '.*' }).click();
      await page.getByLabel('Search events').fill('book(Car|Hotel)');
      await page.waitForTimeout(400);
      await idle(page);
    },
  ],
  [
    'share',
    async (page) => {
      await page.getByLabel('Search events').fill('');
      await page.getByRole('button', { name: 'Activity', exact: true }).click();
      await page.getByRole('button', { name: /Share/ }).click();
      await page.getByRole('dialog').waitFor();
      await idle(page);
      await page.waitForTimeout(300);
    },
  ],
  [
    'simulate',
    async (page) => {
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Open' }).click();
      await page.getByRole('menuitem', { name: /Simulate a run/ }).click();
      await page.locator('.monaco-editor').waitFor();
      await page.waitForTimeout(500);
    },
  ],
  [
    'stepping',
    async (page) => {
      await page.keyboard.press('Escape');
      const name = 'otel_smorgasbord_1_13_1.json';
      await openFile(
        page,
        'history-file',
        name,
        readFileSync(join(historiesDir('sdk-typescript'), name)),
      );
      for (let i = 0; i < 4; i++) await key(page, 'n');
    },
  ],
  [
    'event',
    async (page) => {
      await page.getByLabel('Go to event id').fill('6');
      await page.getByLabel('Go to event id').press('Enter');
      await idle(page);
    },
  ],
  [
    'host-trace',
    async (page) => {
      await openFile(page, 'history-file', 'greet.bin', timerFirst());
      await key(page, 'n');
      await page.getByRole('tab', { name: 'Host trace' }).click();
      await idle(page);
    },
  ],
  [
    'paste',
    async (page) => {
      await page.getByRole('button', { name: 'Open' }).click();
      await page.getByRole('menuitem', { name: 'Paste history…' }).click();
      await page.locator('.monaco-editor').waitFor();
      const json = JSON.parse(
        readFileSync(
          join(historiesDir('sdk-typescript'), 'cancel_fake_progress_history.json'),
          'utf8',
        ),
      ) as { events: Array<Record<string, unknown>> };
      json.events[4]!['eventId'] = '7';
      await page.locator('.monaco-editor .view-lines').click();
      await page.evaluate(
        (text) => {
          const data = new DataTransfer();
          data.setData('text/plain', text);
          document.activeElement!.dispatchEvent(
            new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
          );
        },
        JSON.stringify(json, null, 2),
      );
      await page.getByTestId('paste-error').waitFor();
      await page.getByTestId('paste-error-at').click();
      await page.waitForTimeout(300);
    },
  ],
  [
    'large',
    async (page) => {
      await page.keyboard.press('Escape');
      await openFile(
        page,
        'history-file',
        'sleep-loop-50000.bin',
        Buffer.from(timerLoopHistoryBytes(50_000)),
      );
      await key(page, 'r');
      await key(page, '-');
      await key(page, '-');
    },
  ],
];

const server = await startPreview(PORT);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  mkdirSync(OUT, { recursive: true });
  for (const theme of all ? (['light', 'dark'] as const) : (['light'] as const)) {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      colorScheme: theme,
    });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    // tsx keeps function names with a helper the functions we evaluate in the page refer to.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset['ready'] === 'true', undefined, {
      timeout: 120_000,
    });
    for (const [name, show] of all ? VIEWS : VIEWS.slice(0, 1)) {
      await show(page);
      if (name === 'divergence' && theme === 'light') {
        await page.screenshot({ path: join(REPO, 'docs', 'screenshot.png') });
        console.log('wrote docs/screenshot.png');
      }
      if (all) {
        await page.screenshot({ path: join(OUT, `${name}-${theme}.png`) });
        console.log(`wrote test-results/screens/${name}-${theme}.png`);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.stop();
}
