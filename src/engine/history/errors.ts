/**
 * What went wrong, and where: every load error and warning names the source, the event (by id, or
 * by position when the id itself is unusable), the field path inside it and, for binary input, the
 * byte offset. The UI and the CLI print `message` as-is; the location fields are for links.
 */

export interface HistoryLocation {
  /** File name, URL or other label of the input, when the caller gave one. */
  source?: string;
  eventId?: number;
  /** 0-based position of the event in the input, for events whose id is missing or wrong. */
  eventIndex?: number;
  /** Offset in the (decompressed) input bytes, for binary input. */
  byteOffset?: number;
  /** 1-based line and column in JSON text, for syntax errors. */
  line?: number;
  column?: number;
  /** Dotted proto3 JSON path inside the event (or the document), e.g. `taskQueue.kind`. */
  fieldPath?: string;
}

export type HistoryErrorCode =
  | 'empty'
  | 'not-json'
  | 'not-history'
  | 'bad-protobuf'
  | 'bad-gzip'
  | 'bad-field'
  | 'no-events'
  | 'first-event-not-started'
  | 'non-contiguous-ids'
  | 'missing-attributes'
  | 'attributes-mismatch'
  | 'missing-event-type'
  | 'gzip-needs-async'
  | 'fetch-failed'
  /** A download or a gzip layer is past the size limit. */
  | 'too-large';

export class HistoryError extends Error {
  override readonly name = 'HistoryError';
  readonly source?: string;
  readonly eventId?: number;
  readonly eventIndex?: number;
  readonly byteOffset?: number;
  readonly line?: number;
  readonly column?: number;
  readonly fieldPath?: string;

  /** What is wrong, without the location (see `message` for the full text). */
  readonly problem: string;

  constructor(
    readonly code: HistoryErrorCode,
    problem: string,
    location: HistoryLocation = {},
  ) {
    const clipped = clipLongValues(problem);
    super(`${describeLocation(location)}${clipped}`);
    this.problem = clipped;
    Object.assign(this, location);
  }
}

/** Longest unbroken value a message quotes whole. */
const QUOTE_MAX = 120;

/**
 * A message with every unbroken run of over `QUOTE_MAX` characters cut in the middle: a message
 * that quotes a 5 MB field stays readable (and small) wherever it is shown.
 */
export function clipLongValues(text: string): string {
  if (text.length <= QUOTE_MAX) return text;
  return text.replace(
    /\S{121,}/g,
    (run) => `${run.slice(0, 80)}…(${run.length - 100} characters cut)…${run.slice(-20)}`,
  );
}

export type HistoryWarningCode =
  | 'unknown-field'
  | 'unknown-enum-value'
  | 'unknown-event-type'
  | 'events-after-close'
  | 'first-page-only'
  | 'dangling-reference'
  | 'export-drops-unknown-binary-fields';

export interface HistoryWarning extends HistoryLocation {
  code: HistoryWarningCode;
  /** `problem` after its location: what to print. */
  message: string;
  /** What is odd, without the location (what warning groups compare). */
  problem: string;
}

export function warning(
  code: HistoryWarningCode,
  problem: string,
  location: HistoryLocation,
): HistoryWarning {
  const clipped = clipLongValues(problem);
  return {
    code,
    message: `${describeLocation(location)}${clipped}`,
    problem: clipped,
    ...location,
  };
}

/** "file.json: event 12 (#11), field taskQueue.kind: " — only the parts that are known. */
export function describeLocation(location: HistoryLocation): string {
  const parts: string[] = [];
  if (location.source) parts.push(location.source);
  if (location.eventId !== undefined) parts.push(`event ${location.eventId}`);
  else if (location.eventIndex !== undefined) parts.push(`event #${location.eventIndex + 1}`);
  if (location.line !== undefined)
    parts.push(`line ${location.line}, column ${location.column ?? 1}`);
  if (location.byteOffset !== undefined) parts.push(`byte ${location.byteOffset}`);
  if (location.fieldPath) parts.push(`field ${location.fieldPath}`);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}
