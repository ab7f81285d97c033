/**
 * Components for host tests: the real example and hand-written guests (`guests/*.js`, written
 * against the WIT world without the SDK) built with componentize-js and cached by content hash,
 * and broken inputs derived from them or made with wasm-tools.
 */
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildComponent, componentizeCached } from '../../src/node/build/build-component.ts';
import type { WasiFeature } from '../../src/node/build/componentize.ts';
import { enablePreopens } from '../../src/node/build/preopens.ts';
import { REPO } from '../paths.ts';

let hello: Promise<Uint8Array> | undefined;

export function helloComponent(): Promise<Uint8Array> {
  hello ??= buildComponent(join(REPO, 'examples', 'hello', 'workflow.ts')).then((r) => r.component);
  return hello;
}

export type GuestName =
  'misbehaving' | 'wasi-user' | 'ticker' | 'grower' | 'net-user' | 'loops-on-load' | 'memory-hog';

/** WASI features each guest is built with (the default build disables them all). */
const GUEST_FEATURES: Record<GuestName, WasiFeature[]> = {
  misbehaving: [],
  ticker: [],
  grower: [],
  'wasi-user': ['clocks', 'random', 'stdio'],
  'net-user': ['http'],
  'loops-on-load': [],
  'memory-hog': [],
};

const guests = new Map<GuestName, Promise<Uint8Array>>();

/** `test/host/guests/<name>.js` bundled with its helpers and componentized (cached by hash). */
export function guestComponent(name: GuestName): Promise<Uint8Array> {
  let built = guests.get(name);
  if (!built) {
    built = build({
      entryPoints: [join(REPO, 'test', 'host', 'guests', `${name}.js`)],
      absWorkingDir: REPO,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      external: ['temporal:workflow-runtime/*'],
      logLevel: 'silent',
    })
      .then((out) =>
        componentizeCached(out.outputFiles[0]!.text, { wasiFeatures: GUEST_FEATURES[name] }),
      )
      .then((r) => r.component);
    guests.set(name, built);
  }
  return built;
}

/** A real, valid component for a different world (`wasi`-free, exports one function). */
export async function wrongWorldComponent(): Promise<Uint8Array> {
  enablePreopens();
  const tools = await import('@bytecodealliance/jco-transpile/wasm-tools');
  const core = await tools.componentEmbed({
    dummy: true,
    witSource:
      'package acme:greeter@1.0.0;\nworld greeter {\n  export greet: func(name: string) -> string;\n}\n',
    world: 'greeter',
  });
  return tools.componentNew(core);
}

/**
 * A component of our world as temporalio-workflow 0.6.0+ declares it: the same package version,
 * plus the host function `patch-activation` (a dummy: its functions trap, which loading never
 * reaches). Made from a copy of wit/ with that one line added.
 */
export async function laterCrateComponent(): Promise<Uint8Array> {
  enablePreopens();
  const tools = await import('@bytecodealliance/jco-transpile/wasm-tools');
  const dir = mkdtempSync(join(tmpdir(), 'wit-later-crate-'));
  for (const name of readdirSync(join(REPO, 'wit'))) {
    let text = readFileSync(join(REPO, 'wit', name), 'utf8');
    if (name === 'host.wit') {
      const patched = text.replace(
        /(push-command: func\(command: workflow-command\);)/,
        '$1\n  patch-activation: func(patch-id: string) -> bool;',
      );
      if (patched === text) throw new Error('wit/host.wit no longer declares push-command');
      text = patched;
    }
    writeFileSync(join(dir, name), text);
  }
  const core = await tools.componentEmbed({ dummy: true, witPath: dir, world: 'workflow-module' });
  return tools.componentNew(core);
}

/** A seed-ABI (or other core) module from its text form in `test/host/wat/<name>.wat`. */
export async function watModule(name: string): Promise<Uint8Array> {
  const tools = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return tools.parse(readFileSync(join(REPO, 'test', 'host', 'wat', `${name}.wat`), 'utf8'));
}

export async function coreModule(): Promise<Uint8Array> {
  const tools = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return tools.parse('(module (func (export "run")))');
}

/** Deterministic noise (a fixed xorshift stream), so failures reproduce. */
export function randomBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
