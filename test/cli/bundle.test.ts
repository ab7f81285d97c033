/**
 * The bin runs the CLI's JavaScript bundle (bin/cli-bundle.js), not the TypeScript sources
 * through tsx: the bundle must be rebuilt when a source changes, or the CLI would run old code.
 */
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle, freshBundle } from '../../bin/cli-bundle.js';
import { REPO } from '../paths.ts';
import { cli } from './cli.ts';

const CURRENT = join(REPO, '.cache', 'cli', 'current.json');

describe('the CLI bundle', () => {
  it('is built from the CLI and the engine worker, and the bin runs it', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    const current = JSON.parse(readFileSync(CURRENT, 'utf8')) as { dir: string; inputs: string[] };
    expect(current.inputs).toEqual(
      expect.arrayContaining([
        'src/node/cli/main.ts',
        'src/node/cli/replay.ts',
        'src/node/engine-worker/worker.ts',
        'src/engine/session/session.ts',
      ]),
    );
    expect(statSync(join(REPO, '.cache', 'cli', current.dir, 'engine-worker.js')).isFile()).toBe(
      true,
    );
  });

  it('is stale once a source it was built from is newer, and fresh after a rebuild', async () => {
    if (!freshBundle()) await buildBundle();
    const source = join(REPO, 'src', 'node', 'cli', 'terminal.ts');
    const { atime, mtime } = statSync(source);
    try {
      // As an edit would leave it: modified after the build.
      utimesSync(source, atime, new Date());
      expect(freshBundle()).toBeUndefined();
      const rebuilt = await buildBundle();
      expect(freshBundle()).toBe(rebuilt);
    } finally {
      utimesSync(source, atime, mtime);
    }
  });
});
