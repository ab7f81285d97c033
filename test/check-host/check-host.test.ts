/**
 * Our host against Temporal's own (temporalio-sdk's WasmWorkflowComponent on wasmtime, driven by
 * sdk-core: tools/check-host) on every example component, Rust (Temporal's guest crate) and
 * TypeScript (our SDK on StarlingMonkey): the same calls with the same results, the same
 * commands, the same verdicts, on each example's simulated run, its prefixes and mutations, and
 * the older version's run it replays. Without the upstream program (`npm run build:check-host`)
 * these tests skip, saying so.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportHistoryJson } from '../../src/engine/history/index.ts';
import { replayWorkflowId } from '../../src/engine/core/replay.ts';
import { checkHostBinary, checkHostBuilt } from '../../src/node/build/check-host.ts';
import { listRustExamples, rustExampleBuilt } from '../../src/node/build/rust-examples.ts';
import type { HostRun, Json } from '../../src/node/check-host/calls.ts';
import { compareRuns } from '../../src/node/check-host/compare.ts';
import { checkHost } from '../../src/node/check-host/index.ts';
import {
  EXAMPLE_COMPONENT_DIR,
  exampleCase,
  examples,
} from '../../src/node/check-host/examples.ts';
import { runOurs } from '../../src/node/check-host/ours.ts';
import { runUpstream } from '../../src/node/check-host/upstream.ts';
import { cli } from '../cli/cli.ts';

const built = checkHostBuilt();
if (!built)
  console.warn(
    `test/check-host/check-host.test.ts: skipping, ${checkHostBinary()} is not built; run \`npm run build:check-host\``,
  );
const missingRust = listRustExamples().filter((id) => !rustExampleBuilt(id));
if (missingRust.length > 0)
  console.warn(
    `test/check-host/check-host.test.ts: Rust examples not built (${missingRust.join(', ')}), left out; run \`npm run build:rust-examples\``,
  );

const all = examples(EXAMPLE_COMPONENT_DIR);

describe.skipIf(!built)("our host and Temporal's (temporalio-sdk under sdk-core) agree", () => {
  for (const example of all) {
    it(`${example.id}: every call, command and verdict of every history`, async () => {
      const c = await exampleCase(example, all);
      const report = await checkHost(c.componentPath, c.histories);
      expect(report.loadErrors).toBeUndefined();
      expect(report.histories).toHaveLength(c.histories.length);
      const differences = report.histories
        .filter((h) => h.differences.length > 0)
        .map((h) => `${h.name}:\n  ${h.differences.join('\n  ')}`);
      expect(differences).toEqual([]);
      // Every history reached the guest on both sides: the comparison was not vacuous.
      for (const h of report.histories) {
        expect(h.ours.calls.length, h.name).toBeGreaterThan(0);
        expect(h.callsCompared, h.name).toBe(h.ours.calls.length);
      }
    }, 600_000);
  }
});

describe.skipIf(!built || !rustExampleBuilt('hello-activity'))(
  'check-host finds differences',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-host-'));
    let base: { ours: HostRun; upstream: HostRun; history: string } | undefined;
    const baseRuns = async () => {
      if (base) return base;
      const example = all.find((e) => e.id === 'rust-hello-activity')!;
      const c = await exampleCase(example, all);
      const events = c.histories[0]!.events;
      const { loaded } = await example.component();
      const ours = await runOurs(
        loaded,
        { events, workflowId: replayWorkflowId(events) },
        { buildId: 'b' },
      );
      const upstream = await runUpstream(
        c.componentPath,
        [{ events, workflowId: replayWorkflowId(events), taskQueue: 'playground' }],
        { buildId: 'b' },
      );
      if ('loadError' in upstream) throw new Error(upstream.loadError);
      const history = join(dir, 'hello-activity.json');
      writeFileSync(history, exportHistoryJson(events).text);
      base = { ours, upstream: upstream.runs[0]!, history };
      return base;
    };

    it('in a poll result, a pushed command, a completion and the verdict, each named by its path', async () => {
      const { ours, upstream } = await baseRuns();
      expect(compareRuns(ours, upstream).differences).toEqual([]);
      const perturbed = (change: (run: HostRun) => void) => {
        const copy = structuredClone(upstream);
        change(copy);
        return compareRuns(ours, copy).differences;
      };
      const poll = upstream.calls.findIndex((c) => c.call === 'poll-routine');
      expect(
        perturbed((run) => {
          const call = run.calls[poll] as { result: { ok: Json } };
          call.result.ok.madeProgress = !call.result.ok.madeProgress;
        }),
      ).toEqual([
        expect.stringMatching(
          new RegExp(`^call ${poll + 1} .*poll-routine\\.result\\.ok\\.madeProgress: ours`),
        ),
      ]);
      const push = upstream.calls.findIndex((c) => c.call === 'push-command');
      expect(
        perturbed((run) => {
          const call = run.calls[push] as unknown as { command: { scheduleActivity: Json } };
          call.command.scheduleActivity.activityType = 'other';
        }),
      ).toEqual([
        expect.stringContaining(
          'push-command.command.scheduleActivity.activityType: ours "composeGreeting", upstream "other"',
        ),
      ]);
      expect(
        perturbed((run) => {
          const commands = (run.completions[0]!.successful as { commands: Json[] }).commands;
          commands.push({ startTimer: { seq: 1 } });
        }),
      ).toEqual([
        expect.stringContaining(
          'completion 1.successful.commands.1: ours undefined, upstream {"startTimer":{"seq":1}}',
        ),
      ]);
      expect(perturbed((run) => (run.verdict = { kind: 'nondeterminism', eventId: 5 }))).toEqual([
        'verdict: ours ok, upstream nondeterminism',
      ]);
      expect(perturbed((run) => run.calls.splice(poll, 1))[0]).toMatch(
        /calls part ways: ours poll-routine/,
      );
    });

    it('the CLI prints agreement and exits 0 when the hosts agree, and 2 without a component', async () => {
      const { history } = await baseRuns();
      const example = all.find((e) => e.id === 'rust-hello-activity')!;
      const { path } = await example.component();
      const agreed = await cli(['check-host', '--component', path, '--prefixes', history]);
      expect(agreed.stderr).toBe('');
      expect(agreed.code).toBe(0);
      expect(agreed.stdout).toMatch(
        /agree +rust-hello-activity\.wasm .*hello-activity\.json: ours ok, upstream ok; \d+ calls, \d+ commands/,
      );
      expect(agreed.stdout).toMatch(
        /\n(\d+) of \1 histories agree \(\d+ host-guest calls and \d+ commands compared\)/,
      );
      const usage = await cli(['check-host', history]);
      expect(usage.code).toBe(2);
    });
  },
);
