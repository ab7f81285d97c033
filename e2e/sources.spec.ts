/**
 * Every way in: pasting a legacy history into the editor (with errors marked at the offending
 * event), opening from a URL served by a real HTTP server, and decoding payloads through a real
 * codec server. Bad input never discards the loaded session.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { startCodecServer } from '../test/codec-server.ts';
import {
  fixture,
  idle,
  openApp,
  openHistoryFile,
  pickExample,
  press,
  sample,
  screenshot,
  sessionSaved,
  verdict,
} from './helpers.ts';

const LEGACY = 'cancel_fake_progress_history.json';

async function openPasteDialog(page: Page) {
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: 'Paste history…' }).click();
  await expect(page.getByRole('dialog').locator('.monaco-editor')).toBeVisible();
}

/** A clipboard paste into the editor (typing would auto-indent every line). */
async function paste(page: Page, text: string) {
  // The dialog's editor (the source pane beside the timeline is another, read-only).
  await page.getByRole('dialog').locator('.monaco-editor .view-lines').click();
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.setData('text/plain', content);
    const target = document.activeElement ?? document.querySelector('.monaco-editor textarea');
    target!.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

test('pastes a legacy-format history into the editor and replays it', async ({ page }) => {
  const text = sample('sdk-typescript', LEGACY).toString('utf8');
  const events = (JSON.parse(text) as { events: unknown[] }).events.length;
  await openApp(page);
  await openPasteDialog(page);
  await paste(page, text);
  await expect(page.getByTestId('paste-status')).toHaveText(
    `✓ ${events} events, legacy JSON · 1 warning(s)`,
  );
  await screenshot(page, 'paste');
  await page.getByRole('button', { name: 'Open history' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('history-label')).toContainText('pasted history');
  await expect(page.getByTestId('history-label')).toContainText(`legacy JSON · ${events} events`);
  await press(page, 'r');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  // The legacy export's `namespace` member is not in today's schema: shown as written, marked.
  await page.locator('.event-row[data-event="5"]').click();
  await expect(page.getByTestId('event-detail').locator('.j-unknown')).toContainText(
    'namespace (unknown): ""',
  );
});

test('marks a pasted history error at the offending event and keeps the loaded session', async ({
  page,
}) => {
  await openApp(page);
  await pickExample(page, 'hello');
  const before = await page.getByTestId('history-label').textContent();
  // Break the ids: the fifth event claims id 7 (the loader requires 1, 2, 3…).
  const json = JSON.parse(sample('sdk-typescript', LEGACY).toString('utf8')) as {
    events: Array<{ eventId: string }>;
  };
  json.events[4]!.eventId = '7';
  const text = JSON.stringify(json, null, 2);
  const line = text.split('\n').findIndex((l) => l.includes('"eventId": "7"')) + 1;
  await openPasteDialog(page);
  await paste(page, text);
  await expect(page.getByTestId('paste-error')).toContainText(
    'event #5, field eventId: event ids must increase by one: event 4 is followed by event 7',
  );
  // The marker sits on the offending event's id.
  await expect(page.getByTestId('paste-error-at')).toHaveText(`Go to line ${line}, column 7`);
  await page.getByRole('button', { name: 'Open history' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('dialog').locator('.monaco-editor .squiggly-error')).not.toHaveCount(
    0,
  );
  await screenshot(page, 'paste-error');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('history-label')).toHaveText(before!);
  await expect(
    page.getByRole('alert').filter({ hasText: 'Could not open the history' }),
  ).toContainText('Still showing');
});

test('opens a history from a URL', async ({ page }) => {
  const bytes = sample('sdk-core', 'timer_workflow_history.bin');
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/timer.bin' ? 200 : 404, {
      'Access-Control-Allow-Origin': '*',
      'Content-Type': 'application/octet-stream',
    });
    res.end(req.url === '/timer.bin' ? bytes : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await openApp(page);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('menuitem', { name: 'History from URL…' }).click();
    const dialog = page.getByRole('dialog');
    await page.getByLabel(/^URL/).fill(`${base}/missing.bin`);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('dialog').getByRole('alert')).toContainText('404');
    await page.getByLabel(/^URL/).fill(`${base}/timer.bin`);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByTestId('history-label')).toContainText(`${base}/timer.bin`);
    await idle(page);
    await press(page, 'r');
    await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  } finally {
    server.close();
  }
});

test('?component= and ?history= that do not open: the page starts, says why, restores the last session', async ({
  page,
}) => {
  await openApp(page);
  await pickExample(page, 'hello');
  await sessionSaved(page, (s) => JSON.stringify(s['history']).includes('hello'));
  const label = await page.getByTestId('history-label').textContent();
  // A component whose server is not there, with a bridge link: the page still becomes ready, and
  // the bridge link is still followed.
  await openApp(
    page,
    `/?component=http://127.0.0.1:1/missing.wasm#bridge=${encodeURIComponent('ws://127.0.0.1:1/')}&token=x`,
  );
  await expect(
    page.getByRole('alert').filter({ hasText: "The address's ?component= did not load:" }),
  ).toBeVisible();
  await expect(page.getByTestId('bridge-connection')).toBeAttached();
  await page.getByRole('button', { name: 'back to the debugger' }).click();
  await expect(page.getByTestId('history-label')).toHaveText(label!);
  // Another origin over plain http is refused as a link's URL would be.
  await openApp(page, '/?history=http://example.com/h.json');
  await expect(
    page.getByRole('alert').filter({
      hasText:
        'The address does not open: ?history= must be an https URL, or http on localhost (got "http://example.com/h.json").',
    }),
  ).toBeVisible();
  await expect(page.getByTestId('history-label')).toHaveText(label!);
});

test('?history= on a server that sends no CORS header: says so and what to do, keeps the session', async ({
  page,
}) => {
  // A real server that serves the history but, like most, without Access-Control-Allow-Origin.
  const bytes = sample('sdk-core', 'timer_workflow_history.bin');
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/timer.bin`;
  try {
    await openApp(page);
    await pickExample(page, 'hello');
    await sessionSaved(page, (s) => JSON.stringify(s['history']).includes('hello'));
    const label = await page.getByTestId('history-label').textContent();
    await openApp(page, `/?history=${encodeURIComponent(url)}`);
    const alert = page.getByRole('alert').filter({ hasText: "The address's ?history=" });
    await expect(alert).toContainText(
      `sent no Access-Control-Allow-Origin header (CORS), which a page needs to read a file from another site`,
    );
    await expect(alert).toContainText('serve it with "Access-Control-Allow-Origin: *"');
    await expect(alert).toContainText('download the file and drop it on this page');
    // The last session is back, not an empty page.
    await expect(page.getByTestId('history-label')).toHaveText(label!);
    await expect(page.getByTestId('component-label')).toHaveText('hello.wasm');
    await screenshot(page, 'history-url-no-cors');
  } finally {
    server.close();
  }
});

test('decodes payloads through a remote codec server', async ({ page }) => {
  const codec = await startCodecServer();
  try {
    await openApp(page);
    await openHistoryFile(page, 'encrypted.bin', fixture('encrypted.bin'));
    await page.getByLabel('Go to event id').fill('1');
    await page.getByLabel('Go to event id').press('Enter');
    const payload = page.getByTestId('event-detail').locator('.payload').first();
    await expect(payload).toHaveAttribute('data-encoding', 'binary/encrypted');
    await expect(payload).toContainText('a codec server can decode it');
    await page.getByRole('button', { name: /Codec server/ }).click();
    await page.getByTestId('codec-endpoint').fill(codec.url);
    await page.getByRole('button', { name: 'Use this codec server' }).click();
    await expect(payload).toHaveAttribute('data-encoding', 'json/plain');
    await expect(payload).toContainText('decoded by codec server');
    // The decoded value shows first, as for any payload the page decodes itself.
    await expect(payload.getByRole('tab', { name: 'Value' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(payload.getByTestId('payload-value')).toHaveText('"Temporal"');
    expect(codec.namespaces).toContain('default');
    await screenshot(page, 'codec');
  } finally {
    await codec.close();
  }
});
