/**
 * `workflow-playground replay` with no component on histories other SDKs recorded (the real Go
 * and Java SDKs' recordings, and one hand-built Go shape): replayed to the end, each marker
 * named, and what could not be checked said, instead of a nondeterminism.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportHistoryJson } from '../../src/engine/history/index.ts';
import { otherSdkHistories } from '../fixtures/other-sdk-histories.ts';
import { cli } from './cli.ts';

describe('workflow-playground replay, history only, Go and Java histories', () => {
  it('replays them cleanly and lists what it could not check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'other-sdks-'));
    const histories = otherSdkHistories();
    const files = histories.map((h, i) => {
      const file = join(dir, `${i}.json`);
      writeFileSync(file, exportHistoryJson(h.events).text);
      return { file, h };
    });
    const { code, stdout } = await cli(['replay', ...files.map((f) => f.file)]);
    expect(code, stdout).toBe(0);
    for (const { file, h } of files) {
      expect(stdout).toContain(`ok              ${file}`);
      for (const marker of h.markers) {
        if (typeof marker === 'string') expect(stdout).toContain(marker);
        else expect(stdout).toMatch(new RegExp(marker.source.replace(/^\^|\$$/g, ''), 'm'));
      }
      for (const id of h.foreignTimerIds) expect(stdout).toContain(`timer id "${id}"`);
    }
    expect(stdout).toContain(`${histories.length} replayed cleanly, 0 failed`);
  });
});
