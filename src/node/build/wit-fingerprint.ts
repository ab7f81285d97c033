/**
 * A fingerprint of a WIT world's ABI: the SHA-256 of the component type wasm-tools derives from it
 * (a dummy component's text form, minus producer metadata). Documentation comments do not reach the
 * component type, so two WIT trees with the same names, types and order have the same fingerprint.
 *
 * `npx tsx src/node/build/wit-fingerprint.ts <wit-dir>` prints it, e.g. for upstream's wit/ folder.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enablePreopens } from './preopens.ts';

export async function witFingerprint(witDir: string, world = 'workflow-module'): Promise<string> {
  enablePreopens();
  const tools = await import('@bytecodealliance/jco-transpile/wasm-tools');
  // wasm-tools sees the host file system through the preopened root, so paths must be absolute.
  const core = await tools.componentEmbed({ dummy: true, witPath: resolve(witDir), world });
  const wat = await tools.print(await tools.componentNew(core));
  const withoutProducers = wat.replace(/\(@producers[^]*?\n\s*\)\n/g, '');
  return createHash('sha256').update(withoutProducers).digest('hex');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: wit-fingerprint <wit-dir>');
    process.exit(2);
  }
  console.log(await witFingerprint(dir));
}
