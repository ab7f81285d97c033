import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mayBeHistory } from '../../src/engine/history/detect.ts';
import { History } from '../../src/engine/proto/index.ts';
import { HistoryBuilder } from '../history-builder.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('mayBeHistory', () => {
  const binary = History.encode({
    events: new HistoryBuilder().started('greet', []).workflowTask().events,
  });

  it('accepts every form a history comes in', () => {
    expect(mayBeHistory(binary)).toBe(true);
    expect(mayBeHistory(gzipSync(binary))).toBe(true);
    expect(mayBeHistory(bytes('{"events": []}'))).toBe(true);
    expect(mayBeHistory(bytes('\uFEFF  [ ]'))).toBe(true);
    // Text that is not JSON goes to the history reader, which says what is wrong with it.
    expect(mayBeHistory(bytes('workflow id: 42'))).toBe(true);
  });

  it('refuses bytes that no history starts with', () => {
    expect(mayBeHistory(new Uint8Array([0xb1, 0x92, 0x3b, 0x51, 0x07]))).toBe(false);
    expect(mayBeHistory(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]))).toBe(
      false,
    );
  });
});
