/**
 * The debugger UI in Chromium (production build, engine in its worker): time to first render
 * (React's first commit), time to open and fully replay a 50,000-event history, stepping back at its
 * end (the session restores its nearest checkpoint), and frame times while scrolling the timeline
 * and the event list over it; the same history opened in the JSON form `temporal workflow show
 * --output json` writes (about 24 MB for a real one), with frame times of the wall clock and the
 * compact list over it; then the same with
 * code: the long-loop example (its component simulating 10,000 iterations, about 51,000 events),
 * replayed by the component. Figures are printed, never asserted.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.ts';
import { startPreview } from '../scripts/preview-server.ts';
import { REPO } from '../test/paths.ts';
import { timerLoopHistory, timerLoopHistoryBytes } from '../test/long-history.ts';
import { exportHistoryJson } from '../src/engine/history/export.ts';

/** WP_BENCH_PORT: another port, when several people share a machine. */
const PORT = Number(process.env['WP_BENCH_PORT'] ?? 4297);
const EVENTS = 50_000;
const row = (label: string, value: string) => console.log(`  ${label.padEnd(58)} ${value}`);
const ms = (n: number) => `${n.toFixed(0)} ms`;

/**
 * Histories are opened from files on disk, as the file chooser does: Chromium reads the file
 * itself. Handing Playwright a buffer instead ships it through the DevTools protocol as base64,
 * which took 1.5 s of a 2.4 s "open" for the 12.6 MB JSON form on a loaded machine and is no cost
 * a user ever pays.
 */
function benchFile(dir: string, name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.body.dataset['busy'], undefined, { timeout: 300_000 });
}

/** The cursor's activation number, as the stepping bar shows it. */
async function activationAt(page: Page): Promise<number> {
  const text = (await page.getByTestId('position').textContent()) ?? '';
  const n = /activation (\d+)/.exec(text)?.[1];
  if (!n) throw new Error(`unexpected position "${text}"`);
  return Number(n);
}

/**
 * One step back timed inside the page, so no automation round trip is counted: from the key
 * event until the position shows `activation <target>` with the page idle, and the next frame.
 */
async function stepBackInPage(page: Page, target: number): Promise<number> {
  return page.evaluate(async (target) => {
    const shown = new RegExp(`\\bactivation ${target}\\b`);
    const done = () =>
      shown.test(document.querySelector('[data-testid="position"]')?.textContent ?? '') &&
      !document.body.dataset['busy'];
    const started = performance.now();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`step back never showed activation ${target}`));
      }, 600_000);
      const observer = new MutationObserver(() => {
        if (!done()) return;
        observer.disconnect();
        clearTimeout(timeout);
        resolve();
      });
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - started;
  }, target);
}

/**
 * Replays to the end ('r'), then steps back ('p') five times: the replay's time, and the slowest
 * and median step back until the next frame shows the new position.
 */
async function replayAndStepBack(page: Page) {
  const started = Date.now();
  await page.keyboard.press('r');
  await page.locator('[data-verdict="ok"]').waitFor({ timeout: 600_000 });
  await idle(page);
  const replayMs = Date.now() - started;
  const activations = await activationAt(page);
  const backs: number[] = [];
  for (let i = 1; i <= 5; i++) {
    backs.push(await stepBackInPage(page, activations - i));
  }
  backs.sort((a, b) => a - b);
  return { replayMs, backMs: backs.at(-1)!, medianBackMs: backs[2]!, activations };
}

/**
 * Scrolls an element a fixed distance per animation frame (or end to end over the frames) and
 * reports the intervals between frames.
 */
async function scrollFrames(
  page: Page,
  selector: string,
  axis: 'x' | 'y',
  frames: number,
  pxPerFrame?: number,
) {
  return page.evaluate(
    async ({ selector, axis, frames, pxPerFrame }) => {
      const el = document.querySelector<HTMLElement>(selector)!;
      el.scrollLeft = 0;
      el.scrollTop = 0;
      const span =
        axis === 'x' ? el.scrollWidth - el.clientWidth : el.scrollHeight - el.clientHeight;
      const step = pxPerFrame ?? span / frames;
      const times: number[] = [];
      await new Promise<void>((resolve) => {
        let last = performance.now();
        let n = 0;
        const tick = (now: number) => {
          times.push(now - last);
          last = now;
          if (axis === 'x') el.scrollLeft += step;
          else el.scrollTop += step;
          if (++n < frames) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      times.shift(); // the first interval includes the evaluate call
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
      return {
        frames: times.length,
        pxPerFrame: step,
        p50: at(0.5),
        p95: at(0.95),
        max: times.at(-1)!,
        over33: times.filter((t) => t > 33.4).length,
      };
    },
    { selector, axis, frames, pxPerFrame },
  );
}

export async function run(): Promise<void> {
  console.log('== debugger UI (Chromium) ==');
  if (!existsSync(join(REPO, 'dist', 'index.html'))) {
    if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: 'ignore' }).status !== 0)
      throw new Error('npm run build failed');
  }
  const bytes = timerLoopHistoryBytes(EVENTS);
  const dir = mkdtempSync(join(tmpdir(), 'wp-bench-ui-'));
  const server = await startPreview(PORT);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // tsx keeps function names with a helper the functions we evaluate in the page refer to.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset['ready'] === 'true', undefined, {
      timeout: 120_000,
    });
    const marks = await page.evaluate(() => {
      const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const paint = performance
        .getEntriesByType('paint')
        .find((p) => p.name === 'first-contentful-paint');
      return {
        firstRender: mark('wp:first-render'),
        firstPaint: paint?.startTime ?? NaN,
        ready: mark('wp:ready'),
      };
    });
    row("first render (React's first commit)", ms(marks.firstRender));
    row('first contentful paint', ms(marks.firstPaint));
    row('start-up done (start page, nothing opened)', ms(marks.ready));

    console.log(
      `\n${EVENTS.toLocaleString('en-US')}-event history (${(bytes.length / 1e6).toFixed(1)} MB binary), history only:`,
    );
    let started = Date.now();
    await page.getByTestId('history-file').setInputFiles(benchFile(dir, 'long.bin', bytes));
    await page.getByTestId('history-label').getByText('long.bin').waitFor({ timeout: 120_000 });
    await idle(page);
    row('open (load, index, first render)', ms(Date.now() - started));
    const echo = await replayAndStepBack(page);
    const count = echo.activations.toLocaleString('en-US');
    row(`replay to the end (${count} activations)`, ms(echo.replayMs));
    row(
      'step back at the end, key to painted frame (slowest / median of 5)',
      `${ms(echo.backMs)} / ${ms(echo.medianBackMs)}`,
    );

    console.log('\nframe times while scrolling (p50 / p95 / max, frames over 33 ms):');
    for (const [label, selector, axis] of [
      ['timeline (10,001 task columns)', '.timeline-scroll', 'x'],
      ['event list (50,000 rows)', '[data-testid="event-list"]', 'y'],
    ] as const) {
      for (const pxPerFrame of [40, undefined]) {
        const f = await scrollFrames(page, selector, axis, 240, pxPerFrame);
        row(
          `${label}, ${pxPerFrame ? `${pxPerFrame} px/frame` : `end to end (${f.pxPerFrame.toFixed(0)} px/frame)`}`,
          `${f.p50.toFixed(1)} / ${f.p95.toFixed(1)} / ${f.max.toFixed(1)} ms, ${f.over33} of ${f.frames}`,
        );
      }
    }

    // The JSON form `temporal workflow show --output json` writes (2-space indent, as it does).
    const json = Buffer.from(exportHistoryJson(timerLoopHistory(EVENTS).events).text);
    const jsonFile = benchFile(dir, 'long.json', json);
    console.log(
      `\nthe same history as proto3 JSON (${(json.length / 1e6).toFixed(1)} MB), history only:`,
    );
    started = Date.now();
    await page.getByTestId('history-file').setInputFiles(jsonFile);
    await page.getByTestId('history-label').getByText('long.json').waitFor({ timeout: 120_000 });
    await idle(page);
    row('open (read, parse, index, first render)', ms(Date.now() - started));
    await page.getByRole('button', { name: 'Compact' }).click();
    await page.getByRole('tab', { name: 'Wall clock' }).click();
    await page.getByTestId('gantt').waitFor();
    for (const [label, selector] of [
      ['wall clock (10,000 timer rows)', '.gantt-scroll'],
      ['compact event list', '[data-testid="event-list"]'],
    ] as const) {
      const f = await scrollFrames(page, selector, 'y', 240, 40);
      row(
        `${label}, 40 px/frame`,
        `${f.p50.toFixed(1)} / ${f.p95.toFixed(1)} / ${f.max.toFixed(1)} ms, ${f.over33} of ${f.frames}`,
      );
    }
    await page.getByRole('button', { name: 'Compact' }).click();
    await page.getByRole('tab', { name: 'Workflow tasks' }).click();

    console.log(
      '\nlong-loop example (its component, 10,000 iterations), replayed by the component:',
    );
    started = Date.now();
    await page.getByLabel('Example').selectOption('long-loop');
    await page.getByTestId('component-label').getByText('long-loop.wasm').waitFor();
    await page
      .getByTestId('history-label')
      .getByText('simulated longLoop')
      .waitFor({ timeout: 600_000 });
    await idle(page);
    const events = await page.evaluate(() =>
      document.querySelector('[data-testid="event-list"]')?.getAttribute('aria-rowcount'),
    );
    row(
      `open: load component, simulate${events ? ` (${Number(events).toLocaleString('en-US')} events)` : ''}, open`,
      ms(Date.now() - started),
    );
    const code = await replayAndStepBack(page);
    const codeCount = code.activations.toLocaleString('en-US');
    row(`replay to the end (${codeCount} activations)`, ms(code.replayMs));
    row(
      'step back at the end, key to painted frame (slowest / median of 5)',
      `${ms(code.backMs)} / ${ms(code.medianBackMs)}`,
    );
  } finally {
    await browser.close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
