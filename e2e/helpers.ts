/** What the end-to-end tests share: opening sources the ways a user does, and small histories. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { historiesDir, REPO } from '../test/paths.ts';

export const GREETING = '"Hello, Temporal! (from greet)"';

export function sample(folder: 'sdk-core' | 'sdk-typescript', name: string): Buffer {
  return readFileSync(join(historiesDir(folder), name));
}

/** The events of a proto3 JSON history file, read from the file itself (not by our loader). */
export function jsonEvents(json: Buffer): Array<{ eventId: string; eventType: string }> {
  return (JSON.parse(json.toString('utf8')) as { events: [] }).events;
}

const FIXTURES = join(REPO, 'test-results', 'fixtures');

/**
 * Histories built for the tests by e2e/make-fixtures.ts: `hello.bin` (what the hello example
 * records), `timer-first.bin` (a timer at event 5 where hello completes), `long-50000.bin`,
 * `encrypted.bin` (hello's history with its input encrypted by a codec).
 */
export function fixture(
  name: 'hello.bin' | 'timer-first.bin' | 'long-50000.bin' | 'encrypted.bin',
): Buffer {
  if (!existsSync(join(FIXTURES, name)))
    execFileSync('npx', ['tsx', join(REPO, 'e2e', 'make-fixtures.ts'), FIXTURES], {
      stdio: 'inherit',
    });
  return readFileSync(join(FIXTURES, name));
}

/** Waits for the app to finish its start-up (examples, restore). */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.locator('body[data-ready]')).toBeAttached();
  await idle(page);
}

/**
 * Picks an example on the start page (the page opens on it, with nothing loaded) and waits until
 * its run is open and replayed.
 */
export async function pickExample(page: Page, id = 'hello'): Promise<void> {
  await page.getByTestId('start-page').locator(`[data-example="${id}"]`).click();
  await expect(page.getByTestId('component-label')).toHaveText(`${id}.wasm`);
  await idle(page);
}

/** Waits until the engine is not working and no source is opening. */
export async function idle(page: Page): Promise<void> {
  await expect(page.locator('body[data-busy]')).toHaveCount(0);
}

/**
 * The page's own alerts. Monaco (the source pane, loaded lazily) adds two empty `.monaco-alert`
 * live regions of its own, which are not the app's.
 */
export function appAlerts(page: Page): Locator {
  return page.locator('[role=alert]:not(.monaco-alert)');
}

export async function openHistoryFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('history-file').setInputFiles({
    name,
    mimeType: 'application/octet-stream',
    buffer,
  });
  await expect(page.getByTestId('history-label')).toContainText(name);
  await idle(page);
}

/** Drops files on the page the way a browser does: one DataTransfer, dragenter then drop. */
export async function dropFiles(page: Page, files: Array<{ name: string; buffer: Buffer }>) {
  const transfer = await page.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const binary = atob(f.base64);
        const bytes = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
        dt.items.add(new File([bytes], f.name));
      }
      return dt;
    },
    files.map((f) => ({ name: f.name, base64: f.buffer.toString('base64') })),
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

export const verdict = (page: Page) => page.getByTestId('verdict');
export const position = (page: Page) => page.getByTestId('position');

/** Presses a debugger key with focus on the page (not in an input). */
export async function press(page: Page, key: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(key);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png` });
}

/** Picks a component file, then runs the first workflow task of a new run of `workflowType`. */
export async function startNewRun(
  page: Page,
  file: { name: string; bytes: Uint8Array },
  workflowType?: string,
): Promise<void> {
  await page.getByTestId('component-file').setInputFiles({
    name: file.name,
    mimeType: 'application/wasm',
    buffer: Buffer.from(file.bytes),
  });
  await expect(page.getByTestId('component-label')).toHaveText(file.name);
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: /New run of the component/ }).click();
  if (workflowType) {
    // A list of the component's declared types, or a text field when it declares none.
    const field = page.getByLabel('Workflow type');
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT')
      await field.selectOption(workflowType);
    else await field.fill(workflowType);
  }
  await page.getByRole('button', { name: 'Run first workflow task' }).click();
}

/** The last session as the page saved it in IndexedDB (see src/app/state/persist.ts). */
export function savedSession(page: Page): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const opened = indexedDB.open('workflow-playground');
        opened.onerror = () => reject(opened.error);
        opened.onsuccess = () => {
          const db = opened.result;
          if (!db.objectStoreNames.contains('state')) return resolve(undefined);
          const read = db.transaction('state', 'readonly').objectStore('state').get('last-session');
          read.onerror = () => reject(read.error);
          read.onsuccess = () => resolve(read.result as Record<string, unknown> | undefined);
        };
      }),
  );
}

/**
 * Waits until the saved session shows the last change (it is saved a moment after the change),
 * so a reload that follows restores it rather than an older state.
 */
export async function sessionSaved(
  page: Page,
  matches: (session: Record<string, unknown>) => boolean,
): Promise<void> {
  await expect
    .poll(async () => {
      const session = await savedSession(page);
      return session !== undefined && matches(session);
    })
    .toBe(true);
}
