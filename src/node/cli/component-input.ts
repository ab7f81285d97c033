/**
 * Workflow code for a CLI command: a file (a component, or a seed-ABI core module) loaded into the
 * engine's worker thread the way the app loads code into its Web Worker (one loader for both,
 * `CodeCache.load`), so that a guest call that never returns is stopped by the watchdog after
 * `--call-limit` seconds instead of hanging the command.
 */
import { durationFlag } from './args.ts';
import { readFileSync } from 'node:fs';
import { DEFAULT_CALL_LIMIT_MS, EngineRequestError } from '../../engine/remote/client.ts';
import { RemoteCode, engineFailureMessage } from '../../engine/remote/remote-code.ts';
import { createNodeEngine } from '../engine-worker/engine.ts';
import { DEFAULT_GUEST_MEMORY_BYTES } from '../../engine/host/memory-cap.ts';

export const CALL_LIMIT_USAGE = [
  `  --call-limit SECONDS stop a guest call that runs longer (default ${DEFAULT_CALL_LIMIT_MS / 1000}); the`,
  "                       run's workflow task fails, naming the call",
  `  --guest-memory MIB   the most memory one workflow instance may use (default ${DEFAULT_GUEST_MEMORY_BYTES / 2 ** 20});`,
  '                       past it the task fails saying the workflow ran out of memory',
].join('\n');

/** `--guest-memory` in bytes; throws a message for anything but a positive whole number. */
export function guestMemoryBytes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const mib = Number(value);
  if (!Number.isInteger(mib) || mib < 1 || mib > 65536)
    throw new Error(`--guest-memory: "${value}" is not a whole number of MiB from 1 to 65536`);
  return mib * 2 ** 20;
}

/** `--call-limit` in milliseconds (seconds, or a duration such as 500ms); a UsageError if not > 0. */
export function callLimitMs(value: string | undefined): number {
  return value === undefined ? DEFAULT_CALL_LIMIT_MS : durationFlag(value, 'call-limit', 1);
}

/** Code loaded in its own engine worker; `close()` stops the worker. */
export interface CodeInWorker {
  code: RemoteCode;
  close(): Promise<void>;
}

export async function loadCodeFile(
  path: string,
  limitMs: number,
  maxMemoryBytes?: number,
): Promise<CodeInWorker> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(thrown);
    throw new Error(`${path}: ${reason}`, { cause: thrown });
  }
  const engine = createNodeEngine({ callLimitMs: limitMs });
  try {
    const code = await RemoteCode.load(engine, bytes, path, maxMemoryBytes);
    return {
      code,
      close: async () => {
        await code.endRuns();
        engine.close();
      },
    };
  } catch (thrown) {
    engine.close();
    if (thrown instanceof EngineRequestError)
      throw new Error(engineFailureMessage(thrown.error, limitMs), { cause: thrown });
    throw thrown;
  }
}
