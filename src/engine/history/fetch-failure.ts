/**
 * Why a download of `url` failed, in words that say what to do (after "could not fetch …:"). Node's fetch says "fetch failed" and keeps
 * the reason (ECONNREFUSED, ENOTFOUND, a TLS error) in `cause`. A browser gives no reason at all
 * ("Failed to fetch"), and the two usual ones look the same to the page: the server did not
 * answer, or it answered without the CORS header that lets a page read a file from another origin
 * (far the more common for a file that opens in a browser tab). Not even a `no-cors` probe tells
 * them apart under the page's Cross-Origin-Embedder-Policy, so the message names both, the CORS
 * header first, and the two ways out.
 */
export function fetchFailure(url: string, thrown: unknown): string {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const cause = thrown instanceof Error ? thrown.cause : undefined;
  const reason =
    cause instanceof Error
      ? cause.message || (cause as Error & { code?: string }).code
      : cause !== undefined
        ? String(cause)
        : undefined;
  if (reason) return `${message} (${reason})`;
  let origin = url;
  try {
    origin = new URL(url).origin;
  } catch {
    // not a URL: said as given
  }
  return (
    `the browser may not read it (${message}). The server at ${origin} ` +
    'sent no Access-Control-Allow-Origin header (CORS), which a page needs to read a file from ' +
    'another site, or it did not answer at all; browsers do not say which. To open it, serve it ' +
    'with "Access-Control-Allow-Origin: *", or download the file and drop it on this page.'
  );
}
