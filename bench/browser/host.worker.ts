/** Runs the host measurements inside a Chromium Web Worker, where the app's engine lives. */
import { loadComponent } from '../../src/engine/host/component.ts';
import { measureHost, measureLongReplay } from '../host-measure.ts';

export interface BenchInputs {
  hello: Uint8Array;
  ticker: Uint8Array;
  longLoop: Uint8Array;
  longLoopHistory: Uint8Array;
}

const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: BenchInputs }) => void) | null;
};

// Chromium's non-standard heap figure (precise with --enable-precise-memory-info), where exposed.
const heap = () =>
  (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;

scope.onmessage = async ({ data }) => {
  try {
    const rows = await measureHost(data);
    rows.push(
      await measureLongReplay(
        await loadComponent(data.longLoop, 'long-loop.wasm'),
        data.longLoopHistory,
        'long-loop replay, all in the worker',
        { label: 'JS heap', read: heap },
      ),
    );
    scope.postMessage({ rows });
  } catch (thrown) {
    scope.postMessage({
      error: thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown),
    });
  }
};
