/**
 * One measurement of the history loader in a fresh Node process (run with --expose-gc by
 * bench/history.ts), so that the peak resident set belongs to this load alone. Prints JSON.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { groupWorkflowTasks, loadHistory, loadHistoryAsync } from '../src/engine/history/index.ts';

const [file, form] = process.argv.slice(2) as [string, 'json' | 'binary' | 'gzip'];
const gc = (globalThis as { gc?: () => void }).gc!;
const input = new Uint8Array(readFileSync(file));
const load = () =>
  form === 'gzip' ? loadHistoryAsync(input) : Promise.resolve(loadHistory(input));

gc();
const rssBefore = process.resourceUsage().maxRSS;
const heapBefore = process.memoryUsage().heapUsed;
const coldStart = performance.now();
const history = await load();
const coldMs = performance.now() - coldStart;
const peakRssKiB = process.resourceUsage().maxRSS - rssBefore;
gc();
const retainedBytes = process.memoryUsage().heapUsed - heapBefore;
const events = history.events.length;
const tasks = history.workflowTasks.length;
const groupStart = performance.now();
groupWorkflowTasks(history.events);
const groupMs = performance.now() - groupStart;

// Timed loads keep nothing alive between runs, as an app holding one history at a time.
const runs: number[] = [];
for (let i = 0; i < 5; i++) {
  gc();
  const t = performance.now();
  await load();
  runs.push(performance.now() - t);
}
runs.sort((a, b) => a - b);

// Where the time goes for JSON input: parsing the text alone.
const text =
  form === 'json'
    ? new TextDecoder().decode(input)
    : form === 'gzip'
      ? new TextDecoder().decode(gunzipSync(input))
      : '';
const parseStart = performance.now();
if (text) JSON.parse(text);
const jsonParseMs = text ? performance.now() - parseStart : undefined;

console.log(
  JSON.stringify({
    bytes: input.length,
    events,
    tasks,
    coldMs,
    medianMs: runs[2],
    peakRssKiB,
    retainedBytes,
    jsonParseMs,
    groupMs,
  }),
);
