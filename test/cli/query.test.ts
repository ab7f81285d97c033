/**
 * `workflow-playground query` on the signals-queries example: the expense's `status` query asked
 * after each activation of its simulated run (the scenario approves at 2h, in the second
 * activation), answered from the workflow's state there, and clear errors for what cannot be asked.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExample, EXAMPLES_DIR, readExampleMeta } from '../../src/node/build/examples.ts';
import { cli } from './cli.ts';

describe('workflow-playground query', () => {
  const dir = mkdtempSync(join(tmpdir(), 'query-cli-'));
  const history = join(dir, 'expense.json');
  const component = join(dir, 'signals-queries.wasm');
  const query = (...args: string[]) =>
    cli(['query', '--component', component, '--history', history, ...args]);

  beforeAll(async () => {
    writeFileSync(component, (await buildExample('signals-queries')).component);
    // The example's own scenario (its input, and the approve signal at 2h) and activities.
    const meta = readExampleMeta('signals-queries');
    const scenario = join(dir, 'scenario.json');
    writeFileSync(
      scenario,
      JSON.stringify({ ...meta.scenario, workflowType: meta.workflowType, input: meta.input }),
    );
    const activities = join(EXAMPLES_DIR, 'signals-queries', 'activities.ts');
    const run = await cli([
      'run',
      '--component',
      component,
      '--scenario',
      scenario,
      '--activities',
      activities,
      '-o',
      history,
    ]);
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);

  it('answers status from the state at the activation asked for', async () => {
    const first = await query('--at', '1', '--query', 'status');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ expenseId: 'expense-77', state: 'waiting' });
    const second = await query('--at', '2', '--query', 'status', '--args', '[]');
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({
      expenseId: 'expense-77',
      state: 'approved',
      decidedBy: 'finance-lead',
    });
  }, 120_000);

  it('says what is wrong: an activation past the end, an unknown query, arguments that are not JSON', async () => {
    const past = await query('--at', '99', '--query', 'status');
    expect(past.code).toBe(1);
    expect(past.stderr).toMatch(
      /--at 99 is past the end: .*expense\.json replays in \d+ activations/,
    );
    const zero = await query('--at', '0', '--query', 'status');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--at "0" is not an activation number');
    const unknown = await query('--at', '1', '--query', 'balance');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'unknown query "balance": workflow expenseApproval declares status',
    );
    const bad = await query('--at', '1', '--query', 'status', '--args', '[1,');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--args is not JSON');
    const notArray = await query('--at', '1', '--query', 'status', '--args', '{"a":1}');
    expect(notArray.code).toBe(2);
    expect(notArray.stderr).toContain('--args must be a JSON array');
  }, 120_000);
});
