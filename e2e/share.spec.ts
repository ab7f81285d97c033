/**
 * Sharing a session as a user does: Share in one browser, open the link or the bundle in
 * another (a fresh browser context: no storage in common), and see the same cursor, breakpoints,
 * filter and selection. Links naming a history and a component by URL are served by a real HTTP
 * server on another origin. Broken links, made here by hand with Node's zlib (test/share/craft.ts)
 * or by cutting a real one, each say what is wrong while the page keeps its session.
 *
 * Expected values come from the history files (event ids and types counted in them), never from
 * this app's output.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { helloComponent } from '../test/host/fixtures.ts';
import { REPO } from '../test/paths.ts';
import { craftFragment, craftPayload } from '../test/share/craft.ts';
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
} from './helpers.ts';

const SMORGASBORD = 'otel_smorgasbord_1_13_1.json';

const idOf = (json: Buffer, type: string) =>
  Number(jsonEvents(json).find((e) => e.eventType === `EVENT_TYPE_${type}`)!.eventId);

const eventRow = (page: Page, id: number) =>
  page.getByTestId('event-list').locator(`[data-event="${id}"]`);

const shareBanner = (page: Page) =>
  page.getByRole('alert').filter({ hasText: /Could not open the (shared link|bundle)/ });

/**
 * The session under test, on the smorgasbord history: cursor at activation 3, a breakpoint on
 * event 15 (the signal) and one on every TimerFired, the Timer category filtered by a
 * case-sensitive regular expression, and the TimerFired event selected.
 */
const history = sample('sdk-typescript', SMORGASBORD);
const total = jsonEvents(history).length;
const signaled = idOf(history, 'WORKFLOW_EXECUTION_SIGNALED');
const timerFired = idOf(history, 'TIMER_FIRED');
const timerEvents = jsonEvents(history).filter((e) =>
  /^EVENT_TYPE_TIMER_/.test(e.eventType),
).length;

async function prepareSession(page: Page): Promise<void> {
  await openHistoryFile(page, SMORGASBORD, history);
  for (let i = 0; i < 3; i++) await press(page, 'n');
  await expect(position(page)).toHaveText('activation 3');
  await eventRow(page, signaled).getByRole('button').click();
  await page.getByLabel('Event type').selectOption('TimerFired');
  await page.getByRole('button', { name: '● break on type' }).click();
  await page.getByLabel('Event type').selectOption('');
  await expect(page.getByTestId('breakpoint-count')).toHaveText('2');
  await page.getByRole('button', { name: 'Timer', exact: true }).click();
  await page.getByRole('button', { name: '.*' }).click();
  await page.getByRole('button', { name: 'Aa' }).click();
  await page.getByLabel('Search events').fill('Timer(Started|Fired)');
  await eventRow(page, timerFired).click();
  await expectSession(page);
}

/** What a user sees of that session. */
async function expectSession(page: Page): Promise<void> {
  await expect(page.getByTestId('history-label')).toContainText(SMORGASBORD);
  await expect(position(page)).toHaveText('activation 3');
  await expect(page.getByTestId('breakpoint-count')).toHaveText('2');
  await page.getByTitle('Breakpoints', { exact: true }).click();
  await expect(page.getByRole('menuitem', { name: `Event ${signaled}` })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Every TimerFired event' })).toBeVisible();
  await page.getByTitle('Breakpoints', { exact: true }).click(); // closes the menu
  await expect(page.getByRole('button', { name: 'Timer', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByRole('button', { name: '.*' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Aa' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('Search events')).toHaveValue('Timer(Started|Fired)');
  await expect(page.getByTestId('event-count')).toHaveText(`${timerEvents} of ${total}`);
  await expect(page.getByTestId('event-detail')).toContainText(`Event ${timerFired}`);
  await expect(eventRow(page, timerFired)).toHaveClass(/selected/);
}

async function openShareDialog(page: Page) {
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this session' });
  await expect(dialog.getByText(/^It opens this history/)).toBeVisible();
  return dialog;
}

/** A page in a browser context of its own: nothing remembered, as on the receiver's machine. */
async function receiverPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function waitReady(page: Page) {
  await expect(page.locator('body[data-ready]')).toBeAttached();
  await idle(page);
}

test('a link from a stepped, filtered session with breakpoints reopens it in another browser', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('hello');
  await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
  await idle(page);
  await prepareSession(page);
  const dialog = await openShareDialog(page);
  const link = await dialog.getByTestId('share-link').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#share=v1\.\d+\.[A-Za-z0-9_-]+$/);
  await expect(dialog.getByTestId('share-size')).toHaveText(
    new RegExp(`^${link.length.toLocaleString('en-US')} characters · session `),
  );
  await expect(dialog).toContainText('Component: the bundled example hello.');
  await screenshot(page, 'share-link');

  const other = await receiverPage(browser);
  await other.goto(link);
  await waitReady(other);
  await expect(other.getByTestId('component-label')).toHaveText('hello.wasm');
  await expectSession(other);
  // Opened once: the fragment is gone, so a reload shows where the receiver got to.
  expect(new URL(other.url()).hash).toBe('');
  await other.context().close();
});

test('a bundle of the same session, component included, opens by drop in another browser', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await page.getByTestId('component-file').setInputFiles({
    name: 'hello.wasm',
    mimeType: 'application/wasm',
    buffer: Buffer.from(await helloComponent()),
  });
  await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
  await prepareSession(page);
  const dialog = await openShareDialog(page);
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download bundle' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('otel_smorgasbord_1_13_1.wpbundle');
  const bundle = readFileSync((await download.path())!);
  expect(bundle.subarray(0, 8).toString('latin1')).toBe('WPBUNDLE');
  await expect(dialog.getByTestId('share-saved')).toContainText(
    'Saved otel_smorgasbord_1_13_1.wpbundle',
  );

  const other = await receiverPage(browser);
  await other.goto(page.url());
  await waitReady(other);
  await dropFiles(other, [{ name: download.suggestedFilename(), buffer: bundle }]);
  await expect(other.getByTestId('component-label')).toHaveText('hello.wasm');
  await expectSession(other);
  await idle(other);
  // Recognised by its bytes, not its name: picked as a "history" called anything.
  await other.getByLabel('Example').selectOption('hello');
  await idle(other);
  await other.getByTestId('history-file').setInputFiles({
    name: 'from-chat',
    mimeType: 'application/octet-stream',
    buffer: bundle,
  });
  await expectSession(other);
  await other.context().close();
});

test('a link naming a local component asks the receiver for that file and checks it', async ({
  page,
  browser,
}) => {
  const hello = Buffer.from(await helloComponent());
  await openApp(page);
  await page.getByTestId('component-file').setInputFiles({
    name: 'hello.wasm',
    mimeType: 'application/wasm',
    buffer: hello,
  });
  // hello.bin is what the hello example records (e2e/make-fixtures.ts): it replays with the code.
  await openHistoryFile(page, 'hello.bin', fixture('hello.bin'));
  await press(page, '.');
  await press(page, '.');
  await expect(position(page)).toHaveText('activation 1 · call 2');
  const dialog = await openShareDialog(page);
  await expect(dialog.getByTestId('share-local-component')).toContainText(
    'The component hello.wasm is a file on your machine',
  );
  const link = await dialog.getByTestId('share-link').inputValue();

  const other = await receiverPage(browser);
  await other.goto(link);
  const ask = other.getByRole('dialog', { name: 'Pick the shared component' });
  await expect(ask).toContainText('This shared session runs hello.wasm');
  await other.getByTestId('shared-component-file').setInputFiles({
    name: 'hello-activity.wasm',
    mimeType: 'application/wasm',
    buffer: readFileSync(join(REPO, 'public', 'examples', 'hello-activity.wasm')),
  });
  await expect(ask.getByRole('alert')).toContainText(
    'hello-activity.wasm is not the file this session was shared with',
  );
  await screenshot(other, 'share-pick-component');
  await other.getByTestId('shared-component-file').setInputFiles({
    name: 'my-hello.wasm',
    mimeType: 'application/wasm',
    buffer: hello,
  });
  await expect(ask).toHaveCount(0);
  await waitReady(other);
  await expect(other.getByTestId('component-label')).toHaveText('my-hello.wasm');
  await expect(other.getByTestId('history-label')).toContainText('hello.bin');
  await expect(other.getByRole('radio', { name: 'With component' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await expect(position(other)).toHaveText('activation 1 · call 2');
  await other.context().close();
});

/** Serves `files`; with CORS only under /cors/ (the header a host must send for this to work). */
async function staticServer(
  files: Record<string, Buffer>,
): Promise<{ base: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const body = files[path.replace(/^\/(cors|private)/, '')];
    res.writeHead(body ? 200 : 404, {
      'Content-Type': 'application/octet-stream',
      ...(path.startsWith('/cors/') && { 'Access-Control-Allow-Origin': '*' }),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('#history= and #component= URLs open from another origin that allows it (CORS)', async ({
  page,
}) => {
  const timer = sample('sdk-core', 'timer_workflow_history.bin');
  const { base, server } = await staticServer({
    '/timer.bin': timer,
    '/hello.wasm': readFileSync(join(REPO, 'public', 'examples', 'hello.wasm')),
  });
  try {
    const historyUrl = `${base}/cors/timer.bin`;
    await openApp(page, `/#history=${historyUrl}&component=${base}/cors/hello.wasm&step=1&event=5`);
    await expect(page.getByTestId('history-label')).toContainText(historyUrl);
    await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
    await expect(position(page)).toHaveText('activation 2');
    await expect(page.getByTestId('event-detail')).toContainText('Event 5');
    expect(new URL(page.url()).hash).toBe('');

    // A server that does not allow other origins: the browser refuses, the page says why.
    await page.evaluate((url) => (location.hash = `history=${url}`), `${base}/private/timer.bin`);
    await expect(shareBanner(page)).toContainText('Access-Control-Allow-Origin');
    await expect(shareBanner(page)).toHaveAttribute('data-error-code', 'fetch-failed');
    await expect(page.getByTestId('history-label')).toContainText(historyUrl);
    await expect(position(page)).toHaveText('activation 2');
  } finally {
    server.close();
  }
});

test('damaged, cut-off, oversized and bomb-like links each say what is wrong; the session stays', async ({
  page,
}) => {
  await openApp(page);
  await openHistoryFile(page, SMORGASBORD, history);
  await press(page, 'n');
  await press(page, 'n');
  await eventRow(page, 10).click();
  const dialog = await openShareDialog(page);
  const link = await dialog.getByTestId('share-link').inputValue();
  await page.keyboard.press('Escape');
  const fragment = link.slice(link.indexOf('#') + 1);

  const kept = async () => {
    await expect(page.getByTestId('history-label')).toContainText(SMORGASBORD);
    await expect(position(page)).toHaveText('activation 2');
    await expect(page.getByTestId('event-detail')).toContainText('Event 10');
    await expect(shareBanner(page)).toContainText(`Still showing ${SMORGASBORD}.`);
  };
  const open = (hash: string) => page.evaluate((h) => (location.hash = h), hash);

  // Damaged: characters in the middle of the data replaced (the zlib checksum catches it).
  const at = Math.floor(fragment.length / 2);
  const swap = fragment.slice(at, at + 8) === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
  await open(fragment.slice(0, at) + swap + fragment.slice(at + 8));
  await expect(shareBanner(page)).toHaveAttribute('data-error-code', 'damaged');
  await expect(shareBanner(page)).toContainText('The link is damaged');
  await kept();
  await screenshot(page, 'share-bad-link');

  // Cut off, as a chat app or a terminal might.
  await open(fragment.slice(0, Math.floor(fragment.length * 0.6)));
  await expect(shareBanner(page)).toHaveAttribute('data-error-code', 'truncated');
  await expect(shareBanner(page)).toContainText('The link is cut off');
  await kept();

  // Longer than any link Workflow Playground writes.
  const long = `share=v1.40000.${'A'.repeat(40_000)}`;
  await open(long);
  await expect(shareBanner(page)).toHaveAttribute('data-error-code', 'too-large');
  await expect(shareBanner(page)).toContainText(
    `The link is ${long.length.toLocaleString('en-US')} characters long`,
  );
  await kept();

  // A bomb: 16 MiB of zeros deflated into a link of about 22,000 characters.
  const bomb = craftFragment(
    craftPayload({
      state: { history: { kind: 'inline' }, mode: 'echo', cursor: { step: 0 } },
      history: new Uint8Array(16 * 2 ** 20),
    }),
  );
  expect(bomb.length).toBeLessThan(30_000);
  await open(bomb.slice(1));
  await expect(shareBanner(page)).toHaveAttribute('data-error-code', 'too-large');
  await expect(shareBanner(page)).toContainText('The link decompresses to more than 8 MiB');
  await kept();

  // The same at start-up: the link fails, the last session is restored.
  await sessionSaved(
    page,
    (s) =>
      (s['cursor'] as { step?: number })?.step === 1 &&
      (s['selection'] as { eventId?: number })?.eventId === 10,
  );
  expect(new URL(page.url()).hash).toBe(bomb);
  await page.reload();
  await waitReady(page);
  await expect(shareBanner(page)).toContainText('The link decompresses to more than 8 MiB');
  await expect(page.getByTestId('history-label')).toContainText(SMORGASBORD);
  await expect(position(page)).toHaveText('activation 2');
});

test('a session too large for a link offers a bundle, which opens', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await openHistoryFile(page, 'long-50000.bin', fixture('long-50000.bin'));
  await press(page, 'n');
  const dialog = await openShareDialog(page);
  await expect(dialog.getByTestId('share-too-large')).toContainText(
    'Too large for a link. This session needs a link of',
  );
  await expect(dialog.getByTestId('share-too-large')).toContainText('links hold at most 30,000');
  await expect(dialog.getByTestId('share-link')).toHaveCount(0);
  await screenshot(page, 'share-too-large');
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download bundle' }).click();
  const download = await downloading;
  const bundle = readFileSync((await download.path())!);

  const other = await receiverPage(browser);
  await other.goto(page.url());
  await waitReady(other);
  await other.getByTestId('bundle-file').setInputFiles({
    name: download.suggestedFilename(),
    mimeType: 'application/octet-stream',
    buffer: bundle,
  });
  await expect(other.getByTestId('history-label')).toContainText('long-50000.bin');
  await expect(other.getByTestId('history-label')).toContainText('50,000 events');
  await expect(position(other)).toHaveText('activation 1');
  await other.context().close();
});
