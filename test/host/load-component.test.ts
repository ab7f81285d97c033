import { describe, expect, it } from 'vitest';
import { loadComponent } from '../../src/engine/host/component.ts';
import { HostError } from '../../src/engine/host/errors.ts';
import { detectWasmKind } from '../../src/engine/host/wasm-kind.ts';
import {
  coreModule,
  helloComponent,
  laterCrateComponent,
  randomBytes,
  wrongWorldComponent,
} from './fixtures.ts';

async function loadError(bytes: Uint8Array): Promise<HostError> {
  try {
    await loadComponent(bytes, 'test.wasm');
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(HostError);
    return thrown as HostError;
  }
  throw new Error('expected loading to fail');
}

describe('loading a component', () => {
  it('tells components, core modules and other bytes apart', async () => {
    expect(detectWasmKind(await helloComponent())).toBe('component');
    expect(detectWasmKind(await coreModule())).toBe('core-module');
    expect(() => detectWasmKind(randomBytes(100))).toThrow(/not WebAssembly/);
    expect(() => detectWasmKind(new Uint8Array())).toThrow(/empty/);
  });

  it('loads the example and lists its workflow types', async () => {
    const loaded = await loadComponent(await helloComponent());
    expect(loaded.workflows.map((w) => w.workflowType)).toEqual(['greet']);
    // Built with every WASI feature disabled: the only thing the component reaches is the host.
    expect(loaded.transpiled.imports).toEqual(['temporal:workflow-runtime/workflow-host']);
  });

  it('rejects random bytes, naming what they start with', async () => {
    const error = await loadError(randomBytes(4096));
    expect(error.code).toBe('not-wasm');
    expect(error.message).toMatch(
      /^test\.wasm is not WebAssembly: it starts with bytes [0-9a-f ]{11}/,
    );
  });

  it('rejects a truncated component with the decoder error', async () => {
    const hello = await helloComponent();
    for (const length of [6, 64, 4096, Math.floor(hello.length / 2)]) {
      const error = await loadError(hello.subarray(0, length));
      expect(['not-wasm', 'invalid-component']).toContain(error.code);
      expect(error.message).toMatch(/test\.wasm (is truncated|is not a valid component)/);
    }
  });

  it('rejects a component of another world, saying what it exports', async () => {
    const error = await loadError(await wrongWorldComponent());
    expect(error.code).toBe('wrong-world');
    expect(error.message).toContain(
      'exports greet but not temporal:workflow-runtime/workflow-guest@0.1.0',
    );
  });

  it('rejects a component built with a later temporalio-workflow, naming the host function it wants', async () => {
    const error = await loadError(await laterCrateComponent());
    expect(error.code).toBe('unsupported-import');
    expect(error.message).toContain(
      'test.wasm imports patch-activation from temporal:workflow-runtime/workflow-host@0.1.0',
    );
    expect(error.message).toContain('build with temporalio-workflow 0.5.0');
  });

  it('rejects a core module with a hint', async () => {
    const error = await loadError(await coreModule());
    expect(error.code).toBe('core-module');
    expect(error.message).toContain('not a component');
  });
});
