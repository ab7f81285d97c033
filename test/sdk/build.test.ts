/**
 * `workflow-playground build` turns user mistakes into messages that say what and where, before
 * componentize-js runs (bundling only: these tests take milliseconds).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleWorkflow } from '../../src/node/build/bundle.ts';
import { REPO } from '../paths.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A module written for one test, inside the repo so that it resolves the SDK like examples do. */
function module(name: string, source: string): string {
  const dir = mkdtempSync(join(REPO, '.cache', 'sdk-build-'));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

describe('building a workflow module', () => {
  it('names a missing workflow module', async () => {
    await expect(bundleWorkflow('nope/workflow.ts')).rejects.toThrow(
      'nope/workflow.ts: no such workflow module',
    );
  });

  it('gives the file, line and column of a syntax error', async () => {
    const path = module('workflow.ts', 'export async function f() {\n  return 1 +;\n}\n');
    await expect(bundleWorkflow(path)).rejects.toThrow(/workflow\.ts:2:13: Unexpected ";"/);
  });

  it('explains why Node built-ins cannot be imported', async () => {
    const path = module(
      'workflow.ts',
      'import { readFileSync } from "node:fs";\nexport const f = async () => readFileSync;\n',
    );
    await expect(bundleWorkflow(path)).rejects.toThrow(
      /Could not resolve "node:fs" \(workflow code runs inside a sandboxed component without Node built-ins; do I\/O in an activity\)/,
    );
  });

  it('says what an interceptor module must export', async () => {
    const interceptors = module('tracing.ts', 'export const notInterceptors = 1;\n');
    await expect(
      bundleWorkflow(join(REPO, 'examples', 'hello', 'workflow.ts'), {
        interceptors: [interceptors],
      }),
    ).rejects.toThrow(/tracing\.ts: an interceptor module must export `interceptors`/);
  });

  it("resolves '@temporalio/workflow' and '@temporalio/common' to this SDK", async () => {
    const path = module(
      'workflow.ts',
      [
        "import { sleep } from '@temporalio/workflow';",
        "import { ApplicationFailure } from '@temporalio/common';",
        'export async function ported(): Promise<void> {',
        "  await sleep('1s');",
        "  throw ApplicationFailure.nonRetryable('done');",
        '}',
      ].join('\n'),
    );
    const js = await bundleWorkflow(path);
    // esbuild names each bundled module in a comment: the SDK's, never the npm packages'.
    expect(js).toContain('// sdk/sleep.ts');
    expect(js).toContain('// sdk/failures.ts');
    expect(js).not.toContain('node_modules/@temporalio');
  });

  it('lowers async functions so the SDK can carry scopes across await', async () => {
    const js = await bundleWorkflow(join(REPO, 'examples', 'hello-activity', 'workflow.ts'));
    // No async function or arrow is left (an `await` can only live in one); generators run them.
    expect(js).not.toMatch(/\basync\s*(function\b|\(|[\w$]+\s*=>)/);
    expect(js).toContain('__async(');
    // The SDK's globals are installed before the workflow module is evaluated.
    expect(js.indexOf('installDeterminism();')).toBeLessThan(
      js.indexOf('function greetWithActivity'),
    );
  });
});
