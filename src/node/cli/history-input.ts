/**
 * Where the CLI reads histories from (a file path, an http(s) URL, or `-` for stdin) and how it
 * reports a history that will not load: the same for every command.
 */
import { readFileSync } from 'node:fs';
import { HistoryError, loadHistoryAsync } from '../../engine/history/index.ts';

export async function loadHistoryInput(input: string) {
  if (/^https?:\/\//i.test(input)) return loadHistoryAsync(new URL(input));
  if (input === '-') return loadHistoryAsync(new Uint8Array(readFileSync(0)), { name: 'stdin' });
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(input));
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : thrown instanceof Error
          ? thrown.message
          : String(thrown);
    throw new Error(`${input}: ${reason}`, { cause: thrown });
  }
  return loadHistoryAsync(bytes, { name: input });
}

export interface ErrorReport {
  message: string;
  code?: string;
  eventId?: number;
  eventIndex?: number;
  fieldPath?: string;
  byteOffset?: number;
  line?: number;
  column?: number;
}

export function errorReport(thrown: unknown): ErrorReport {
  if (thrown instanceof HistoryError) {
    const { code, eventId, eventIndex, fieldPath, byteOffset, line, column } = thrown;
    return JSON.parse(
      JSON.stringify({
        message: thrown.message,
        code,
        eventId,
        eventIndex,
        fieldPath,
        byteOffset,
        line,
        column,
      }),
    );
  }
  return { message: thrown instanceof Error ? thrown.message : String(thrown) };
}
