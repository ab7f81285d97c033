import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enablePreopens } from '../../src/node/build/preopens.ts';
import { witFingerprint } from '../../src/node/build/wit-fingerprint.ts';
import { REPO } from '../paths.ts';

const WIT = join(REPO, 'wit');

/**
 * Fingerprint of upstream's `temporal:workflow-runtime@0.1.0`, computed with
 * src/node/build/wit-fingerprint.ts from temporalio/sdk-core branch wf-api-crate
 * (commit ec76e88caafc5f4f07891ee93e02ddc84366cf47), crates/workflow/wit/.
 */
const UPSTREAM_FINGERPRINT = '2cf7c5f404782050e1789bf5b1a3f74d0d06b164033cd9c85025a9a6f43af1e2';

const iface = (m: {
  namespace: string;
  package: string;
  interface: string;
  version?: { major: bigint; minor: bigint; patch: bigint };
}) =>
  `${m.namespace}:${m.package}/${m.interface}@${m.version?.major}.${m.version?.minor}.${m.version?.patch}`;

describe('wit/ world temporal:workflow-runtime/workflow-module@0.1.0', () => {
  it('imports workflow-host (and its types) and exports workflow-guest', async () => {
    enablePreopens();
    const tools = await import('@bytecodealliance/jco-transpile/wasm-tools');
    const meta = await tools.componentWitMetadataForWorld(
      { tag: 'path', val: WIT },
      'workflow-module',
    );
    expect(meta.imports.map(iface).sort()).toEqual([
      'temporal:workflow-runtime/types@0.1.0',
      'temporal:workflow-runtime/workflow-host@0.1.0',
    ]);
    expect(meta.exports.map(iface)).toEqual(['temporal:workflow-runtime/workflow-guest@0.1.0']);
  });

  it('has the same ABI as upstream (component-type fingerprint)', async () => {
    expect(await witFingerprint(WIT)).toBe(UPSTREAM_FINGERPRINT);
  });

  it('fingerprint sees case order but not comments', async () => {
    const copy = (edit: (types: string) => string) => {
      const dir = mkdtempSync(join(tmpdir(), 'wit-'));
      cpSync(WIT, dir, { recursive: true });
      const path = join(dir, 'types.wit');
      writeFileSync(path, edit(readFileSync(path, 'utf8')));
      return dir;
    };
    const reordered = copy((t) =>
      t.replace(
        'completed(payload),\n    failed(failure),',
        'failed(failure),\n    completed(payload),',
      ),
    );
    const recommented = copy((t) =>
      t.replace('/// Shared shapes.', '/// Different words, same ABI.'),
    );
    expect(await witFingerprint(reordered)).not.toBe(UPSTREAM_FINGERPRINT);
    expect(await witFingerprint(recommented)).toBe(UPSTREAM_FINGERPRINT);
  });
});
