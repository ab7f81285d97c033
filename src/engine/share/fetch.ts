/**
 * Artefacts a link names by URL (a history, a component): fetched by the receiver's browser with a
 * size limit enforced while streaming (a server may send anything, or not stop), and checked
 * against the SHA-256 the link pins, when it pins one.
 */
import { fetchFailure } from '../history/fetch-failure.ts';
import { sha256Hex } from '../host/sha256.ts';
import { concatBytes, formatBytes } from './compression.ts';
import { fail, settle, type ShareResult } from './errors.ts';
import { BUNDLE_MAX_DECOMPRESSED } from './limits.ts';
import { loadSharedHistory, type SharedHistory } from './open.ts';

export interface FetchOptions {
  /** "the history", "the component": named in errors. */
  what: string;
  sha256?: string;
  maxBytes?: number;
}

export function fetchArtefact(
  url: string,
  options: FetchOptions,
): Promise<ShareResult<Uint8Array>> {
  return settle(() => download(url, options));
}

async function download(url: string, options: FetchOptions): Promise<Uint8Array> {
  const { what, maxBytes = BUNDLE_MAX_DECOMPRESSED } = options;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (thrown) {
    return fail(
      'fetch-failed',
      `could not fetch ${what} from ${url}: ${fetchFailure(url, thrown)}`,
    );
  }
  if (!response.ok) {
    fail(
      'fetch-failed',
      `could not fetch ${what} from ${url}: HTTP ${response.status} ${response.statusText}`.trimEnd(),
    );
  }
  const tooLarge = () =>
    fail(
      'too-large',
      `${what} at ${url} is larger than ${formatBytes(maxBytes)}, the most Workflow Playground opens`,
    );
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        tooLarge();
      }
      chunks.push(value);
    }
  }
  const bytes = concatBytes(chunks);
  if (options.sha256) {
    const actual = await sha256Hex(bytes);
    if (actual !== options.sha256) {
      fail(
        'content-mismatch',
        `${what} at ${url} is not the one the link was made with: its SHA-256 is ${actual}, the link expects ${options.sha256} (it was rebuilt or replaced since)`,
      );
    }
  }
  return bytes;
}

/** Fetches and loads a history a link names by URL (any form the history layer reads). */
export function fetchSharedHistory(
  url: string,
  sha256?: string,
): Promise<ShareResult<SharedHistory>> {
  return settle(async () => {
    const bytes = await download(url, { what: 'the history', ...(sha256 && { sha256 }) });
    return { bytes, loaded: await loadSharedHistory(bytes, url, 'the history'), label: url };
  });
}
