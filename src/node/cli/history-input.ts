/**
 * Where the CLI reads histories from (a file path, an http(s) URL, or `-` for stdin) and how it
 * reports a history that will not load: the same for every command.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { HistoryError, loadHistoryAsync } from '../../engine/history/index.ts';

/** What a directory argument stands for: the history files directly inside it. */
const HISTORY_FILE = /\.(json|bin|gz)$/i;

/**
 * The inputs with each directory replaced by its history files (`*.json`, `*.bin`, `*.gz`, not
 * recursive), sorted by name. A directory with none is kept, so loading it reports that.
 */
export function expandHistoryInputs(inputs: string[]): string[] {
  return inputs.flatMap((input) => {
    if (!isDirectory(input)) return [input];
    const files = historyFilesIn(input);
    return files.length > 0 ? files : [input];
  });
}

function isDirectory(input: string): boolean {
  if (input === '-' || /^https?:\/\//i.test(input)) return false;
  try {
    return statSync(input).isDirectory();
  } catch {
    return false;
  }
}

/** For commands that take files only (those that expand directories keep only empty ones). */
function directoryProblem(dir: string): string {
  const files = historyFilesIn(dir);
  return files.length === 0
    ? 'a directory with no history files in it (*.json, *.bin, *.gz)'
    : `a directory (of ${files.length} history files): name the files instead, e.g. ${join(dir, `*${extname(files[0]!)}`)}`;
}

function historyFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && HISTORY_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(dir, name));
}

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
        : code === 'EISDIR'
          ? directoryProblem(input)
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
