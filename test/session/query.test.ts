/**
 * Queries at the cursor on the signals-queries example: answered from the workflow's state after
 * each activation (waiting before the `approve` signal of its scenario, approved from the second
 * activation on), on a copy: the session's trace and what it replays next are unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as activities from '../../examples/signals-queries/activities.ts';
import { loadComponent } from '../../src/engine/host/component.ts';
import { simulate } from '../../src/engine/sim/simulate.ts';
import { declaredQueries, queryAtCursor } from '../../src/engine/session/query.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { buildExample } from '../../src/node/build/examples.ts';
import { REPO } from '../paths.ts';

const meta = JSON.parse(
  readFileSync(join(REPO, 'examples', 'signals-queries', 'example.json'), 'utf8'),
) as { workflowType: string; input: unknown[]; scenario: Record<string, unknown> };

describe('queries at the cursor', () => {
  it('answer from the state at each activation, without disturbing the replay', async () => {
    const code = await loadComponent((await buildExample('signals-queries')).component);
    const { events } = await simulate(
      code,
      { ...meta.scenario, workflowType: meta.workflowType, input: meta.input },
      { activities },
    );
    const straight = ReplaySession.open(events, { kind: 'component', component: code });
    await straight.runToEnd();

    const session = ReplaySession.open(events, { kind: 'component', component: code });
    expect(declaredQueries(session, 'expenseApproval')).toEqual(['status']);
    expect(await queryAtCursor(session, { name: 'status', args: [] })).toEqual({
      ok: false,
      error: 'no activation has run yet: step to the first activation to query the workflow',
    });
    const states: unknown[] = [];
    while (await session.stepForward()) {
      const traced = session.driverTrace.length;
      const answer = await queryAtCursor(session, { name: 'status', args: [] });
      expect(answer.ok && answer.encoding).toBe('json/plain');
      states.push(answer.ok ? (answer.value as { state: string }).state : answer.error);
      expect(session.driverTrace.length).toBe(traced);
    }
    expect(states).toEqual(['waiting', 'approved', 'approved', 'approved']);
    const strip = (s: ReplaySession) =>
      JSON.stringify(
        s.driverTrace.map(({ atMs: _a, ...e }) => ({ ...e, durationMs: 0 })),
        (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v),
      );
    expect(strip(session)).toBe(strip(straight));

    // Back at the first activation (a restored checkpoint), the copy is of that state.
    await session.goTo(0);
    const first = await queryAtCursor(session, { name: 'status', args: [] });
    expect(first).toMatchObject({ ok: true, value: { state: 'waiting' } });
    const unknown = await queryAtCursor(session, { name: 'balance', args: ['usd'] });
    expect(unknown).toEqual({
      ok: false,
      error: 'Workflow did not register a handler for query "balance" (it has: status)',
    });
  }, 120_000);
});
