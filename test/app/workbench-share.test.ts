/**
 * Sharing on the engine worker's side, driven in Node with a real history and the real example
 * component: the state the workbench puts in a link or a bundle, and the plan the page gets back
 * when it opens one. Expected plans are written out from the session each test sets up and from
 * planSession's documented order (component, history, mode, breakpoints, cursor, filter,
 * selection), never read back from the code under test.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Workbench } from '../../src/engine/workbench/workbench.ts';
import { openShare } from '../../src/engine/workbench/share.ts';
import type { ShareView } from '../../src/engine/remote/protocol.ts';
import { NO_FILTER } from '../../src/engine/inspect/event-search.ts';
import { History } from '../../src/engine/proto/index.ts';
import { loadHistory } from '../../src/engine/history/index.ts';
import { helloComponent } from '../host/fixtures.ts';
import { HistoryBuilder } from '../history-builder.ts';
import { SMORGASBORD, smorgasbordBytes, smorgasbordRaw } from '../inspect/smorgasbord.ts';

const buffer = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const noProgress = () => {};
const APP = 'https://playground.example/app/';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const greetHistory = () =>
  History.encode({
    events: new HistoryBuilder()
      .started('greet', ['Temporal'])
      .workflowTask()
      .completed('Hello, Temporal! (from greet)').events,
  });

async function smorgasbordAtStep(steps: number) {
  const bench = new Workbench();
  await bench.openHistory({ kind: 'bytes', bytes: buffer(smorgasbordBytes()) }, SMORGASBORD);
  for (let i = 0; i < steps; i++) await bench.step({ kind: 'forward' }, noProgress);
  return bench;
}

async function linkOf(bench: Workbench, view: ShareView) {
  const offer = await bench.shareLink(view, APP);
  expect(offer.linkError).toBeUndefined();
  return offer.link!.url;
}

describe('sharing from the workbench', () => {
  it('puts the session in a link whose plan reopens it: history, mode, breakpoints, cursor, view', async () => {
    const bench = await smorgasbordAtStep(3);
    bench.setBreakpoints([
      { kind: 'event', eventId: 15 },
      { kind: 'event-type', eventType: 'TimerFired' },
    ]);
    const filter = { ...NO_FILTER, categories: ['timer' as const], text: 'Fired', regex: true };
    const url = await linkOf(bench, { filter, selection: { kind: 'event', eventId: 29 } });
    expect(url.startsWith(`${APP}#share=v1.`)).toBe(true);

    const plan = (await openShare({ kind: 'fragment', fragment: new URL(url).hash }))!;
    const [history, ...rest] = plan.actions;
    expect(history).toMatchObject({
      kind: 'open-history',
      source: { kind: 'bytes', label: SMORGASBORD },
    });
    // The history travels whole: every event of the file, loaded back from the link's bytes.
    const source = (history as { source: { bytes: ArrayBuffer } }).source;
    expect(loadHistory(new Uint8Array(source.bytes)).events).toHaveLength(smorgasbordRaw().length);
    expect(rest).toEqual([
      { kind: 'set-mode', mode: 'echo' },
      {
        kind: 'set-breakpoints',
        breakpoints: [
          { kind: 'event', eventId: 15 },
          { kind: 'event-type', eventType: 'TimerFired' },
        ],
      },
      { kind: 'go-to-step', step: 2 },
      { kind: 'set-filter', filter },
      { kind: 'select', selection: { kind: 'event', eventId: 29 } },
    ]);
  });

  it('names the component as the page got it: example, https URL (pinned), or file (by hash)', async () => {
    const hello = await helloComponent();
    const bench = new Workbench();
    await bench.loadCode({ kind: 'bytes', bytes: buffer(hello), label: 'hello.wasm' });
    await bench.openHistory({ kind: 'bytes', bytes: buffer(greetHistory()) }, 'greet.bin');
    const hash = sha256(hello);
    const componentOf = async (view: ShareView) => (await bench.shareLink(view, APP)).component;
    const view = { filter: NO_FILTER };
    expect(await componentOf({ ...view, component: { kind: 'example', id: 'hello' } })).toEqual({
      kind: 'example',
      id: 'hello',
    });
    expect(
      await componentOf({ ...view, component: { kind: 'url', url: 'https://ci.example/w.wasm' } }),
    ).toEqual({ kind: 'url', url: 'https://ci.example/w.wasm', sha256: hash });
    const byHash = { kind: 'sha256', sha256: hash, label: 'hello.wasm', size: hello.length };
    // An http URL names the sender's own machine: the receiver gets the file's hash instead.
    expect(
      await componentOf({
        ...view,
        component: { kind: 'url', url: 'http://127.0.0.1:8080/w.wasm' },
      }),
    ).toEqual(byHash);
    expect(await componentOf({ ...view, component: { kind: 'file' } })).toEqual(byHash);
    // Replaying the history alone needs no code: the receiver is not asked for a local file.
    await bench.setMode('echo', noProgress);
    expect(await componentOf({ ...view, component: { kind: 'file' } })).toBeUndefined();
  });

  it('names a history opened from an https URL instead of carrying it', async () => {
    const bench = await smorgasbordAtStep(1);
    const offer = await bench.shareLink(
      { filter: NO_FILTER, historyUrl: 'https://ci.example/h.json' },
      APP,
    );
    expect(offer.history).toEqual({ kind: 'url', url: 'https://ci.example/h.json' });
    const plan = (await openShare({ kind: 'fragment', fragment: new URL(offer.link!.url).hash }))!;
    expect(plan.actions[0]).toEqual({
      kind: 'open-history',
      source: { kind: 'url', url: 'https://ci.example/h.json' },
    });
  });

  it('moves the cursor to a guest call within an activation', async () => {
    const bench = new Workbench();
    await bench.loadCode({
      kind: 'bytes',
      bytes: buffer(await helloComponent()),
      label: 'hello.wasm',
    });
    await bench.openHistory({ kind: 'bytes', bytes: buffer(greetHistory()) }, 'greet.bin');
    const moved = await bench.step({ kind: 'to-step', index: 0, call: 1 }, noProgress);
    expect(moved.cursor).toEqual({ step: 0, call: 1 });
    const url = await linkOf(bench, { filter: NO_FILTER, component: { kind: 'file' } });
    const plan = (await openShare({ kind: 'fragment', fragment: new URL(url).hash }))!;
    expect(plan.actions).toContainEqual({ kind: 'go-to-step', step: 0, call: 1 });
  });

  it('puts the component bytes in a bundle, named by their hash', async () => {
    const hello = await helloComponent();
    const bench = new Workbench();
    await bench.loadCode({ kind: 'bytes', bytes: buffer(hello), label: 'hello.wasm' });
    await bench.openHistory({ kind: 'bytes', bytes: buffer(greetHistory()) }, 'greet.bin');
    await bench.step({ kind: 'forward' }, noProgress);
    const file = await bench.shareBundle({
      filter: NO_FILTER,
      component: { kind: 'example', id: 'hello' },
    });
    expect(file.name).toBe('greet.wpbundle');
    expect(Buffer.from(file.bytes.slice(0, 8)).toString('latin1')).toBe('WPBUNDLE');
    const plan = (await openShare({ kind: 'bundle', file: new Blob([file.bytes]) }))!;
    const load = plan.actions[0] as { kind: string; source: { kind: string; bytes: ArrayBuffer } };
    expect(load).toMatchObject({
      kind: 'load-component',
      source: { kind: 'bytes', label: 'hello.wasm', sha256: sha256(hello) },
    });
    expect(sha256(new Uint8Array(load.source.bytes))).toBe(sha256(hello));
    expect(plan.actions.slice(1).map((a) => a.kind)).toEqual([
      'open-history',
      'set-mode',
      'set-breakpoints',
      'go-to-step',
      'set-filter',
    ]);
    expect(plan.actions).toContainEqual({ kind: 'set-mode', mode: 'component' });
    expect(plan.actions).toContainEqual({ kind: 'go-to-step', step: 0 });
  });

  it('replays with the workflow id a shared session names, and shares it on', async () => {
    const bench = new Workbench();
    await bench.loadCode({
      kind: 'bytes',
      bytes: buffer(await helloComponent()),
      label: 'hello.wasm',
    });
    await bench.openHistory(
      { kind: 'bytes', bytes: buffer(greetHistory()) },
      'greet.bin',
      'order-1001',
    );
    await bench.step({ kind: 'forward' }, noProgress);
    const detail = await bench.stepDetail(0);
    expect(JSON.stringify(detail.activation)).toContain('"workflowId":"order-1001"');
    const url = await linkOf(bench, { filter: NO_FILTER, component: { kind: 'file' } });
    const plan = (await openShare({ kind: 'fragment', fragment: new URL(url).hash }))!;
    expect(plan.actions).toContainEqual(
      expect.objectContaining({ kind: 'open-history', workflowId: 'order-1001' }),
    );
  });

  it("carries a simulated history's scenario beside it, and forgets it once another opens", async () => {
    const bench = new Workbench();
    await bench.loadCode({
      kind: 'bytes',
      bytes: buffer(await helloComponent()),
      label: 'hello.wasm',
    });
    const scenario = { workflowType: 'greet', input: ['Shared'] };
    await bench.simulate(scenario, undefined, noProgress);
    const view = { filter: NO_FILTER, component: { kind: 'example', id: 'hello' } } as const;
    const plan = await openShare({
      kind: 'fragment',
      fragment: new URL(await linkOf(bench, view)).hash,
    });
    // planSession's order: the recorded history opens, then the scenario is kept beside it.
    expect(plan!.actions.map((a) => a.kind).slice(0, 3)).toEqual([
      'load-component',
      'open-history',
      'set-scenario',
    ]);
    expect(plan!.state.scenario).toEqual(scenario);
    await bench.openHistory({ kind: 'bytes', bytes: buffer(greetHistory()) }, 'greet.bin');
    const again = await openShare({
      kind: 'fragment',
      fragment: new URL(await linkOf(bench, view)).hash,
    });
    expect(again!.state.scenario).toBeUndefined();
  });

  it('reports a link it cannot open as the share error, not a crash', async () => {
    await expect(
      openShare({ kind: 'fragment', fragment: '#share=v1.100.abc' }),
    ).rejects.toMatchObject({
      error: { code: 'truncated', message: expect.stringMatching(/^the link is cut off/) },
    });
    expect(await openShare({ kind: 'fragment', fragment: '#section-2' })).toBeNull();
  });
});
