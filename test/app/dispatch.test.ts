/**
 * The engine worker's dispatcher in Node, over a real Workbench: the order in which it answers
 * the page's requests, as the browser worker does (engine.worker.ts only wires it to postMessage).
 */
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/app/engine-worker/dispatch.ts';
import { Workbench } from '../../src/app/engine-worker/workbench.ts';
import type {
  EngineMessage,
  EngineRequest,
  EngineResponse,
  ProgressNote,
  SessionSnapshot,
} from '../../src/app/engine-worker/protocol.ts';
import { timerLoopHistoryBytes } from '../long-history.ts';

function engine() {
  const answers = new Map<number, (response: EngineResponse) => void>();
  const progressListeners = new Map<number, (note: ProgressNote) => void>();
  const dispatch = createDispatcher(new Workbench(), (response) => {
    if ('progress' in response) progressListeners.get(response.id)?.(response.progress);
    else answers.get(response.id)?.(response);
  });
  let nextId = 1;
  return {
    request(request: EngineRequest, onProgress?: (note: ProgressNote) => void): Promise<unknown> {
      const id = nextId++;
      if (onProgress) progressListeners.set(id, onProgress);
      const answered = new Promise<unknown>((resolve, reject) =>
        answers.set(id, (r) => ('ok' in r && r.ok ? resolve(r.result) : reject(r))),
      );
      dispatch({ ...request, id } as EngineMessage);
      return answered;
    },
  };
}

describe('the engine worker dispatcher', () => {
  it('takes a breakpoint set during a long run, and the run stops there', async () => {
    const worker = engine();
    const bytes = timerLoopHistoryBytes(20_000);
    await worker.request({
      type: 'open-history',
      input: { kind: 'bytes', bytes: bytes.buffer as ArrayBuffer },
      label: 'timer-loop.bin',
    });
    let breakAt: number | undefined;
    let toggled: Promise<unknown> | undefined;
    const run = worker.request({ type: 'step', action: { kind: 'run' } }, (note) => {
      if (breakAt !== undefined) return;
      // As a click would arrive in the worker: a message between two slices of the run, ahead of
      // where the run has got to. The progress note is posted just before the run yields, so a
      // microtask lands in that gap whatever the machine's load (a timer could lose the race).
      breakAt = note.lastEventApplied + 500;
      const breakpoint = { kind: 'event' as const, eventId: breakAt };
      queueMicrotask(() => {
        toggled = worker.request({ type: 'toggle-breakpoint', breakpoint });
      });
    });
    const stopped = (await run) as SessionSnapshot;
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
