/**
 * `log`: the workflow logger. Every record reaches the host (see src/engine/wit/log-record.ts)
 * with the run's attributes and those added by `getLogAttributes` outbound interceptors; the host
 * shows it in its trace. Records made while replaying are marked, not dropped, because in a
 * debugger the replay is what you are looking at. `console.*` in workflow code logs here too.
 */
import { encodeLogRecord, type LogLevel } from '../src/engine/wit/log-record.ts';
import { composeInterceptors } from './interceptors.ts';
import { currentRun } from './runtime/current.ts';

export type { LogLevel };

function emit(level: LogLevel, message: string, attributes: Record<string, unknown> = {}): void {
  const run = currentRun('log');
  const { namespace, taskQueue, workflowId, runId, workflowType } = run.info;
  const base = composeInterceptors(
    run.outbound,
    'getLogAttributes',
    (input) => input,
  )({
    namespace,
    taskQueue,
    workflowId,
    runId,
    workflowType,
  });
  run.sendToHost(
    encodeLogRecord({
      level,
      message,
      attributes: { ...base, ...attributes },
      timeMs: run.now,
      replaying: run.isReplaying,
    }),
  );
}

export const log = {
  trace: (message: string, attributes?: Record<string, unknown>) =>
    emit('TRACE', message, attributes),
  debug: (message: string, attributes?: Record<string, unknown>) =>
    emit('DEBUG', message, attributes),
  info: (message: string, attributes?: Record<string, unknown>) =>
    emit('INFO', message, attributes),
  warn: (message: string, attributes?: Record<string, unknown>) =>
    emit('WARN', message, attributes),
  error: (message: string, attributes?: Record<string, unknown>) =>
    emit('ERROR', message, attributes),
};
