/**
 * How much a link or a bundle may hold, and why. Everything shared is untrusted input: these
 * limits are checked before and while decoding, never after the fact.
 */

/**
 * Longest link we write, and longest fragment we read, in characters.
 *
 * The state travels in the fragment (after `#`), which browsers never send to a server, so the
 * request-line limits of servers and proxies (often 8 KiB) do not apply. Browsers themselves accept
 * far more (Chromium 2 MiB, Firefox 1 MiB). What breaks long links is how people pass them on:
 * Chromium shows at most 32 KiB of a URL in the address bar (copying it from there cuts the rest),
 * Slack cuts messages at 40,000 characters and GitHub comments end at 65,536. 30,000 characters
 * stays under all of these with room for the words around the link.
 */
export const LINK_MAX_CHARS = 30_000;

/**
 * Most bytes a link may decompress to. A 30,000-character link holds about 22 KB of deflate data;
 * the sample histories compress 1.1–3.6× from the form a link carries (`npm run bench share`), so
 * 8 MiB allows ratios near 380 while stopping a crafted link (deflate expands up to 1,032×) at a
 * size the page handles without noticing.
 */
export const LINK_MAX_DECOMPRESSED = 8 * 2 ** 20;

/**
 * Most bytes a bundle may decompress to: a component (the guest SDK's are 13–17 MB) and a history
 * of well over 100,000 events fit; a decompression bomb stops here.
 */
export const BUNDLE_MAX_DECOMPRESSED = 256 * 2 ** 20;

/** The state part (cursor, breakpoints, filters, scenario…) is small; anything bigger is not ours. */
export const STATE_MAX_BYTES = 256 * 2 ** 10;

/** Longest URL accepted for a history or component reference. */
export const URL_MAX_CHARS = 2048;

/** Most breakpoints, filter entries and similar list items a shared state may hold. */
export const LIST_MAX_ITEMS = 1000;

/** Longest free text (labels, filter text, workflow id). */
export const TEXT_MAX_CHARS = 1000;
