/**
 * Components for host tests: the real example built with componentize-js (cached by content hash),
 * and broken inputs derived from it or made with wasm-tools.
 */
import { join } from 'node:path';
import { buildComponent } from '../../src/node/build/build-component.ts';
import { enablePreopens } from '../../src/node/build/preopens.ts';
import { REPO } from '../paths.ts';

let hello: Promise<Uint8Array> | undefined;

export function helloComponent(): Promise<Uint8Array> {
  hello ??= buildComponent(join(REPO, 'examples', 'hello', 'workflow.ts')).then((r) => r.component);
  return hello;
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
