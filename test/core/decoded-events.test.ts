import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/engine/history/index.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { HISTORIES } from '../paths.ts';

// A copy of the loader's events (structuredClone, as postMessage makes) loses protobufjs's
// attributes oneof and turns Long ids into plain objects; replaying it once gave "ok" after zero
// activations. It must be refused instead.
describe('replay takes only decoded events', () => {
  const history = loadHistory(
    readFileSync(`${HISTORIES}/sdk-typescript/cancel_fake_progress_history.bin`),
  );

  it('replays the loaded events', async () => {
    const session = ReplaySession.open(history.events, { kind: 'echo' });
    await session.runToEnd();
    expect(session.steps.length).toBeGreaterThan(0);
  });

  it('refuses a structured clone of them, naming the first event', () => {
    const copy = structuredClone(history.events) as typeof history.events;
    expect(() => ReplaySession.open(copy, { kind: 'echo' })).toThrow(
      /history event at index 0 is not a decoded HistoryEvent/,
    );
  });
});
