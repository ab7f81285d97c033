/**
 * The long-loop replay in a Web Worker of its own, so that bench/host.ts can sample this worker's
 * heap over the DevTools protocol (workers have no `performance.memory`).
 */
import { loadComponent } from '../../src/engine/host/component.ts';
import { measureLongReplay, measureTimeTravel } from '../host-measure.ts';

const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: { component: Uint8Array; history: Uint8Array } }) => void) | null;
};

scope.onmessage = async ({ data }) => {
  try {
    const code = await loadComponent(data.component, 'long-loop.wasm');
    scope.postMessage({
      rows: [
        await measureLongReplay(code, data.history, 'long-loop replay, all in the worker'),
        ...(await measureTimeTravel(code, data.history, 'Chromium')),
      ],
    });
  } catch (thrown) {
    scope.postMessage({
      error: thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown),
    });
  }
};
