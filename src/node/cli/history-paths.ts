/**
 * History arguments as the CLI's commands take them: a directory stands for the history files in
 * it (`*.json`, `*.bin`, `*.gz`, sorted by name, not recursing); anything else (a file, a URL,
 * `-`) is passed on as given, so that reading it reports its own error.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const HISTORY_FILE = /\.(json|bin|gz)$/i;

export function expandHistoryPaths(inputs: readonly string[]): string[] {
  return inputs.flatMap((input) => {
    const isDirectory = statSync(input, { throwIfNoEntry: false })?.isDirectory() ?? false;
    if (!isDirectory) return [input];
    const files = readdirSync(input, { withFileTypes: true })
      .filter((entry) => entry.isFile() && HISTORY_FILE.test(entry.name))
      .map((entry) => entry.name)
      .sort();
    if (files.length === 0)
      throw new Error(`${input}: a directory with no history files (*.json, *.bin, *.gz)`);
    return files.map((name) => join(input, name));
  });
}
