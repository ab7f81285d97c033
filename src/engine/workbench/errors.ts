/** Errors as they cross the worker boundary: a code, a message to show as-is, and where. */
import { HistoryError } from '../history/index.ts';
import { DrivenRunError } from '../host/driven-runs.ts';
import { HostError, describeThrown } from '../host/errors.ts';
import { FilterError } from '../inspect/event-search.ts';
import type { EngineError } from '../remote/protocol.ts';
import { ScenarioError } from '../sim/scenario.ts';

/** A request the engine cannot serve as asked or in its state; its `error` is the answer. */
export class EngineFailure extends Error {
  readonly error: EngineError;

  constructor(code: EngineError['code'], message: string, error?: EngineError) {
    super(message);
    this.error = error ?? { code, message };
  }
}

/** What `thrown` becomes on the wire. */
export function engineError(thrown: unknown): EngineError {
  if (thrown instanceof EngineFailure) return thrown.error;
  if (thrown instanceof HostError || thrown instanceof DrivenRunError)
    return { code: thrown.code, message: thrown.message };
  if (thrown instanceof HistoryError) {
    const { source, eventId, eventIndex, byteOffset, line, column, fieldPath } = thrown;
    const location = Object.fromEntries(
      Object.entries({ source, eventId, eventIndex, byteOffset, line, column, fieldPath }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    return { code: thrown.code, message: thrown.message, location };
  }
  if (thrown instanceof FilterError) return { code: 'filter', message: thrown.message };
  if (thrown instanceof ScenarioError)
    return { code: 'scenario', message: thrown.message, location: { fieldPath: thrown.path } };
  return { code: 'internal', message: `Internal error: ${describeThrown(thrown)}` };
}
