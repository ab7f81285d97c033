/**
 * `workflow-playground replay --links`, run as CI runs it (the real bin, a child process, the
 * example component built with componentize-js): the link of a failing replay opens at the
 * failure. The history is written by hand so that the failure is known independently: the example
 * completes in its first workflow task, and history says that task started a timer (event 5), so
 * sdk-core's matching rules fail activation 0 on event 5.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportHistoryJson, loadHistory } from '../../src/engine/history/index.ts';
import { HistoryEventType, type HistoryEvent } from '../../src/engine/history/events.ts';
import { openBundle, openShareFragment } from '../../src/engine/share/index.ts';
import { HistoryBuilder } from '../history-builder.ts';
import { helloComponent } from '../host/fixtures.ts';
import { REPO } from '../paths.ts';

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(REPO, 'bin', 'workflow-playground.js'), 'replay', ...args],
      { cwd: REPO },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const plain = (e: HistoryEvent) =>
  HistoryEventType.toObject(e as never, { enums: String, longs: String, bytes: String });

describe('workflow-playground replay --links', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-links-'));
  const component = join(dir, 'hello.wasm');
  const diverges = join(dir, 'diverges.json');
  const clean = join(dir, 'clean.json');
  let componentSha256: string;
  let timerEvent: number;

  beforeAll(async () => {
    const bytes = await helloComponent();
    writeFileSync(component, bytes);
    componentSha256 = createHash('sha256').update(bytes).digest('hex');
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    timerEvent = b.timerStarted('1');
    b.timerFired('1', timerEvent).workflowTask().completed('x');
    writeFileSync(diverges, exportHistoryJson(b.events).text);
    const ok = new HistoryBuilder()
      .started('greet', ['Temporal'])
      .workflowTask()
      .completed('Hello, Temporal! (from greet)');
    writeFileSync(clean, exportHistoryJson(ok.events).text);
  });

  it('prints a link that opens at the failing activation with the divergence event selected', async () => {
    const { code, stdout } = await cli([
      '--component',
      component,
      '--links',
      '--app-url',
      'https://playground.example/app/',
      '--component-url',
      'https://artefacts.example/builds/hello.wasm',
      diverges,
      clean,
    ]);
    expect(code).toBe(1);
    expect(timerEvent).toBe(5);
    const links = [...stdout.matchAll(/^ {4}open in the browser: (\S+)$/gm)].map((m) => m[1]!);
    expect(links).toHaveLength(1); // the clean replay gets none
    const url = new URL(links[0]!);
    expect(`${url.origin}${url.pathname}`).toBe('https://playground.example/app/');
    const opened = await openShareFragment(url.hash);
    if (!opened.ok || !opened.value) throw new Error('the link does not open');
    expect(opened.value.state).toEqual({
      history: { kind: 'inline', label: 'diverges.json' },
      component: {
        kind: 'url',
        url: 'https://artefacts.example/builds/hello.wasm',
        sha256: componentSha256,
      },
      mode: 'component',
      cursor: { step: 0 },
      breakpoints: [],
      selection: { kind: 'event', eventId: 5 },
    });
    const fromFile = loadHistory(new Uint8Array(readFileSync(diverges)));
    expect(opened.value.history!.loaded.events.map(plain)).toEqual(fromFile.events.map(plain));
  });

  it('without --component-url, names the component by hash; --json carries the link', async () => {
    const { code, stdout } = await cli(['--component', component, '--links', '--json', diverges]);
    expect(code).toBe(1);
    const [result] = JSON.parse(stdout).histories;
    const url = new URL(result.link);
    expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:5173/');
    const opened = await openShareFragment(url.hash);
    if (!opened.ok || !opened.value) throw new Error('the link does not open');
    expect(opened.value.state.component).toEqual({
      kind: 'sha256',
      sha256: componentSha256,
      label: 'hello.wasm',
      size: (await helloComponent()).length,
    });
  });

  it('says why a failure has no link when its history is too large for one, and writes a bundle', async () => {
    const b = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
    for (let i = 0; i < 3000; i++)
      b.timerFired(String(i), b.timerStarted(String(i))).workflowTask();
    const large = join(dir, 'large.json');
    writeFileSync(large, exportHistoryJson(b.events).text);
    const bundles = join(dir, 'bundles');
    const { code, stdout } = await cli(['--component', component, '--links', large]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^ {4}no link: this session needs a link of [\d,]+ characters; links hold at most 30,000 .*Share a bundle file instead.*\(--bundles DIR writes one\)$/m,
    );
    const withBundle = await cli(['--component', component, '--bundles', bundles, large]);
    expect(withBundle.stdout).toContain(
      `    bundle to open in the browser: ${join(bundles, 'large.wpbundle')}`,
    );
    const opened = await openBundle(new Uint8Array(readFileSync(join(bundles, 'large.wpbundle'))));
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.state).toMatchObject({
      mode: 'component',
      cursor: { step: 0 },
      selection: { kind: 'event', eventId: 5 },
      component: { kind: 'sha256', sha256: componentSha256, label: 'hello.wasm' },
    });
    expect(opened.value.component!.sha256).toBe(componentSha256);
    expect(opened.value.history!.loaded.events.length).toBe(b.events.length);
  });

  it('refuses options that cannot make a working link', async () => {
    const insecure = await cli([
      '--component',
      component,
      '--links',
      '--component-url',
      'http://build-server.internal/hello.wasm',
      diverges,
    ]);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toContain(
      'option --component-url must be an https URL, or http on localhost (got "http://build-server.internal/hello.wasm")',
    );
    const noFile = await cli(['--links', '--component-url', 'https://a.example/c.wasm', diverges]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('--component-url names where to fetch the --component file');
    const badApp = await cli(['--links', '--app-url', 'playground', diverges]);
    expect(badApp.code).toBe(2);
    expect(badApp.stderr).toContain('--app-url must be an http(s) URL');
    const withoutLinks = await cli(['--app-url', 'https://a.example/', diverges]);
    expect(withoutLinks.code).toBe(2);
    expect(withoutLinks.stderr).toContain('--app-url and --component-url go with --links');
  });
});
