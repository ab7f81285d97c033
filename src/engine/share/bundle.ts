/**
 * A single-file bundle, for sessions too large for a link: the history, the component and the
 * state in one file the receiver drops on the page or picks. The file is the 8 ASCII bytes
 * `WPBUNDLE` (so a drop is recognised without decompressing anything), then the same payload a
 * link carries (`container.ts`), zlib-compressed.
 */
import { sha256Hex } from '../host/sha256.ts';
import { BUNDLE_MAGIC as MAGIC, isBundle } from './bundle-head.ts';
import { BoundedInflater, SHARE_FORMAT, compress, formatBytes } from './compression.ts';
import { encodePayload, readPayload } from './container.ts';
import { fail, settle, type ShareResult } from './errors.ts';
import { historyCandidates, type HistoryForm } from './history-form.ts';
import { BUNDLE_MAX_DECOMPRESSED } from './limits.ts';
import { sealState, type ShareSource } from './link.ts';
import { openPayload, type OpenedShare } from './open.ts';

export { BUNDLE_EXTENSION, isBundle } from './bundle-head.ts';

export interface BundleSource extends ShareSource {
  /** The component's bytes; the state must name them by hash (`{ kind: 'sha256' }`). */
  component?: Uint8Array;
}

export interface Bundle {
  bytes: Uint8Array;
  historyForm?: HistoryForm;
  payloadBytes: number;
}

export function createBundle(source: BundleSource): Promise<ShareResult<Bundle>> {
  return settle(async () => {
    const state = sealState(source);
    const ref = source.state.component;
    if (source.component) {
      if (ref?.kind !== 'sha256')
        throw new Error('a bundled component must be named by hash in the state');
      const sha256 = await sha256Hex(source.component);
      if (sha256 !== ref.sha256)
        throw new Error(`the component's SHA-256 is ${sha256}, the state names ${ref.sha256}`);
    }
    // The first lossless form (binary unless that loses something): the smaller one for every
    // sample, and a bundle's history can be large enough that making both would be felt.
    const history = source.history && historyCandidates(source.history).next().value;
    const payload = encodePayload({
      state,
      ...(history && { history: history.bytes }),
      ...(source.component && { component: source.component }),
    });
    if (payload.length > BUNDLE_MAX_DECOMPRESSED) {
      fail(
        'too-large',
        `this session is ${formatBytes(payload.length)}; a bundle holds at most ${formatBytes(BUNDLE_MAX_DECOMPRESSED)}`,
      );
    }
    const compressed = await compress(payload, SHARE_FORMAT);
    const bytes = new Uint8Array(MAGIC.length + compressed.length);
    bytes.set(MAGIC, 0);
    bytes.set(compressed, MAGIC.length);
    return {
      bytes,
      ...(history && { historyForm: history.form }),
      payloadBytes: payload.length,
    };
  });
}

/** Opens a bundle from a dropped or picked file (or its bytes), streaming it under the limit. */
export function openBundle(file: Blob | Uint8Array): Promise<ShareResult<OpenedShare>> {
  return settle(async () => {
    const head =
      file instanceof Uint8Array
        ? file.subarray(0, MAGIC.length)
        : new Uint8Array(await file.slice(0, MAGIC.length).arrayBuffer());
    if (!isBundle(head)) fail('not-a-share', 'the file is not a Workflow Playground bundle');
    const rest =
      file instanceof Uint8Array ? file.subarray(MAGIC.length) : file.slice(MAGIC.length);
    const inflater = new BoundedInflater(rest, SHARE_FORMAT, BUNDLE_MAX_DECOMPRESSED, 'the bundle');
    try {
      return await openPayload(await readPayload(inflater, 'the bundle'), 'the bundle');
    } finally {
      await inflater.close();
    }
  });
}
