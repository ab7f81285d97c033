/**
 * Text from a history or a page, made safe to print: control characters (ESC, CR, BEL, the C1
 * range…) would move the cursor, recolour or rewrite what is shown (a workflow type of
 * `greet\e[2K\r\e[32mok` printed a fake "ok"), so they are shown as `\u00XX` escapes. That form is
 * valid inside JSON strings too, so JSON output keeps its meaning.
 */

/** Longest line printed whole; a 5 MB value quoted in a message is cut, not dumped. */
const LINE_MAX = 2000;

/** Control characters other than newline and tab, as `\u00XX`. */
export function escapeControls(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Escaped, and every line over `LINE_MAX` characters cut, saying how much was cut. */
export function forTerminal(text: string): string {
  return escapeControls(text)
    .split('\n')
    .map((line) =>
      line.length > LINE_MAX
        ? `${line.slice(0, LINE_MAX)}… (${line.length - LINE_MAX} more characters cut)`
        : line,
    )
    .join('\n');
}

/** `console.log` of text that may come from a history or a page. */
export function say(text: string): void {
  console.log(forTerminal(text));
}

/** `console.error` of such text. */
export function complain(text: string): void {
  console.error(forTerminal(text));
}
