/**
 * The bridge in replay mode, end to end in Node: real sdk-core's replay worker builds every
 * activation, the page client (src/app/bridge/client.ts) runs it through the real example
 * components on the engine, and sdk-core judges the completions. Expectations come from the
 * histories (written by hand for the components' known behaviour) and sdk-core's rules: a replay
 * that applies every task ends with a LANG_REQUESTED eviction ("ok"), a command that does not match
 * the recorded event is a NONDETERMINISM eviction.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadComponent } from '../../src/engine/host/component.ts';
import { simulate, type SimulateOptions } from '../../src/engine/sim/simulate.ts';
import { rustExampleBuilt, rustExamplePath } from '../../src/node/build/rust-examples.ts';
import { REPO } from '../paths.ts';
import { History, jobVariant } from '../../src/engine/proto/index.ts';
import { fromPayload } from '../../src/engine/proto/payload.ts';
import { guestComponent, helloComponent } from '../host/fixtures.ts';
import {
  clientPage,
  eventually,
  greetExpectingTimer,
  greetHistory,
  ofKind,
  replayOf,
  startBridge,
  stopStarted,
  tickerHistory,
} from './harness.ts';

afterEach(stopStarted);

describe('replay mode, the page running the component', () => {
  it('runs hello: the page completes the activation and sdk-core reports success', async () => {
    const { bridge } = await startBridge({ mode: replayOf(greetHistory()) });
    const page = await clientPage(bridge, await helloComponent());
    const ended = await eventually(() => ofKind(page.events, 'run-ended')[0], 'the run to end');

    const [welcome] = ofKind(page.events, 'welcome');
    expect(welcome?.welcome).toMatchObject({ protocol: 2, mode: 'replay', lang: 'page' });
    const [activation] = ofKind(page.events, 'activation');
    expect(activation).toMatchObject({ index: 0, ranBy: 'page', run: { workflowType: 'greet' } });
    expect(activation!.activation.jobs?.map(jobVariant)).toEqual(['initializeWorkflow']);
    const [done] = ofKind(page.events, 'activation-done');
    // The host makes the terminal command from main's `terminal` result (the upstream host's rule).
    expect(done).toMatchObject({ index: 0, by: 'page', origins: ['host'] });
    // What sdk-core was given: the run completed with hello's greeting.
    const [command] = done!.completion.successful?.commands ?? [];
    expect(fromPayload(command?.completeWorkflowExecution?.result)).toBe(
      'Hello, Temporal! (from greet)',
    );
    expect(done!.trace.map((e) => e.type)).toContain('instantiate');
    expect(ended).toMatchObject({
      reason: 'LANG_REQUESTED',
      verdict: { kind: 'ok', lastProcessedEventId: 5 },
      run: { workflowType: 'greet', workflowId: 'wf-bridge' },
    });
    // The order the page saw things in: each activation before its completion, the end last.
    expect(page.events.map((e) => e.kind).filter((k) => k !== 'bridge-status')).toEqual([
      'connection',
      'connection',
      'welcome',
      'activation',
      'activation-done',
      'run-ended',
    ]);
    expect(ofKind(page.events, 'protocol-error')).toEqual([]);
    page.client.close();
  });

  it('runs a multi-task history: every activation arrives, in order, and is completed', async () => {
    const { bridge } = await startBridge({ mode: replayOf(tickerHistory(4)) });
    const page = await clientPage(bridge, await guestComponent('ticker'));
    const ended = await eventually(() => ofKind(page.events, 'run-ended')[0], 'the run to end');
    expect(ended.verdict).toMatchObject({ kind: 'ok' });
    // 4 workflow tasks: initialize, then timers 1, 2 and 3 firing.
    const activations = ofKind(page.events, 'activation');
    expect(activations.map((a) => a.index)).toEqual([0, 1, 2, 3]);
    expect(activations.map((a) => jobVariant(a.activation.jobs![0]!))).toEqual([
      'initializeWorkflow',
      'fireTimer',
      'fireTimer',
      'fireTimer',
    ]);
    const done = ofKind(page.events, 'activation-done');
    expect(done.map((d) => d.by)).toEqual(['page', 'page', 'page', 'page']);
    expect(
      done.map((d) =>
        d.completion.successful
          ? d.completion.successful.commands?.map((c) => c.startTimer?.seq)
          : d.completion.failed?.failure?.message,
      ),
    ).toEqual([[1], [2], [3], [4]]);
    expect(ofKind(page.events, 'protocol-error')).toEqual([]);
    page.client.close();
  });

  it('reports the nondeterminism sdk-core finds when the component diverges from the history', async () => {
    const { bridge } = await startBridge({ mode: replayOf(greetExpectingTimer()) });
    const page = await clientPage(bridge, await helloComponent());
    const ended = await eventually(() => ofKind(page.events, 'run-ended')[0], 'the run to end');
    // Event 5 is TimerStarted; hello completed the workflow instead.
    expect(ended.reason).toBe('NONDETERMINISM');
    expect(ended.verdict).toMatchObject({ kind: 'nondeterminism', eventId: 5 });
    expect(String(ended.verdict!['message'])).toMatch(/^\[TMPRL1100\] Nondeterminism error: /);
    expect(ofKind(page.events, 'protocol-error')).toEqual([]);
    page.client.close();
  });
});

describe('replay mode, the history replayed', () => {
  it('is sent to a page that asks for it by workflow id, for the debugger', async () => {
    const events = tickerHistory(3);
    const { bridge } = await startBridge({ mode: replayOf(events) });
    const page = await clientPage(bridge, await guestComponent('ticker'));
    await eventually(() => ofKind(page.events, 'welcome')[0], 'the welcome');
    const fetched = await page.client.fetchHistory('wf-bridge');
    expect(fetched).toMatchObject({ workflowId: 'wf-bridge', events: events.length, pages: 1 });
    expect(History.toJSON(History.decode(fetched.history))).toEqual(History.toJSON({ events }));
    // Another workflow id: the bridge says which history it has.
    await expect(page.client.fetchHistory('other')).rejects.toMatchObject({
      code: 'not-found',
      message: 'this bridge replays test history as workflow wf-bridge; it has no history of other',
    });
    page.client.close();
  });
});

describe('replay mode, the bridge running the component', () => {
  it('streams each activation and its trace to a page that only watches', async () => {
    const { bridge } = await startBridge({
      mode: replayOf(tickerHistory(3)),
      component: { bytes: await guestComponent('ticker'), label: 'ticker.wasm' },
    });
    const page = await clientPage(bridge, undefined);
    const ended = await eventually(() => ofKind(page.events, 'run-ended')[0], 'the run to end');
    expect(ended.verdict).toMatchObject({ kind: 'ok' });
    expect(ofKind(page.events, 'welcome')[0]?.welcome).toMatchObject({
      lang: 'bridge',
      component: { label: 'ticker.wasm', workflowTypes: ['ticker'] },
    });
    expect(ofKind(page.events, 'activation').map((a) => [a.index, a.ranBy])).toEqual([
      [0, 'bridge'],
      [1, 'bridge'],
      [2, 'bridge'],
    ]);
    const done = ofKind(page.events, 'activation-done');
    expect(done.map((d) => d.by)).toEqual(['bridge', 'bridge', 'bridge']);
    // The second activation's trace, as the host recorded it: activate, the polls of main, the timer.
    expect(done[1]!.trace.map((e) => e.type)).toEqual(['activate', 'poll', 'command', 'poll']);
    expect(done[1]!.completion.successful?.commands?.map((c) => c.startTimer?.seq)).toEqual([2]);
    expect(done[1]!.origins).toEqual(['guest']);
    expect(ofKind(page.events, 'protocol-error')).toEqual([]);
    page.client.close();
  });
});

// The Rust examples (examples-rust/), built by `npm run build:rust-examples`; skipped without
// them (test/host/rust-guest.test.ts says so).
const RUST = ['hello-activity', 'patching-1-original', 'patching-3-forgot-patch', 'raw-wit-timer'];
describe.skipIf(!RUST.every(rustExampleBuilt))(
  'replay mode, the page running a Rust component',
  () => {
    const bytes = (id: string) => new Uint8Array(readFileSync(rustExamplePath(id)));
    /** A simulated run of a Rust example (its TypeScript twin's activities where it has any). */
    async function recorded(id: string, workflowType: string, activitiesOf?: string) {
      const activities = activitiesOf
        ? ((await import(
            join(REPO, 'examples', activitiesOf, 'activities.ts')
          )) as SimulateOptions['activities'])
        : undefined;
      const result = await simulate(
        await loadComponent(bytes(id)),
        { workflowType, input: ['Temporal'] },
        activities ? { activities } : {},
      );
      expect(result.outcome).toBe('completed');
      return result.events;
    }

    it.each([
      ['hello-activity', 'GreetWithActivity', 'hello-activity', 2],
      ['raw-wit-timer', 'RawTimer', undefined, 2],
    ])(
      'rust-%s: the page completes every activation and sdk-core reports success',
      async (id, workflowType, activitiesOf, tasks) => {
        const { bridge } = await startBridge({
          mode: replayOf(await recorded(id, workflowType, activitiesOf)),
        });
        const page = await clientPage(bridge, bytes(id));
        const ended = await eventually(() => ofKind(page.events, 'run-ended')[0], 'the run to end');
        expect(ended).toMatchObject({ reason: 'LANG_REQUESTED', verdict: { kind: 'ok' } });
        const done = ofKind(page.events, 'activation-done');
        expect(done.map((d) => d.by)).toEqual(Array<string>(tasks).fill('page'));
        // The last task completes the run: the host made the command from main's terminal result.
        expect(done.at(-1)!.origins).toEqual(['host']);
        expect(
          done.at(-1)!.completion.successful?.commands?.[0]?.completeWorkflowExecution,
        ).toBeTruthy();
        expect(ofKind(page.events, 'protocol-error')).toEqual([]);
        page.client.close();
      },
    );

    it('a Rust v1 run replayed with v3 (no patch): sdk-core finds the nondeterminism at event 5', async () => {
      const v1 = await recorded('patching-1-original', 'PatchedGreeting');
      const { bridge } = await startBridge({ mode: replayOf(v1) });
      const page = await clientPage(bridge, bytes('patching-3-forgot-patch'));
      const ended = await eventually(() => ofKind(page.events, 'run-ended')[0], 'the run to end');
      expect(ended.reason).toBe('NONDETERMINISM');
      // Event 5 is v1's TimerStarted; v3 scheduled composeGreeting instead.
      expect(ended.verdict).toMatchObject({ kind: 'nondeterminism', eventId: 5 });
      expect(ofKind(page.events, 'protocol-error')).toEqual([]);
      page.client.close();
    });
  },
);
