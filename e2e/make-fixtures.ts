/**
 * Writes the histories the end-to-end tests open, built with the unit tests' history builder
 * (run with tsx: Playwright's loader cannot import the protobuf schema JSON).
 * `npx tsx e2e/make-fixtures.ts <dir>`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { History } from '../src/engine/proto/index.ts';
import { HistoryBuilder } from '../test/history-builder.ts';
import { timerLoopHistoryBytes } from '../test/long-history.ts';

const dir = process.argv[2]!;
mkdirSync(dir, { recursive: true });
const write = (name: string, events: HistoryBuilder['events']) =>
  writeFileSync(join(dir, name), History.encode({ events }));

// What a server records for examples/hello: one task that completes with the greeting.
write(
  'hello.bin',
  new HistoryBuilder()
    .started('greet', ['Temporal'])
    .workflowTask()
    .completed('Hello, Temporal! (from greet)').events,
);

// The first task started a timer (event 5), while examples/hello completes at once: the case
// test/session/session.test.ts checks against sdk-core's message.
const timerFirst = new HistoryBuilder().started('greet', ['Temporal']).workflowTask();
const timer = timerFirst.timerStarted('1');
timerFirst.timerFired('1', timer).workflowTask().completed('x');
write('timer-first.bin', timerFirst.events);

writeFileSync(join(dir, 'long-50000.bin'), timerLoopHistoryBytes(50_000));

// The hello history with its input encrypted by a codec (XOR 0x5a, encoding binary/encrypted),
// as a data converter with a payload codec would store it; test/codec-server.ts decodes it.
const encrypted = new HistoryBuilder()
  .started('greet', ['Temporal'])
  .workflowTask()
  .completed('Hello, Temporal! (from greet)');
const input = encrypted.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
input[0] = {
  metadata: { encoding: new TextEncoder().encode('binary/encrypted') },
  data: new TextEncoder().encode(JSON.stringify('Temporal')).map((b) => b ^ 0x5a),
};
write('encrypted.bin', encrypted.events);
