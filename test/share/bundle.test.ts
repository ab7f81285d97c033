/**
 * Bundles: a session with a real component (the hello example, built with componentize-js) and a
 * real history goes into one file and comes back byte for byte; a file that is not a bundle, or a
 * bundle cut short or damaged, gives a clear error.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHistory, type LoadedHistory } from '../../src/engine/history/index.ts';
import {
  createBundle,
  isBundle,
  openBundle,
  planSession,
  type ShareState,
} from '../../src/engine/share/index.ts';
import { helloComponent } from '../host/fixtures.ts';
import { sample } from '../history/samples.ts';
import { craftBundle, craftPayload } from './craft.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a bundle', () => {
  let component: Uint8Array;
  let history: LoadedHistory;
  let state: ShareState;
  let file: Uint8Array;

  beforeAll(async () => {
    component = await helloComponent();
    history = loadHistory(sample('sdk-typescript/otel_v2_smorgasbord_1_18_1.json').bytes);
    state = {
      history: { kind: 'inline', label: 'smorgasbord.json' },
      component: {
        kind: 'sha256',
        sha256: sha256(component),
        label: 'hello.wasm',
        size: component.length,
      },
      mode: 'component',
      cursor: { step: 4 },
      breakpoints: [{ kind: 'event-type', eventType: 'ActivityTaskCompleted' }],
      selection: { kind: 'event', eventId: 12 },
    };
    const made = await createBundle({ state, history, component });
    if (!made.ok) throw new Error(made.error.message);
    file = made.value.bytes;
  });

  it('starts with its own signature and is smaller than its parts', () => {
    expect(isBundle(file)).toBe(true);
    expect(new TextDecoder().decode(file.subarray(0, 8))).toBe('WPBUNDLE');
    expect(file.length).toBeLessThan(component.length / 2);
  });

  it('opens from a picked or dropped file with everything in it', async () => {
    const opened = await openBundle(new File([file as BlobPart], 'repro.wpbundle'));
    if (!opened.ok) throw new Error(opened.error.message);
    const { value } = opened;
    expect(value.state).toEqual(state);
    expect(sha256(value.component!.bytes)).toBe(sha256(component));
    expect(value.component!.label).toBe('hello.wasm');
    expect(value.history!.loaded.events.length).toBe(history.events.length);
    // (Typed arrays this large are compared by identity: deep equality would walk 16 M keys.)
    const [load] = planSession(value);
    expect(load?.kind === 'load-component' && load.source).toMatchObject({
      kind: 'bytes',
      sha256: sha256(component),
      label: 'hello.wasm',
    });
    expect(
      load?.kind === 'load-component' && load.source.kind === 'bytes' && load.source.bytes,
    ).toBe(value.component!.bytes);
  });

  it('is refused when it is something else: a history, a component, a link payload', async () => {
    const notBundles = [
      sample('sdk-core/timer_workflow_history.bin').bytes,
      component.subarray(0, 4096),
      new Uint8Array(deflateSync(craftPayload({ state }))),
      new Uint8Array(0),
    ];
    for (const bytes of notBundles) {
      expect(isBundle(bytes)).toBe(false);
      expect(await openBundle(bytes)).toEqual({
        ok: false,
        error: { code: 'not-a-share', message: 'the file is not a Workflow Playground bundle' },
      });
    }
  });

  it('cut short (an interrupted download) says so', async () => {
    for (const keep of [12, Math.floor(file.length / 3), file.length - 2]) {
      const result = await openBundle(new Blob([file.subarray(0, keep) as BlobPart]));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code, `keeping ${keep} bytes`).toBe('truncated');
        expect(result.error.message).toMatch(/^the bundle ends early/);
      }
    }
  });

  it('damaged in the middle fails its checksum', async () => {
    const damaged = file.slice();
    const middle = Math.floor(damaged.length / 2);
    damaged[middle] = damaged[middle]! ^ 0x40;
    const result = await openBundle(damaged);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('damaged');
  });

  it('with a component that is not the one its state names', async () => {
    const payload = craftPayload({
      state: { ...state, component: { kind: 'sha256', sha256: 'f'.repeat(64) } },
      history: new Uint8Array(sample('sdk-typescript/otel_v2_smorgasbord_1_18_1.json').bytes),
      component: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
    });
    const result = await openBundle(craftBundle(payload));
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'damaged',
        message: `the component in the bundle is damaged: its SHA-256 is ${sha256(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))}, the state expects ${'f'.repeat(64)}`,
      },
    });
  });
});
