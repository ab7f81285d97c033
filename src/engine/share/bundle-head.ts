/**
 * How a bundle file starts: the 8 ASCII bytes `WPBUNDLE`. Apart from `bundle.ts` so that the page
 * can recognise a dropped bundle without loading the share and history code it does not run.
 */
export const BUNDLE_MAGIC = new TextEncoder().encode('WPBUNDLE');

/** File name extension for bundles. */
export const BUNDLE_EXTENSION = '.wpbundle';

/** Whether a file starts like a bundle (pass at least its first 8 bytes). */
export function isBundle(head: Uint8Array): boolean {
  return head.length >= BUNDLE_MAGIC.length && BUNDLE_MAGIC.every((byte, i) => head[i] === byte);
}
