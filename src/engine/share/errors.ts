/**
 * What went wrong with a link or a bundle, as plain data: the UI shows `message` and keeps the
 * session it has; `field` and `history` say where, for a damaged or hand-edited state.
 */
import type { HistoryLocation } from '../history/index.ts';

export type ShareErrorCode =
  /** Not something Workflow Playground wrote (another app's fragment, another file type). */
  | 'not-a-share'
  /** Written by a newer Workflow Playground, in a format this one does not read. */
  | 'newer-version'
  /** Bad characters, failed checksum, or data that does not decompress. */
  | 'damaged'
  /** Ends early: cut off while being copied or downloaded. */
  | 'truncated'
  /** Over a size limit (link length, decompressed size). */
  | 'too-large'
  /** A state field has a wrong type or value. */
  | 'bad-field'
  /** The history inside does not load. */
  | 'bad-history'
  /** A referenced file is not the one the share was made with (its SHA-256 differs). */
  | 'content-mismatch'
  | 'fetch-failed';

export interface ShareError {
  code: ShareErrorCode;
  message: string;
  /** Path of the offending state field, e.g. `breakpoints[2].eventId`. */
  field?: string;
  /** For `bad-history`: where in the history. */
  history?: HistoryLocation;
}

export type ShareResult<T> = { ok: true; value: T } | { ok: false; error: ShareError };

/** Thrown inside the share module only; every exported entry point returns it as data. */
export class ShareFailure extends Error {
  override readonly name = 'ShareFailure';
  constructor(readonly error: ShareError) {
    super(error.message);
  }
}

export function fail(
  code: ShareErrorCode,
  message: string,
  extra: Partial<ShareError> = {},
): never {
  throw new ShareFailure({ code, message, ...extra });
}

/** Runs `fn`, turning a ShareFailure into an error result; anything else is a bug and propagates. */
export async function settle<T>(fn: () => Promise<T>): Promise<ShareResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (thrown) {
    if (thrown instanceof ShareFailure) return { ok: false, error: thrown.error };
    throw thrown;
  }
}

export function settleSync<T>(fn: () => T): ShareResult<T> {
  try {
    return { ok: true, value: fn() };
  } catch (thrown) {
    if (thrown instanceof ShareFailure) return { ok: false, error: thrown.error };
    throw thrown;
  }
}
