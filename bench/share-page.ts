/**
 * Browser side of the share benchmark: bundled by esbuild and driven by Playwright. Opens a link
 * in Chromium's main thread, and feeds an endless decompression bomb to Chromium's
 * DecompressionStream with and without the engine's bounded reader.
 */
import { BoundedInflater } from '../src/engine/share/compression.ts';
import { openShareFragment } from '../src/engine/share/index.ts';

const heapMiB = () =>
  (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize /
  2 ** 20;
const gc = () => (globalThis as { gc?: () => void }).gc!();

/** An endless zlib stream: `head` (the first MiB of zeros), then `chunk` (60 MiB each) for ever. */
function endless(head: Uint8Array, chunk: Uint8Array): ReadableStream<Uint8Array> {
  let first = true;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        controller.enqueue(first ? head : chunk.slice());
        first = false;
      },
    },
    { highWaterMark: 0 },
  );
}

async function measureShare(fragment: string, head: number[], unit: number[], limit: number) {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const opened = await openShareFragment(fragment);
    runs.push(performance.now() - t);
    if (!opened.ok) throw new Error(opened.error.message);
  }
  const chunk = new Uint8Array(unit.length * 60);
  for (let k = 0; k < 60; k++) chunk.set(unit, k * unit.length);
  const headBytes = new Uint8Array(head);

  gc();
  let before = heapMiB();
  const bounded = new BoundedInflater(endless(headBytes, chunk), 'deflate', limit, 'the bomb');
  const code = await bounded.readToEnd().then(
    () => 'read to the end',
    (thrown: { error?: { code: string } }) => thrown.error?.code ?? String(thrown),
  );
  const boundedGrowth = heapMiB() - before;

  gc();
  before = heapMiB();
  const raw = endless(headBytes, chunk)
    .pipeThrough(new DecompressionStream('deflate') as ReadableWritablePair<Uint8Array, Uint8Array>)
    .getReader();
  for (let got = 0; got < limit;) got += (await raw.read()).value!.length;
  await new Promise((resolve) => setTimeout(resolve, 100));
  const rawGrowth = heapMiB() - before;
  await raw.cancel();
  return { openMs: runs.sort((a, b) => a - b)[2]!, code, boundedGrowth, rawGrowth };
}

Object.assign(globalThis, { measureShare });
