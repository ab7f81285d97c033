/** Runs the host measurements inside a Chromium Web Worker, where the app's engine lives. */
import { measureHost } from '../host-measure.ts';

const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: { hello: Uint8Array; ticker: Uint8Array } }) => void) | null;
};

scope.onmessage = async ({ data }) => {
  try {
    scope.postMessage({ rows: await measureHost(data) });
  } catch (thrown) {
    scope.postMessage({
      error: thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown),
    });
  }
};
