/**
 * Reopening a shared session is a pure plan: the actions, in order, that recreate it. Expected
 * plans are written out by hand from what each link says.
 */
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/engine/history/index.ts';
import {
  UNFILTERED,
  createShareLink,
  openShareFragment,
  planSession,
  type OpenedShare,
  type ShareState,
} from '../../src/engine/share/index.ts';
import { sample } from '../history/samples.ts';

async function opened(fragment: string): Promise<OpenedShare> {
  const result = await openShareFragment(fragment);
  if (!result.ok || !result.value) throw new Error('did not open');
  return result.value;
}

async function viaLink(state: ShareState, withHistory = true): Promise<OpenedShare> {
  const history = loadHistory(sample('sdk-core/timer_workflow_history.bin').bytes);
  const link = await createShareLink({ state, ...(withHistory && { history }) }, 'http://x.test/');
  if (!link.ok) throw new Error(link.error.message);
  return opened(new URL(link.value.url).hash);
}

describe('the plan that reopens a shared session', () => {
  it('a stepped, filtered session with a component the receiver must pick', async () => {
    const share = await viaLink({
      history: { kind: 'inline', label: 'timer.bin' },
      component: { kind: 'sha256', sha256: 'c'.repeat(64), label: 'timer.wasm', size: 1234 },
      mode: 'component',
      cursor: { step: 1, call: 2 },
      breakpoints: [{ kind: 'event', eventId: 6 }],
      filter: { ...UNFILTERED, categories: ['timer'], text: 'fired' },
      selection: { kind: 'event', eventId: 6 },
      scenario: { workflowType: 'timer' },
      workflowId: 'wf-1',
      workflowFunction: 'timerV2',
    });
    expect(planSession(share)).toEqual([
      {
        kind: 'load-component',
        source: { kind: 'ask-file', sha256: 'c'.repeat(64), label: 'timer.wasm', size: 1234 },
      },
      {
        kind: 'open-history',
        source: { kind: 'loaded', history: share.history },
        workflowId: 'wf-1',
      },
      { kind: 'set-scenario', scenario: { workflowType: 'timer' } },
      // The workflow function chosen in the sender's page, carried through the link.
      { kind: 'set-mode', mode: 'component', workflowFunction: 'timerV2' },
      { kind: 'set-breakpoints', breakpoints: [{ kind: 'event', eventId: 6 }] },
      { kind: 'go-to-step', step: 1, call: 2 },
      { kind: 'set-filter', filter: { ...UNFILTERED, categories: ['timer'], text: 'fired' } },
      { kind: 'select', selection: { kind: 'event', eventId: 6 } },
    ]);
  });

  it('a readable link: fetch both by URL, clear breakpoints and filters the receiver had', async () => {
    const share = await opened(
      '#history=https://a.example/h.json&component=https://a.example/c.wasm&step=2&event=5',
    );
    expect(planSession(share)).toEqual([
      { kind: 'load-component', source: { kind: 'url', url: 'https://a.example/c.wasm' } },
      { kind: 'open-history', source: { kind: 'url', url: 'https://a.example/h.json' } },
      { kind: 'set-mode', mode: 'component' },
      { kind: 'set-breakpoints', breakpoints: [] },
      { kind: 'go-to-step', step: 2 },
      { kind: 'set-filter', filter: UNFILTERED },
      { kind: 'select', selection: { kind: 'event', eventId: 5 } },
    ]);
  });

  it('a simulated run with no recorded history: run the scenario with the bundled example', async () => {
    const share = await viaLink(
      {
        component: { kind: 'example', id: 'hello' },
        mode: 'component',
        cursor: { step: 0 },
        breakpoints: [],
        scenario: { workflowType: 'greet', input: ['Temporal'] },
      },
      false,
    );
    expect(planSession(share)).toEqual([
      { kind: 'load-component', source: { kind: 'example', id: 'hello' } },
      { kind: 'run-scenario', scenario: { workflowType: 'greet', input: ['Temporal'] } },
      { kind: 'set-mode', mode: 'component' },
      { kind: 'set-breakpoints', breakpoints: [] },
      { kind: 'go-to-step', step: 0 },
      { kind: 'set-filter', filter: UNFILTERED },
    ]);
  });

  it('the history alone (echo): no component to load', async () => {
    const share = await opened('#history=https://a.example/h.json');
    expect(planSession(share).map((a) => a.kind)).toEqual([
      'open-history',
      'set-mode',
      'set-breakpoints',
      'go-to-step',
      'set-filter',
    ]);
  });
});
