/** `workflow-playground inspect`, run as users run it (the real bin, a child process). */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPO, historiesDir } from '../paths.ts';

function cli(args: string[], input?: Uint8Array) {
  const result = spawnSync(
    process.execPath,
    [join(REPO, 'bin', 'workflow-playground.js'), 'inspect', ...args],
    {
      cwd: REPO,
      encoding: 'utf8',
      ...(input && { input }),
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('workflow-playground inspect', () => {
  const timer = join(historiesDir('sdk-core'), 'timer_workflow_history.bin');
  const legacy = join(historiesDir('sdk-typescript'), 'cancel_fake_progress_history.json');

  it('ends quietly when its reader stops early (`| head`)', async () => {
    const dir = historiesDir('sdk-core');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.bin'))
      .map((f) => join(dir, f));
    const child = spawn(process.execPath, [
      join(REPO, 'bin', 'workflow-playground.js'),
      'inspect',
      ...files,
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('refuses a gzip bomb (1 GiB of zeros in three gzip layers, 262 bytes) naming the limit', async () => {
    const zero = Buffer.alloc(2 ** 20);
    let chunks = 0;
    const zeros = new Readable({ read: () => void zeros.push(chunks++ < 1024 ? zero : null) });
    const inner: Buffer[] = [];
    for await (const part of zeros.pipe(createGzip({ level: 9 }))) inner.push(part as Buffer);
    const bomb = gzipSync(gzipSync(Buffer.concat(inner), { level: 9 }), { level: 9 });
    const file = join(mkdtempSync(join(tmpdir(), 'inspect-')), 'bomb.json.gz');
    writeFileSync(file, bomb);
    const { code, stdout, stderr } = cli([file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `${file}: the inflated gzip data is larger than 256 MiB, the most a history may take (a decompression bomb, or not a history)`,
    );
  });

  it('shows control characters from a history escaped, and cuts a 1 MB value it quotes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    const doc = JSON.parse(readFileSync(legacy, 'utf8')) as {
      events: Array<Record<string, { workflowType?: { name: string } } | string>>;
    };
    const started = doc.events[0]!['workflowExecutionStartedEventAttributes'] as {
      workflowType: { name: string };
    };
    started.workflowType.name = 'greet\x1b[2K\r\x1b[32mok';
    const escapes = join(dir, 'escapes.json');
    writeFileSync(escapes, JSON.stringify(doc));
    const shown = cli([escapes]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('workflow greet\\u001b[2K\\u000d\\u001b[32mok run ');
    expect(shown.stdout).not.toContain('\x1b');

    doc.events[0]!['eventId'] = '9'.repeat(1_000_000);
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, JSON.stringify(doc));
    const refused = cli([huge]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.length).toBeLessThan(1000);
    expect(refused.stderr).toContain(
      `field eventId: ${'9'.repeat(80)}…(999900 characters cut)…${'9'.repeat(20)} is out of range for int64`,
    );
  });

  it('prints the workflow tasks and their events, numbered as the page numbers them', () => {
    const { code, stdout } = cli([timer]);
    expect(code).toBe(0);
    // The server completed two workflow tasks (WorkflowTaskCompleted 4 and 9); sdk-core's third
    // sequence (9-10, no start) is no task, as the page counts (e2e/task-numbering.spec.ts).
    expect(stdout).toContain(`${timer}: binary, 10 events, 2 workflow tasks, completed`);
    // A task holds what led to it, its start, its completion and the commands it recorded.
    expect(stdout).toMatch(/^WFT 1: events 1-5, started 3 at /m);
    expect(stdout).toMatch(/^WFT 2: events 6-10, started 8 at .*\(last\)$/m);
    expect(stdout).toContain('(replay applies events 4-8 with its activation)');
    expect(stdout).not.toMatch(/^WFT 3/m);
    expect(stdout).toMatch(/^ {6}5 {2}TimerStarted/m);
    expect(stdout).toContain('-> WorkflowTaskCompleted 4; commands: 5 TimerStarted');
  });

  it('--json: many files at once, gzip and stdin too, machine-readable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    const zipped = join(dir, 'legacy.json.gz');
    writeFileSync(zipped, gzipSync(readFileSync(legacy)));
    const { code, stdout } = cli(['--json', timer, zipped]);
    expect(code).toBe(0);
    const { histories } = JSON.parse(stdout);
    expect(histories.map((h: { ok: boolean }) => h.ok)).toEqual([true, true]);
    expect(histories[1].history.format).toEqual({
      kind: 'json',
      gzip: true,
      shape: 'history',
      dialect: 'legacy',
    });
    // Three WorkflowTaskCompleted (4, 9, 15), each task ending with the commands it recorded.
    expect(
      histories[1].history.workflowTasks.map((t: { lastEventId: number }) => t.lastEventId),
    ).toEqual([5, 10, 16]);
    expect(histories[1].history.summary.workflowTaskCount).toBe(3);
    const piped = cli(['--json', '-'], readFileSync(timer));
    expect(JSON.parse(piped.stdout).histories[0].history.summary.eventCount).toBe(10);
  });

  it('exits 1 when any history fails, naming the file and the place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      '{"events": [{"eventId": "1", "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", "eventTime": "soon"}]}',
    );
    const human = cli([timer, bad, join(dir, 'missing.json')]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('WFT 1'); // the good one is still printed
    expect(human.stderr).toContain(
      `workflow-playground inspect: ${bad}, event 1, field eventTime: expected an RFC 3339 timestamp`,
    );
    expect(human.stderr).toContain('missing.json: no such file');
    const machine = cli(['--json', bad]);
    expect(machine.code).toBe(1);
    expect(JSON.parse(machine.stdout).histories[0].error).toMatchObject({
      code: 'bad-field',
      eventId: 1,
      fieldPath: 'eventTime',
    });
  });

  it('explains its usage', () => {
    const { code, stderr } = cli([]);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: workflow-playground inspect');
  });

  it('prints identical warnings once, with a count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    const json = JSON.parse(readFileSync(legacy, 'utf8')) as { events: Record<string, unknown>[] };
    for (const event of json.events) event['legacyThing'] = 'x';
    const file = join(dir, 'noisy.json');
    writeFileSync(file, JSON.stringify(json));
    const { code, stdout } = cli([file]);
    expect(code).toBe(0);
    expect(stdout.match(/^ {2}warning: .*legacyThing.*$/gm)).toEqual([
      `  warning: ${file}, field legacyThing: field "legacyThing" is not in temporal.api.history.v1.HistoryEvent; kept as is (16 times: event 1, event 2, event 3, event 4, event 5, and 11 more)`,
    ]);
  });

  it('reads the history files of a directory, in name order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    writeFileSync(join(dir, 'b.json.gz'), gzipSync(readFileSync(legacy)));
    writeFileSync(join(dir, 'a.bin'), readFileSync(timer));
    writeFileSync(join(dir, 'notes.txt'), 'not a history');
    const { code, stdout } = cli(['--json', dir]);
    expect(code).toBe(0);
    expect(
      JSON.parse(stdout).histories.map((h: { input: string; ok: boolean }) => [h.input, h.ok]),
    ).toEqual([
      [join(dir, 'a.bin'), true],
      [join(dir, 'b.json.gz'), true],
    ]);
    const empty = mkdtempSync(join(tmpdir(), 'inspect-'));
    const none = cli([empty]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      `workflow-playground inspect: ${empty}: a directory with no history files in it (*.json, *.bin, *.gz)\n`,
    );
  });
});
