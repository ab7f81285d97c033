/**
 * `workflow-playground replay` with misbehaving workflow code, run as CI runs it. The guests are
 * real components (test/host/guests/misbehaving.js, whose workflow type picks the misbehaviour)
 * and a seed-ABI module written in WAT; the histories are written by hand: each starts the
 * workflow type and completes in its first workflow task, so whatever fails, fails in the first
 * activation (activation 1, as the app counts).
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportHistoryJson } from '../../src/engine/history/index.ts';
import { HistoryBuilder } from '../history-builder.ts';
import { guestComponent, watModule } from '../host/fixtures.ts';
import { rustExampleBuilt, rustExamplePath } from '../../src/node/build/rust-examples.ts';
import { cli } from './cli.ts';

const history = (workflowType: string, result: unknown, args: unknown[] = []) =>
  exportHistoryJson(
    new HistoryBuilder().started(workflowType, args).workflowTask().completed(result).events,
  ).text;

describe('workflow-playground replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-cli-'));
  const histories = join(dir, 'histories');
  const misbehaving = join(dir, 'misbehaving.wasm');

  beforeAll(async () => {
    writeFileSync(misbehaving, await guestComponent('misbehaving'));
    mkdirSync(histories);
    // Named so that name order runs the looping guests first: the history after them must
    // still replay in the engine that replaced the stopped one.
    writeFileSync(join(histories, '1-loops-in-poll.json'), history('loops-in-poll', null));
    writeFileSync(join(histories, '2-loops-in-activate.json'), history('loops-in-activate', null));
    writeFileSync(join(histories, '3-completes.json'), history('completes', 'completes done'));
    writeFileSync(join(histories, '4-fails-activate.json'), history('fails-activate', null));
    writeFileSync(join(histories, 'notes.txt'), 'not a history');
  });

  it('stops a guest call that never returns, fails that history, and goes on with the next (JSON, JUnit)', async () => {
    const junit = join(dir, 'junit.xml');
    const { code, stdout } = await cli([
      'replay',
      '--component',
      misbehaving,
      '--call-limit',
      '1',
      '--json',
      '--junit',
      junit,
      histories,
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      histories: Array<{ input: string; verdict: Record<string, unknown> }>;
    };
    // The directory stands for its history files in name order (notes.txt is not one).
    expect(report.histories.map((h) => h.input)).toEqual(
      [
        '1-loops-in-poll.json',
        '2-loops-in-activate.json',
        '3-completes.json',
        '4-fails-activate.json',
      ].map((name) => join(histories, name)),
    );
    expect(report.histories.map((h) => h.verdict)).toEqual([
      {
        kind: 'task-failure',
        activation: 1,
        message:
          'The workflow code did not return within 1 s in poll-routine(0) of activation 1; the engine stopped it.',
      },
      {
        kind: 'task-failure',
        activation: 1,
        message:
          'The workflow code did not return within 1 s in activate of activation 1; the engine stopped it.',
      },
      { kind: 'ok' },
      {
        kind: 'task-failure',
        activation: 1,
        message: 'the guest refused this activation',
        // The guest's failure carries this stack (misbehaving.js, "fails-activate").
        stackTrace: 'at refuse (misbehaving.js:1:1)',
      },
    ]);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('tests="4" failures="3"');
    expect(xml).toContain(
      'activation 1: the guest refused this activation\nat refuse (misbehaving.js:1:1)',
    );
  });

  it('prints a failed task with its activation counted from 1 and the guest stack indented under it', async () => {
    const { code, stdout } = await cli([
      'replay',
      '--component',
      misbehaving,
      join(histories, '4-fails-activate.json'),
      join(histories, '3-completes.json'),
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `TASK FAILURE    ${join(histories, '4-fails-activate.json')}: activation 1: the guest refused this activation\n      at refuse (misbehaving.js:1:1)\n`,
    );
    expect(stdout).toMatch(/^ok {14}\S+3-completes\.json \(1 activations, \d+ ms\)$/m);
  });

  it('replays with a seed-ABI core module, loaded as the app loads it', async () => {
    const module = join(dir, 'complete.wasm');
    writeFileSync(module, await watModule('complete'));
    // complete.wat completes with "hi" in its first activation, as this history records.
    const clean = join(dir, 'seed-clean.json');
    writeFileSync(clean, history('AnyType', 'hi', ['Ada', 42]));
    const { code, stdout } = await cli(['replay', '--component', module, '--json', clean]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).histories[0].verdict).toEqual({ kind: 'ok' });
  });

  it('replays a history with the workflow function --workflow-type names (a renamed workflow)', async () => {
    // Recorded under an old name; "completes" is the same code under its new name.
    const renamed = join(dir, 'renamed.json');
    writeFileSync(renamed, history('completesOldName', 'completes done'));
    const asRecorded = await cli(['replay', '--component', misbehaving, '--json', renamed]);
    expect(asRecorded.code).toBe(1);
    const chosen = await cli([
      'replay',
      '--component',
      misbehaving,
      '--workflow-type',
      'completes',
      '--json',
      renamed,
    ]);
    expect(chosen.code).toBe(0);
    expect(JSON.parse(chosen.stdout).histories[0].verdict).toEqual({ kind: 'ok' });
    const unknown = await cli([
      'replay',
      '--component',
      misbehaving,
      '--workflow-type',
      'nope',
      renamed,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('has no workflow function "nope" (it has ');
  });

  it('refuses a directory with no histories and a call limit that is not a number', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    // As `inspect` does: the directory is kept, and loading it says why it holds nothing.
    const none = await cli(['replay', empty]);
    expect(none.code).toBe(1);
    expect(none.stdout + none.stderr).toContain(
      'a directory with no history files in it (*.json, *.bin, *.gz)',
    );
    const limit = await cli([
      'replay',
      '--call-limit',
      'soon',
      join(histories, '3-completes.json'),
    ]);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain(
      '--call-limit soon: expected a number of seconds or a duration such as 500ms, 10s or 2m',
    );
  });
});

// Components built by Temporal's Rust crate and the raw-WIT one (examples-rust/), recorded by
// `run` and replayed by `replay`, as CI would check a Rust workflow change. Needs
// `npm run build:rust-examples` (test/host/rust-guest.test.ts says so when it skips).
describe.skipIf(
  !['patching-1-original', 'patching-2-patched', 'patching-3-forgot-patch', 'raw-wit-timer'].every(
    rustExampleBuilt,
  ),
)('workflow-playground replay with Rust components', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-rust-'));
  const v1 = join(dir, 'v1.json');
  const raw = join(dir, 'raw.json');

  beforeAll(async () => {
    for (const [id, out] of [
      ['patching-1-original', v1],
      ['raw-wit-timer', raw],
    ] as const) {
      const { code, stderr } = await cli(['run', '--component', rustExamplePath(id), '-o', out]);
      expect(code, stderr).toBe(0);
    }
  });

  it('replays a v1 history with v2 (patched) and finds v3 (no patch) diverging at its timer', async () => {
    const replay = (id: string) =>
      cli(['replay', '--component', rustExamplePath(id), '--json', v1]);
    const patched = await replay('patching-2-patched');
    expect(patched.code).toBe(0);
    expect(JSON.parse(patched.stdout).histories[0].verdict).toEqual({ kind: 'ok' });
    const forgot = await replay('patching-3-forgot-patch');
    expect(forgot.code).toBe(1);
    // v1 recorded TimerStarted at event 5 (one workflow task of three events before it); v3
    // schedules an activity there.
    expect(JSON.parse(forgot.stdout).histories[0].verdict).toMatchObject({
      kind: 'nondeterminism',
      eventId: 5,
    });
  });

  it('replays the raw-WIT component with its own history, and a Rust v1 history fails its task', async () => {
    const { code, stdout } = await cli([
      'replay',
      '--component',
      rustExamplePath('raw-wit-timer'),
      '--json',
      raw,
      v1,
    ]);
    expect(code).toBe(1);
    const verdicts = (JSON.parse(stdout) as { histories: Array<{ verdict: unknown }> }).histories;
    expect(verdicts.map((h) => h.verdict)).toEqual([
      { kind: 'ok' },
      {
        kind: 'task-failure',
        activation: 1,
        // The component's own message (examples-rust/raw-wit-timer/src/lib.rs).
        message: 'this component implements only RawTimer, not PatchedGreeting',
      },
    ]);
  });
});
