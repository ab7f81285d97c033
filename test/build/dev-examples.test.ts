/**
 * `npm start`'s examples (issue 19 item 9): the manifest is there before anything is built, and
 * asking for one example builds that one only (through the real bundler and component cache).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LazyExamples } from '../../src/node/build/dev-examples.ts';
import { REPO } from '../paths.ts';

describe('the dev server builds examples lazily', () => {
  it('lists every example at once, and builds one when it is asked for', async () => {
    const logs: string[] = [];
    const examples = new LazyExamples((line) => logs.push(line));
    // Every folder with a workflow.ts, counted from the disk.
    const folders = readdirSync(join(REPO, 'examples'), { withFileTypes: true }).filter(
      (d) => d.isDirectory() && readdirSync(join(REPO, 'examples', d.name)).includes('workflow.ts'),
    );
    const before = examples.manifest().examples.filter((e) => e.language === undefined);
    expect(before).toHaveLength(folders.length);
    expect(before.every((e) => e.hash === undefined)).toBe(true);
    expect(logs).toEqual([]);

    const bytes = await examples.component('hello');
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
    const after = examples.manifest().examples;
    // Rust examples are listed as `build:rust-examples` left them; of the TypeScript ones, only
    // the one asked for is built.
    expect(
      after.filter((e) => e.language === undefined && e.hash !== undefined).map((e) => e.id),
    ).toEqual(['hello']);
    expect(after.find((e) => e.id === 'hello')!.bytes).toBe(bytes.length);
    expect(logs).toHaveLength(1);
    // Asked again: the same build, not another.
    await examples.component('hello');
    expect(logs).toHaveLength(1);
  }, 300_000);
});
