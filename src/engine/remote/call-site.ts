/**
 * Where the engine's worker is: which guest call, in which activation. The worker writes it
 * before and after every guest call; the driving thread reads it to name the call that never
 * returned. With shared memory (always in Node, in browsers when cross-origin isolated) it is a
 * small SharedArrayBuffer the reader polls; otherwise the worker posts a message per change.
 *
 * Layout: Int32 `seq` (odd while inside a guest call), Int32 byte length, then the call site as
 * JSON. The writer sets the text before making `seq` odd, so a reader that sees the same odd
 * `seq` before and after reading the text has a consistent site.
 */
import type { GuestCallSite } from '../host/run.ts';

const HEADER = 8;
const MAX_TEXT = 504;
export const BOARD_BYTES = HEADER + MAX_TEXT;
const encoder = new TextEncoder();
const staging = new Uint8Array(MAX_TEXT);

export interface CallSiteState {
  /** Odd while a guest call is in progress. */
  seq: number;
  site?: GuestCallSite;
}

/** The worker's side. */
export class CallSiteWriter {
  private seq = 0;
  private readonly counters?: Int32Array;
  private readonly text?: Uint8Array;

  /** Without a board, changes go to `post` instead. */
  constructor(
    board: SharedArrayBuffer | undefined,
    private readonly post: (state: CallSiteState) => void,
  ) {
    if (board) {
      this.counters = new Int32Array(board, 0, 2);
      this.text = new Uint8Array(board, HEADER, MAX_TEXT);
    }
  }

  update(site: GuestCallSite | undefined): void {
    this.seq++;
    if (!this.counters || !this.text) {
      this.post(site ? { seq: this.seq, site } : { seq: this.seq });
      return;
    }
    if (site) {
      // No allocation: this runs around every guest call, thousands per replay. Browsers refuse
      // to encode into shared memory, so through a buffer of our own.
      const { written } = encoder.encodeInto(JSON.stringify(site), staging);
      this.text.set(staging.subarray(0, written));
      Atomics.store(this.counters, 1, written);
    }
    Atomics.store(this.counters, 0, this.seq);
  }
}

/** The driving thread's side. */
export class CallSiteReader {
  private latest: CallSiteState = { seq: 0 };
  private readonly counters?: Int32Array;
  private readonly text?: Uint8Array;

  constructor(board?: SharedArrayBuffer) {
    if (board) {
      this.counters = new Int32Array(board, 0, 2);
      this.text = new Uint8Array(board, HEADER, MAX_TEXT);
    }
  }

  /** For the message fallback. */
  receive(state: CallSiteState): void {
    this.latest = state;
  }

  read(): CallSiteState {
    if (!this.counters || !this.text) return this.latest;
    const seq = Atomics.load(this.counters, 0);
    if (seq % 2 === 0) return { seq };
    const length = Atomics.load(this.counters, 1);
    // TextDecoder refuses views of shared memory: copy out first.
    const json = new TextDecoder().decode(this.text.slice(0, length));
    if (Atomics.load(this.counters, 0) !== seq) return this.latest;
    try {
      this.latest = { seq, site: JSON.parse(json) as GuestCallSite };
    } catch {
      this.latest = { seq };
    }
    return this.latest;
  }
}
