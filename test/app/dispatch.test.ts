/**
 * The engine's worker side (serve.ts over a real Workbench) and its client, wired in-process
 * instead of through a worker: the order in which it answers requests, as the browser's Web
 * Worker and Node's worker thread do (they only carry the same messages).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/engine/remote/client.ts';
import type { FromWorker, ToWorker } from '../../src/engine/remote/protocol.ts';
import { serveEngine } from '../../src/engine/remote/serve.ts';
import { timerLoopHistoryBytes } from '../long-history.ts';

let client: EngineClient | undefined;
afterEach(() => client?.close());

/** Messages cross as a worker's would: later, never within the sender's call. */
function inProcessEngine(): EngineClient {
  return new EngineClient({
    sharedMemory: false,
    spawn: () => {
      let toClient: (message: FromWorker) => void = () => {};
      let toWorker: (message: ToWorker) => void = () => {};
      serveEngine({
        post: (message) => queueMicrotask(() => toClient(message)),
        listen: (handler) => (toWorker = handler),
      });
      return {
        post: (message) => queueMicrotask(() => toWorker(message)),
        onMessage: (handler) => (toClient = handler),
        onCrash: () => {},
        terminate: () => {},
      };
    },
  });
}

describe('the engine worker', () => {
  it('takes a breakpoint set during a long run, and the run stops there', async () => {
    const worker = (client = inProcessEngine());
    const bytes = timerLoopHistoryBytes(20_000);
    await worker.request('open-history', {
      input: { kind: 'bytes', bytes: bytes.buffer as ArrayBuffer },
      label: 'timer-loop.bin',
    });
    let breakAt: number | undefined;
    let toggled: Promise<unknown> | undefined;
    const run = worker.request(
      'step',
      { action: { kind: 'run' } },
      {
        progress: (note) => {
          if (breakAt !== undefined) return;
          // As a click would arrive in the worker: a message between two slices of the run, ahead of
          // where the run has got to. The progress note is posted just before the run yields, so a
          // microtask lands in that gap whatever the machine's load (a timer could lose the race).
          breakAt = note.lastEventApplied + 500;
          const breakpoint = { kind: 'event' as const, eventId: breakAt };
          queueMicrotask(() => {
            toggled = worker.request('toggle-breakpoint', { breakpoint });
          });
        },
      },
    );
    const stopped = await run;
    expect(breakAt).toBeDefined();
    expect(breakAt!).toBeLessThan(19_000);
    // Answered before the run ended, not queued behind it.
    expect(await toggled).toEqual([{ kind: 'event', eventId: breakAt }]);
    expect(stopped.stop).toEqual({
      kind: 'breakpoint',
      breakpoints: [{ kind: 'event', eventId: breakAt }],
    });
    const last = stopped.steps.at(-1)!;
    expect(last.events.from).toBeLessThanOrEqual(breakAt!);
    expect(last.events.to).toBeGreaterThanOrEqual(breakAt!);
  });
});
