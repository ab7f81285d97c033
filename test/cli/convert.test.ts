/**
 * `workflow-playground convert`, run as users run it: legacy and binary histories become the
 * canonical proto3 JSON `temporal workflow show --output json` writes. The output is read back by
 * this loader and, independently, by the TypeScript SDK's `historyFromJSON`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/engine/history/index.ts';
import {
  HistoryEventType,
  HistoryType,
  type HistoryEvent,
} from '../../src/engine/history/events.ts';
import { REPO, historiesDir } from '../paths.ts';

function cli(args: string[], input?: Uint8Array) {
  const result = spawnSync(
    process.execPath,
    [join(REPO, 'bin', 'workflow-playground.js'), 'convert', ...args],
    { cwd: REPO, encoding: 'utf8', ...(input && { input }) },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const plain = (events: HistoryEvent[]) =>
  events.map((e) =>
    HistoryEventType.toObject(e as never, { enums: String, longs: String, bytes: String }),
  );

/** The TypeScript SDK's reading of proto3 JSON (what its replay tests feed to sdk-core). */
function eventsByTypescriptSdk(text: string): HistoryEvent[] {
  const require = createRequire(import.meta.url);
  const { historyFromJSON } = require('@temporalio/common/lib/proto-utils.js') as {
    historyFromJSON: (json: unknown) => unknown;
  };
  const proto = require('@temporalio/proto') as {
    temporal: {
      api: { history: { v1: { History: { encode(m: unknown): { finish(): Uint8Array } } } } };
    };
  };
  const bytes = proto.temporal.api.history.v1.History.encode(
    historyFromJSON(JSON.parse(text)),
  ).finish();
  return (HistoryType.decode(bytes) as unknown as { events: HistoryEvent[] }).events;
}

describe('workflow-playground convert', () => {
  const legacy = join(historiesDir('sdk-typescript'), 'cancel_fake_progress_history.json');
  const binary = join(historiesDir('sdk-typescript'), 'cancel_fake_progress_history.bin');

  it('legacy JSON and binary (gzip too) become canonical JSON that reloads to the same events', () => {
    const fromLegacy = cli([legacy]);
    const fromBinary = cli(['-'], gzipSync(readFileSync(binary)));
    for (const [converted, original] of [
      [fromLegacy, legacy],
      [fromBinary, binary],
    ] as const) {
      expect(converted.code).toBe(0);
      const reloaded = loadHistory(converted.stdout);
      expect(reloaded.format).toMatchObject({
        kind: 'json',
        shape: 'history',
        dialect: 'canonical',
      });
      const expected = plain(loadHistory(new Uint8Array(readFileSync(original))).events);
      expect(plain(reloaded.events)).toEqual(expected);
      expect(plain(eventsByTypescriptSdk(converted.stdout))).toEqual(expected);
    }
    // The legacy file's unknown member is kept, and said once on stderr.
    expect(fromLegacy.stdout).toContain('"namespace"');
    expect(fromLegacy.stderr).toMatch(
      /^warning: .*activityTaskScheduledEventAttributes\.namespace/m,
    );
    expect(fromBinary.stderr).toBe('');
  });

  it('writes to -o, and fails clearly on a broken history', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convert-'));
    const out = join(dir, 'h.json');
    expect(cli([binary, '-o', out]).code).toBe(0);
    expect(loadHistory(readFileSync(out, 'utf8')).events).toHaveLength(16);
    const broken = cli(['-'], new TextEncoder().encode('{"events": [{"eventId": "1"}]}'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(
      'workflow-playground convert: stdin, event 1, field eventType: the event has no eventType\n',
    );
    expect(broken.stdout).toBe('');
  });
});
