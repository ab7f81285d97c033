/** Argument parsing shared by the CLI's commands, with one way of reporting a mistake. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseMs } from '../../engine/duration.ts';

/** Thrown once a command's usage was printed for `--help`: `main` exits 0 without running it. */
export class HelpShown extends Error {
  override readonly name = 'HelpShown';
}

/**
 * Parses `args` with `config`. `--help` or `-h` (before any `--`) prints the usage and throws
 * `HelpShown`. A mistake (an unknown option, a missing value, or no positional argument when
 * `needsPositionals`) prints what is wrong and the usage, and gives undefined: the command then
 * exits 2.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(
  args: string[],
  config: T,
  usage: string,
  needsPositionals = false,
): ReturnType<typeof parseArgs<T>> | undefined {
  const end = args.indexOf('--');
  if (args.slice(0, end < 0 ? undefined : end).some((a) => a === '--help' || a === '-h')) {
    console.log(usage);
    throw new HelpShown();
  }
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    // `args` joins the config here, so callers' configs keep their own literal option types.
    parsed = parseArgs<T>({ ...config, args });
  } catch (thrown) {
    console.error(`${thrown instanceof Error ? thrown.message : String(thrown)}\n${usage}`);
    return undefined;
  }
  if (needsPositionals && parsed.positionals.length === 0) {
    console.error(usage);
    return undefined;
  }
  return parsed;
}

/**
 * A bad option value found after parsing: the command prints it with its usage and exits 2, as
 * for a mistake `parseCommandArgs` finds.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * `--flag`'s value in milliseconds: a plain number is seconds (`--call-limit 5`), anything else a
 * duration as the TS SDK reads it (`500ms`, `2m`, `1.5 minutes`; src/engine/duration.ts). Below
 * `minMs` (or not a duration) is a UsageError.
 */
export function durationFlag(text: string, flag: string, minMs = 0): number {
  const ms = /^\d*\.?\d+$/.test(text) ? Number(text) * 1000 : parseMs(text);
  if (ms === undefined || !Number.isFinite(ms) || ms < minMs || (minMs > 0 && ms === 0))
    throw new UsageError(
      `--${flag} ${text}: expected a number of seconds or a duration such as 500ms, 10s or 2m` +
        (minMs > 0 ? ', more than 0' : ''),
    );
  return ms;
}
