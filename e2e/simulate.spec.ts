/**
 * Simulated runs in the page: an example opens what the simulator records for its default
 * scenario; the scenario editor (Monaco, with the generated JSON Schema) changes what the world
 * does and reopens the result; a bad scenario is refused with a marker on the field it names, the
 * open session kept; and the downloaded history is the one the CLI's `run` records for the same
 * scenario in Node, byte for byte, and opens again as a recorded history.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO } from '../test/paths.ts';
import { craftFragment, craftPayload } from '../test/share/craft.ts';
import { idle, openApp, openHistoryFile, screenshot, sessionSaved, verdict } from './helpers.ts';

type JsonEvent = { eventType: string };

async function openExample(page: Page, id: string, workflowType: string): Promise<void> {
  await openApp(page);
  await page.getByLabel('Example').selectOption(id);
  await expect(page.getByTestId('component-label')).toHaveText(`${id}.wasm`);
  await expect(page.getByTestId('history-label')).toContainText(`simulated ${workflowType}.json`);
  await idle(page);
}

/** Replaces the editor's text as a user does: select everything, then paste. */
async function typeScenario(page: Page, scenario: unknown): Promise<void> {
  await page.getByTestId('scenario-editor').locator('.view-lines').click();
  await page.keyboard.press('Control+a');
  await page.evaluate(
    (content) => {
      const data = new DataTransfer();
      data.setData('text/plain', content);
      document.activeElement!.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    typeof scenario === 'string' ? scenario : JSON.stringify(scenario, null, 2),
  );
}

async function openScenario(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('menuitem', { name: /Simulate a run/ }).click();
  await expect(page.getByTestId('scenario-editor').locator('.view-lines')).toContainText(
    'workflowType',
  );
}

test('an example opens its simulated run, and the scenario changes what the world does', async ({
  page,
}) => {
  await openExample(page, 'hello-activity', 'greetWithActivity');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  await page.getByRole('tab', { name: 'Run' }).click();
  // The example's own activity (examples/hello-activity/activities.ts) made the greeting.
  await expect(page.getByTestId('result')).toHaveText('"Hello, Temporal!"');
  await expect(page.getByTestId('simulation-outcome')).toHaveText(
    'the workflow completed after 2 workflow tasks',
  );

  await openScenario(page);
  await typeScenario(page, {
    workflowType: 'greetWithActivity',
    input: ['Temporal'],
    activities: {
      composeGreeting: { failure: { message: 'mail server down', nonRetryable: true } },
    },
  });
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await idle(page);
  await expect(page.getByTestId('event-list')).toContainText('ActivityTaskFailed');
  await expect(page.getByTestId('event-list')).toContainText('WorkflowExecutionFailed');
  await expect(page.getByTestId('simulation-outcome')).toHaveText(
    'the workflow failed after 2 workflow tasks',
  );
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  await screenshot(page, 'simulated-failure');

  // A reload brings back the run and the scenario as edited.
  await sessionSaved(page, (s) => String(s['scenarioText']).includes('mail server down'));
  await page.reload();
  await expect(page.getByTestId('history-label')).toContainText('simulated greetWithActivity.json');
  await idle(page);
  await expect(page.getByTestId('event-list')).toContainText('ActivityTaskFailed');
  await openScenario(page);
  await expect(page.getByTestId('scenario-editor').locator('.view-lines')).toContainText(
    'mail server down',
  );
});

test('a bad scenario is refused with a marker on its field, and the open run stays', async ({
  page,
}) => {
  await openExample(page, 'signals-queries', 'expenseApproval');
  const label = await page.getByTestId('history-label').textContent();
  await openScenario(page);
  await typeScenario(
    page,
    '{\n  "workflowType": "expenseApproval",\n  "input": [],\n  "signals": [\n    { "name": "aprove", "at": "5s" }\n  ]\n}',
  );
  await page.getByRole('button', { name: 'Run simulation' }).click();
  // The component declares the signals its source defines ("approve", "reject").
  await expect(page.getByTestId('scenario-error')).toHaveText(
    'scenario.signals[0].name: "aprove" has no handler in expenseApproval; it declares "approve", "reject".',
  );
  const marker = page.getByTestId('scenario-editor').locator('.squiggly-error');
  await expect(marker).not.toHaveCount(0);
  await expect(page.getByRole('button', { name: /Go to line 5/ })).toBeVisible();
  await screenshot(page, 'scenario-error');

  // Out of the scenario's schema: the field is named by its path, with what would do.
  await typeScenario(
    page,
    '{\n  "workflowType": "expenseApproval",\n  "signals": [\n    { "name": "approve", "at": "5s" },\n    { "name": "reject", "at": "five seconds" }\n  ]\n}',
  );
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(page.getByTestId('scenario-error')).toHaveText(
    'scenario.signals[1].at: "five seconds" is not a duration; write e.g. "500ms", "10s", "5m", "2h", "1d".',
  );
  await expect(page.getByRole('button', { name: /Go to line 5/ })).toBeVisible();
  await screenshot(page, 'scenario-schema-error');
  await typeScenario(page, '{ "workflowType": "expenseApproval", "cancelAtt": "1m" }');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(page.getByTestId('scenario-error')).toContainText(
    'scenario.cancelAtt: is not a scenario field; did you mean "cancelAt"?',
  );

  // Not JSON at all: said so, with where.
  await typeScenario(page, '{ "workflowType": "expenseApproval", }');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(page.getByTestId('scenario-error')).toContainText('The scenario is not JSON');
  // Where: the stray "}" (placed by our scanner, not read from V8's wording).
  await expect(page.getByRole('button', { name: 'Go to line 1, column 38' })).toBeVisible();
  // Fixed, the error about the old text goes.
  await typeScenario(page, '{ "workflowType": "expenseApproval" }');
  await expect(page.getByTestId('scenario-error')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('history-label')).toHaveText(label!);
});

test('the downloaded history is what `workflow-playground run` records, and opens as a recording', async ({
  page,
}) => {
  const scenario = {
    workflowType: 'greetWithActivity',
    input: ['Wasm'],
    activities: { composeGreeting: { result: 'Hi, Wasm!', duration: '3s' } },
  };
  await openExample(page, 'hello-activity', 'greetWithActivity');
  await openScenario(page);
  await typeScenario(page, scenario);
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await idle(page);
  await expect(page.getByTestId('result')).toHaveText('"Hi, Wasm!"');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download history' }).first().click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('simulated-greetWithActivity.json');
  const downloaded = readFileSync((await file.path())!, 'utf8');

  // The same scenario through the CLI, in Node, with the example's component built from source.
  const dir = mkdtempSync(join(tmpdir(), 'simulate-e2e-'));
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(scenario));
  execFileSync(
    process.execPath,
    [
      join(REPO, 'bin', 'workflow-playground.js'),
      'run',
      '--component',
      join(REPO, 'public', 'examples', 'hello-activity.wasm'),
      '--scenario',
      join(dir, 'scenario.json'),
      '-o',
      join(dir, 'history.json'),
    ],
    { cwd: REPO },
  );
  expect(downloaded).toBe(readFileSync(join(dir, 'history.json'), 'utf8'));
  const events = (JSON.parse(downloaded) as { events: JsonEvent[] }).events;
  expect(events.map((e) => e.eventType)).toContain('EVENT_TYPE_ACTIVITY_TASK_COMPLETED');

  await openHistoryFile(page, 'downloaded.json', Buffer.from(downloaded));
  await page.getByRole('button', { name: 'Run to breakpoint or end' }).click();
  await idle(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByTestId('result')).toHaveText('"Hi, Wasm!"');
});

test("a simulated session's link carries its scenario to the receiver's editor", async ({
  page,
  browser,
}) => {
  await openExample(page, 'hello-activity', 'greetWithActivity');
  await openScenario(page);
  await typeScenario(page, {
    workflowType: 'greetWithActivity',
    input: ['Temporal'],
    activities: { composeGreeting: { failure: { message: 'mail server down' } } },
  });
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await idle(page);
  await expect(page.getByTestId('event-list')).toContainText('WorkflowExecutionFailed');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();

  const other = await (await browser.newContext()).newPage();
  await other.goto(link);
  await expect(other.locator('body[data-ready]')).toBeAttached();
  await idle(other);
  await expect(other.getByTestId('history-label')).toContainText(
    'simulated greetWithActivity.json',
  );
  await expect(other.getByTestId('event-list')).toContainText('WorkflowExecutionFailed');
  await openScenario(other);
  await expect(other.getByTestId('scenario-editor').locator('.view-lines')).toContainText(
    'mail server down',
  );
  await other.context().close();
});

test('a link holding only a scenario is simulated on arrival with the shared example', async ({
  page,
  baseURL,
}) => {
  // Written as a tool would write it (by hand here, from the documented format): the example,
  // the scenario, no recorded history.
  const fragment = craftFragment(
    craftPayload({
      state: {
        component: { kind: 'example', id: 'hello-activity' },
        mode: 'component',
        cursor: { step: 1 },
        breakpoints: [],
        scenario: {
          workflowType: 'greetWithActivity',
          input: ['Link'],
          activities: { composeGreeting: { result: 'Hello from a link' } },
        },
      },
    }),
  );
  await page.goto(`${baseURL}${fragment}`);
  await expect(page.locator('body[data-ready]')).toBeAttached();
  await idle(page);
  await expect(page.getByTestId('history-label')).toContainText('simulated greetWithActivity.json');
  await expect(page.getByTestId('position')).toHaveText('activation 2');
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('result')).toHaveText('"Hello from a link"');
});
