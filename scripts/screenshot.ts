/**
 * `npx tsx scripts/screenshot.ts [out.png] [path]`: serves the production build (run `npm run build`
 * first) and saves a screenshot of the page in Debian's Chromium, e.g. for the README.
 */
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.ts';

const out = process.argv[2] ?? 'docs/screenshot.png';
const path = process.argv[3] ?? '/';
const port = 4198;
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
  stdio: 'ignore',
});
try {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  for (let attempt = 0; ; attempt++) {
    try {
      await page.goto(`http://127.0.0.1:${port}${path}`);
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await page.getByTestId('result').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
  await browser.close();
} finally {
  server.kill();
}
