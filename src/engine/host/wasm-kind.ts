import { HostError } from './errors.ts';

/**
 * What a byte string is, from its 8-byte preamble: `\0asm`, then a version/layer word. Core
 * modules carry version 1 layer 0; components carry layer 1 (version 0x0d is the component-model
 * encoding current toolchains emit).
 */
export type WasmKind = 'component' | 'core-module';

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const COMPONENT_VERSION = 0x0d;

export function detectWasmKind(bytes: Uint8Array, label = 'the file'): WasmKind {
  if (bytes.length === 0) throw new HostError('empty', `${label} is empty (0 bytes).`);
  const magicOk = MAGIC.every((b, i) => bytes[i] === b);
  if (!magicOk) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new HostError(
      'not-wasm',
      `${label} is not WebAssembly: it starts with bytes ${head}, expected 00 61 73 6d ("\\0asm").`,
    );
  }
  if (bytes.length < 8) {
    throw new HostError(
      'not-wasm',
      `${label} is truncated: ${bytes.length} bytes, too short for a WebAssembly header (8 bytes).`,
    );
  }
  const version = bytes[4]! | (bytes[5]! << 8);
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (layer === 0) return 'core-module';
  if (layer === 1 && version === COMPONENT_VERSION) return 'component';
  throw new HostError(
    'unsupported-version',
    `${label} is a WebAssembly ${layer === 1 ? 'component' : `layer-${layer} binary`} with ` +
      `encoding version 0x${version.toString(16)}; this host reads component encoding ` +
      `0x${COMPONENT_VERSION.toString(16)}.`,
  );
}
