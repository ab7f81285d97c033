/**
 * Peak memory of a page's Web Worker, sampled over the DevTools protocol (a worker has no
 * `performance.memory`): the worker's V8 heap in use plus its array buffers' backing stores
 * (where a guest's linear memory lives), every `everyMs`.
 */
import type { Browser } from 'playwright-core';

export interface HeapSampler {
  /** Stops sampling; the peak in bytes, or undefined when the worker was never seen. */
  stop(): Promise<number | undefined>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function sampleWorkerHeap(
  browser: Browser,
  urlPart: string,
  everyMs = 100,
): Promise<HeapSampler> {
  const cdp = await browser.newBrowserCDPSession();
  const waiting = new Map<number, (result: unknown) => void>();
  let sessionId: string | undefined;
  let nextId = 1;
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  /** One command to the worker; undefined if it does not answer (it may have ended). */
  const ask = (method: string) =>
    Promise.race([
      new Promise<unknown>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        void cdp
          .send('Target.sendMessageToTarget', {
            sessionId: sessionId!,
            message: JSON.stringify({ id, method }),
          })
          .catch(() => resolve(undefined));
      }),
      pause(1000).then(() => undefined),
    ]);
  let peak: number | undefined;
  let running = true;
  const loop = (async () => {
    while (running) {
      if (!sessionId) {
        const { targetInfos } = await cdp.send('Target.getTargets');
        const target = targetInfos.find((t) => t.type === 'worker' && t.url.includes(urlPart));
        if (target)
          ({ sessionId } = await cdp.send('Target.attachToTarget', {
            targetId: target.targetId,
            flatten: false,
          }));
      } else {
        const usage = (await ask('Runtime.getHeapUsage')) as
          { usedSize: number; backingStorageSize?: number } | undefined;
        if (usage) peak = Math.max(peak ?? 0, usage.usedSize + (usage.backingStorageSize ?? 0));
      }
      await pause(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await cdp.detach().catch(() => undefined);
      return peak;
    },
  };
}
