/**
 * `workflow-playground run` (a simulated run, no server) as CI runs it, with real components: it
 * says why a run failed, stops a guest that never returns, and runs an example's own activities.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ET } from '../../src/engine/core/events.ts';
import { loadHistory } from '../../src/engine/history/index.ts';
import { buildComponent } from '../../src/node/build/build-component.ts';
import { rustExampleBuilt, rustExamplePath } from '../../src/node/build/rust-examples.ts';
import { guestComponent } from '../host/fixtures.ts';
import { REPO } from '../paths.ts';
import { cli } from './cli.ts';

const historyIn = (path: string) => loadHistory(new Uint8Array(readFileSync(path))).events;

describe('workflow-playground run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-cli-'));
  const misbehaving = join(dir, 'misbehaving.wasm');

  beforeAll(async () => {
    writeFileSync(misbehaving, await guestComponent('misbehaving'));
  });

  it('--guest-memory caps a guest that allocates without bound, and the task says out of memory', async () => {
    const hog = join(dir, 'memory-hog.wasm');
    writeFileSync(hog, await guestComponent('memory-hog'));
    const out = join(dir, 'hog.json');
    const capped = await cli(['run', '--component', hog, '--guest-memory', '64', '-o', out]);
    expect(capped.code).toBe(1);
    expect(capped.stdout).toContain(
      'workflow task failed: WASM workflow ran out of memory in poll-routine(0): it reached its 64 MiB limit',
    );
    const wrong = await cli(['run', '--component', hog, '--guest-memory', 'lots', '-o', out]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      '--guest-memory: "lots" is not a whole number of MiB from 1 to 65536',
    );
  });

  it('prints the failure of a failed workflow task and exits 1', async () => {
    const out = join(dir, 'fails-task.json');
    const { code, stdout } = await cli([
      'run',
      '--component',
      misbehaving,
      '--workflow',
      'fails-task',
      '-o',
      out,
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /run workflow-task-failed, \d+ ms\n {2}workflow task failed: guest failed the task\n/,
    );
    expect(historyIn(out).at(-1)?.eventType).toBe(ET['WorkflowTaskFailed']);
  });

  it('stops a guest call that never returns after --call-limit and records the failed task', async () => {
    const out = join(dir, 'loops.json');
    const { code, stdout } = await cli([
      'run',
      '--component',
      misbehaving,
      '--workflow',
      'loops-in-poll',
      '--call-limit',
      '1',
      '-o',
      out,
    ]);
    expect(code).toBe(1);
    const message =
      'The workflow code did not return within 1 s in poll-routine(0) of activation 1; the engine stopped it.';
    expect(stdout).toContain(`workflow task failed: ${message}`);
    const last = historyIn(out).at(-1);
    expect(last?.workflowTaskFailedEventAttributes?.failure?.message).toBe(message);
  });

  it("runs the activities of --activities: the saga's car booking fails and the bookings are compensated", async () => {
    const component = join(dir, 'saga.wasm');
    const built = await buildComponent(join(REPO, 'examples', 'saga', 'workflow.ts'));
    writeFileSync(component, built.component);
    const out = join(dir, 'saga.json');
    const { code, stdout } = await cli([
      'run',
      '--component',
      component,
      '--input',
      JSON.stringify([{ traveller: 'Ada', from: 'LHR', to: 'SFO' }]),
      '--activities',
      join(REPO, 'examples', 'saga', 'activities.ts'),
      '-o',
      out,
    ]);
    // A failed workflow is a finished run, not a failed command.
    expect(code).toBe(0);
    // examples/saga/activities.ts: bookCar throws "No cars left in <to>"; the others succeed.
    expect(stdout).toContain('run failed');
    expect(stdout).toContain('No cars left in SFO');
    const events = historyIn(out);
    const scheduled = events
      .filter((e) => e.eventType === ET['ActivityTaskScheduled'])
      .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
    // The saga compensates what it booked, newest first (examples/saga/example.json).
    expect(scheduled).toEqual([
      'bookFlight',
      'bookHotel',
      'bookCar',
      'cancelHotel',
      'cancelFlight',
    ]);
    const carFailed = events.find((e) => e.eventType === ET['ActivityTaskFailed']);
    expect(carFailed?.activityTaskFailedEventAttributes?.failure?.message).toBe(
      'No cars left in SFO',
    );
    expect(events.at(-1)?.eventType).toBe(ET['WorkflowExecutionFailed']);
  });

  // A bundled example's component (public/examples/<id>.wasm); the Rust ones are built before
  // the unit tests (test/host/rust-guest.test.ts says how when they are not).
  it.skipIf(!rustExampleBuilt('signals-queries-updates'))(
    "runs a bundled example's own scenario when given none: its input and its signals",
    async () => {
      const meta = JSON.parse(
        readFileSync(
          join(REPO, 'examples-rust', 'signals-queries-updates', 'example.json'),
          'utf8',
        ),
      ) as {
        workflowType: string;
        input: unknown[];
        scenario: { signals: Array<{ name: string }> };
      };
      const out = join(dir, 'example-scenario.json');
      const { code } = await cli([
        'run',
        '--component',
        rustExamplePath('signals-queries-updates'),
        '-o',
        out,
      ]);
      expect(code).toBe(0);
      const events = historyIn(out);
      const started = events[0]!.workflowExecutionStartedEventAttributes!;
      expect(started.workflowType?.name).toBe(meta.workflowType);
      const input = (started.input?.payloads ?? []).map((p) =>
        JSON.parse(new TextDecoder().decode(p.data as Uint8Array)),
      );
      expect(input).toEqual(meta.input);
      const signalled = events
        .filter((e) => e.eventType === ET['WorkflowExecutionSignaled'])
        .map((e) => e.workflowExecutionSignaledEventAttributes?.signalName);
      expect(signalled).toEqual(meta.scenario.signals.map((signal) => signal.name));
    },
  );

  // Needs `npm run build:rust-examples` (test/host/rust-guest.test.ts says so when it skips).
  it.skipIf(!rustExampleBuilt('timers-cancellation'))(
    "runs a Rust example (rust-<id>.wasm) with the TypeScript example's activities",
    async () => {
      const out = join(dir, 'rust-timers.json');
      const { code, stdout, stderr } = await cli([
        'run',
        '--component',
        rustExamplePath('timers-cancellation'),
        '--input',
        '[["order-1001", 4999]]',
        '-o',
        out,
      ]);
      expect(stderr).toContain(join('examples', 'timers-cancellation', 'activities.ts'));
      expect(code).toBe(0);
      expect(stdout).toContain('run completed');
      const last = historyIn(out).at(-1);
      const result = last?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0]?.data;
      // chargeCard of examples/timers-cancellation/activities.ts, JSON-encoded by the crate.
      expect(new TextDecoder().decode(result ?? new Uint8Array())).toBe('"charge-order-1001-4999"');
    },
  );
});
