/**
 * The first screen (issue 19 item 3): a first visit opens on the start page and stays there (no
 * example replaces it moments later), offers the ways to open a history, the recent sources and
 * the examples as cards; the brand button brings it back over an open session.
 */
import { expect, test } from '@playwright/test';
import {
  idle,
  openApp,
  pickExample,
  sample,
  savedSession,
  screenshot,
  sessionSaved,
} from './helpers.ts';

test('a first visit shows one stable start page: open, paste, examples to pick', async ({
  page,
}) => {
  // Every main area the page ever draws, from the first render on.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { seenMain: string[] }).seenMain = seen;
    new MutationObserver(() => {
      const main = document.querySelector('.app > main');
      const what = main ? `${main.className}:${main.querySelector('h2')?.textContent ?? ''}` : '';
      if (seen.at(-1) !== what) seen.push(what);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  const start = page.getByTestId('start-page');
  await expect(start.getByRole('heading', { name: 'Open a workflow history' })).toBeVisible();
  await expect(start.getByRole('button', { name: 'Choose files…' })).toBeVisible();
  await expect(start.getByRole('button', { name: 'Paste JSON…' })).toBeVisible();
  await expect(start.getByRole('button', { name: 'From a URL…' })).toBeVisible();
  const cards = start.locator('.example-card');
  const manifest = (await (await page.request.get('/examples/index.json')).json()) as {
    examples: Array<{ id: string; title: string }>;
  };
  await expect(cards).toHaveCount(manifest.examples.length);
  await expect(cards.first()).toContainText(manifest.examples[0]!.title);
  // Nothing was opened for the user: no component, no history.
  await expect(page.getByTestId('component-label')).toHaveCount(0);
  await expect(page.getByTestId('history-label')).toHaveText(/none/);
  // Start-up is over and the main area only ever went from blank to the start page.
  const seen = await page.evaluate(() => (window as unknown as { seenMain: string[] }).seenMain);
  expect(seen.filter((s) => s !== '' && !s.startsWith('start-page quiet'))).toEqual([
    'start-page:Open a workflow history',
  ]);
  await screenshot(page, 'start-page-light');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await screenshot(page, 'start-page-dark');
});

test('paste on the start page opens the history; the brand button lists it under Recent', async ({
  page,
}) => {
  await openApp(page);
  const text = sample('sdk-typescript', 'otel_smorgasbord_1_13_1.json').toString('utf8');
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.setData('text/plain', content);
    document.body.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
  await expect(page.getByTestId('history-label')).toContainText('pasted history');
  await idle(page);
  await page.getByRole('button', { name: 'Workflow Playground' }).click();
  const start = page.getByTestId('start-page');
  const recent = start.getByRole('region', { name: 'Recent' });
  await expect(recent.getByRole('button')).toHaveCount(1);
  await expect(recent.getByRole('button')).toContainText('pasted history');
  // The session stays open behind the start page.
  await start.getByRole('button', { name: /Back to pasted history/ }).click();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await page.getByRole('button', { name: 'Workflow Playground' }).click();
  await pickExample(page, 'hello-activity');
  await expect(page.getByTestId('start-page')).toHaveCount(0);
  await expect(page.getByTestId('history-label')).toContainText('simulated');
});

test('a returning visit reopens the last session, saying so, without the start page first', async ({
  page,
}) => {
  await openApp(page);
  await pickExample(page, 'hello');
  await sessionSaved(page, (s) => JSON.stringify(s['history']).includes('hello'));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { seenStart: string[] }).seenStart = seen;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="start-page"]')) seen.push('start page');
    }).observe(document, { subtree: true, childList: true });
  });
  await page.reload();
  await expect(page.locator('body[data-ready]')).toBeAttached();
  await idle(page);
  await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
  expect(
    await page.evaluate(() => (window as unknown as { seenStart: string[] }).seenStart),
  ).toEqual([]);
});

test('a damaged saved session is dropped: the page starts clean and says which field was wrong', async ({
  page,
}) => {
  await openApp(page);
  await pickExample(page, 'hello');
  await sessionSaved(page, (s) => JSON.stringify(s['history']).includes('hello'));
  // Storage damaged behind the page's back: the selection's event id is no longer a number.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const opened = indexedDB.open('workflow-playground');
        opened.onerror = () => reject(opened.error);
        opened.onsuccess = () => {
          const state = opened.result.transaction('state', 'readwrite').objectStore('state');
          const read = state.get('last-session');
          read.onsuccess = () => {
            const write = state.put(
              { ...read.result, selection: { kind: 'event', eventId: 'ten' } },
              'last-session',
            );
            write.onsuccess = () => resolve();
            write.onerror = () => reject(write.error);
          };
        };
      }),
  );
  await page.reload();
  await expect(page.locator('body[data-ready]')).toBeAttached();
  await idle(page);
  const banner = page.getByRole('alert').filter({ hasText: 'Session not restored' });
  await expect(banner).toContainText(
    'The saved last session is damaged (selection.eventId must be a whole number ≥ 1 (got "ten")) and was not restored.',
  );
  await expect(page.getByTestId('start-page')).toBeVisible();
  await expect(page.getByTestId('component-label')).toHaveCount(0);
  await screenshot(page, 'damaged-saved-session');
  // Dropped, not kept to fail again on the next visit.
  expect(await savedSession(page)).toBeUndefined();
});
