/**
 * Workflow log records over `set-current-details`. The world gives a component no other channel
 * to the host (the upstream host links no WASI, so stdout is not one either), so the guest SDK
 * sends each record as a details string that starts with LOG_RECORD_PREFIX (U+001E, the ASCII
 * record separator, which no human-written details text starts with). A host that knows the
 * convention shows it as a log line and keeps the run's details unchanged; one that does not loses
 * nothing (upstream's host ignores details, and the workflow answers the metadata query itself).
 */
export const LOG_RECORD_PREFIX = '\u001elog ';

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface LogRecord {
  level: LogLevel;
  message: string;
  attributes: Record<string, unknown>;
  /** Workflow time of the record (ms since the epoch). */
  timeMs: number;
  /** The run was replaying history when it logged (the TypeScript SDK drops such records). */
  replaying: boolean;
}

export function encodeLogRecord(record: LogRecord): string {
  let json: string;
  try {
    json = JSON.stringify(record);
  } catch {
    // Attributes that JSON cannot hold (cycles, BigInt) are shown as text.
    json = JSON.stringify({ ...record, attributes: { text: String(record.attributes) } });
  }
  return LOG_RECORD_PREFIX + json;
}

/** The record a details string carries, or undefined when it is plain details text. */
export function decodeLogRecord(details: string): LogRecord | undefined {
  if (!details.startsWith(LOG_RECORD_PREFIX)) return undefined;
  try {
    return JSON.parse(details.slice(LOG_RECORD_PREFIX.length)) as LogRecord;
  } catch {
    return undefined;
  }
}
