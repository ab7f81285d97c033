/** Errors as they cross the worker boundary: a code, a message to show as-is, and where. */
import { HistoryError } from '../../engine/history/index.ts';
import { DrivenRunError } from '../../engine/host/driven-runs.ts';
import { HostError, describeThrown } from '../../engine/host/errors.ts';
import { FilterError } from '../../engine/inspect/event-search.ts';
import { ScenarioError } from '../../engine/sim/scenario.ts';
import type { EngineError } from './protocol.ts';

export class WorkerRequestError extends Error {
  constructor(
    code: EngineError['code'],
    message: string,
    readonly error: EngineError = { code, message },
  ) {
    super(message);
  }

  static from(thrown: unknown): WorkerRequestError {
    if (thrown instanceof WorkerRequestError) return thrown;
    if (thrown instanceof HostError || thrown instanceof DrivenRunError)
      return new WorkerRequestError(thrown.code, thrown.message);
    if (thrown instanceof HistoryError) {
      const { source, eventId, eventIndex, byteOffset, line, column, fieldPath } = thrown;
      const location = Object.fromEntries(
        Object.entries({ source, eventId, eventIndex, byteOffset, line, column, fieldPath }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      return new WorkerRequestError(thrown.code, thrown.message, {
        code: thrown.code,
        message: thrown.message,
        location,
      });
    }
    if (thrown instanceof FilterError) return new WorkerRequestError('filter', thrown.message);
    if (thrown instanceof ScenarioError)
      return new WorkerRequestError('scenario', thrown.message, {
        code: 'scenario',
        message: thrown.message,
        location: { fieldPath: thrown.path },
      });
    return new WorkerRequestError('internal', `Internal error: ${describeThrown(thrown)}`);
  }
}
