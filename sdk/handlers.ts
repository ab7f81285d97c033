/**
 * Signals, queries and updates: define them once (shared with clients), then register handlers
 * from workflow code with `setHandler`, usually at the top of the workflow function so that
 * messages delivered with the first workflow task find them.
 *
 * A signal with no handler is buffered and delivered, in order, when its handler is registered.
 * A query or update with no handler fails (the update is rejected before it is accepted).
 */
import { currentFrame } from './runtime/async-context.ts';
import { definedNames } from './runtime/definitions.ts';
import { currentRun, captureSite } from './runtime/current.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- handler argument lists are user-typed */

export interface SignalDefinition<Args extends any[] = [], Name extends string = string> {
  readonly type: 'signal';
  readonly name: Name;
  /** Carries the argument types; never set. */
  readonly __args?: Args;
}

export interface QueryDefinition<Ret, Args extends any[] = [], Name extends string = string> {
  readonly type: 'query';
  readonly name: Name;
  readonly __args?: Args;
  readonly __ret?: Ret;
}

export interface UpdateDefinition<Ret, Args extends any[] = [], Name extends string = string> {
  readonly type: 'update';
  readonly name: Name;
  readonly __args?: Args;
  readonly __ret?: Ret;
}

export function defineSignal<Args extends any[] = [], Name extends string = string>(
  name: Name,
): SignalDefinition<Args, Name> {
  definedNames.signals.add(name);
  return { type: 'signal', name };
}

export function defineQuery<Ret, Args extends any[] = [], Name extends string = string>(
  name: Name,
): QueryDefinition<Ret, Args, Name> {
  definedNames.queries.add(name);
  return { type: 'query', name };
}

export function defineUpdate<Ret, Args extends any[] = [], Name extends string = string>(
  name: Name,
): UpdateDefinition<Ret, Args, Name> {
  definedNames.updates.add(name);
  return { type: 'update', name };
}

export type SignalHandler<Args extends any[]> = (...args: Args) => void | Promise<void>;
export type QueryHandler<Ret, Args extends any[]> = (...args: Args) => Ret;
export type UpdateHandler<Ret, Args extends any[]> = (...args: Args) => Ret | Promise<Ret>;
export type UpdateValidator<Args extends any[]> = (...args: Args) => void;

/**
 * What to do about a signal or update handler still running when the workflow completes,
 * continues as new or is cancelled (a failing workflow never warns).
 */
export const HandlerUnfinishedPolicy = {
  /** Log a warning, then abandon the handler (the default). */
  WARN_AND_ABANDON: 'WARN_AND_ABANDON',
  /** Abandon the handler silently: its update's caller gets an error instead of a result. */
  ABANDON: 'ABANDON',
} as const;
export type HandlerUnfinishedPolicy =
  (typeof HandlerUnfinishedPolicy)[keyof typeof HandlerUnfinishedPolicy];

export interface HandlerOptions {
  readonly description?: string;
}

export interface MessageHandlerOptions extends HandlerOptions {
  /** Default WARN_AND_ABANDON; see `allHandlersFinished` to wait for handlers instead. */
  readonly unfinishedPolicy?: HandlerUnfinishedPolicy;
}

export interface UpdateHandlerOptions<Args extends any[]> extends MessageHandlerOptions {
  /** Runs before the update is accepted; throwing rejects the update and nothing is recorded. */
  readonly validator?: UpdateValidator<Args>;
}

export interface SignalHandlerEntry {
  handler: (...args: any[]) => unknown;
  description?: string;
  unfinishedPolicy?: HandlerUnfinishedPolicy;
}
export interface QueryHandlerEntry {
  handler: (...args: any[]) => unknown;
  description?: string;
}
export interface UpdateHandlerEntry {
  handler: (...args: any[]) => unknown;
  validator?: (...args: any[]) => void;
  description?: string;
  unfinishedPolicy?: HandlerUnfinishedPolicy;
  /** Where `setHandler` registered it: the source location of its update responses. */
  site?: Error;
}

/** Handles signals that have no handler of their own; gets the signal's name first. */
export type DefaultSignalHandler = (signalName: string, ...args: unknown[]) => void | Promise<void>;
/** Answers queries that have no handler of their own; gets the query's name first. */
export type DefaultQueryHandler = (queryName: string, ...args: unknown[]) => unknown;
/** Handles updates that have no handler of their own; gets the update's name first. */
export type DefaultUpdateHandler = (updateName: string, ...args: unknown[]) => unknown;

/** The update whose handler is running (see `currentUpdateInfo`). */
export interface UpdateInfo {
  readonly id: string;
  readonly name: string;
}

type AnyDefinition =
  SignalDefinition<any[]> | QueryDefinition<any, any[]> | UpdateDefinition<any, any[]>;

/** The handler a definition takes, with its argument and result types. */
export type Handler<T extends AnyDefinition> =
  T extends SignalDefinition<infer A>
    ? SignalHandler<A>
    : T extends QueryDefinition<infer R, infer A>
      ? QueryHandler<R, A>
      : T extends UpdateDefinition<infer R, infer A>
        ? UpdateHandler<R, A>
        : never;

export type OptionsFor<T extends AnyDefinition> =
  T extends UpdateDefinition<any, infer A>
    ? UpdateHandlerOptions<A>
    : T extends SignalDefinition<any[]>
      ? MessageHandlerOptions
      : HandlerOptions;

export function setHandler<T extends AnyDefinition>(
  definition: T,
  handler: Handler<T> | undefined,
  options?: OptionsFor<T>,
): void;
export function setHandler(
  definition: { type: 'signal' | 'query' | 'update'; name: string },
  handler: ((...args: any[]) => unknown) | undefined,
  options: UpdateHandlerOptions<any[]> = {},
): void {
  const run = currentRun('setHandler');
  const { description, unfinishedPolicy } = options;
  switch (definition.type) {
    case 'signal':
      if (handler)
        run.handlers.signal.set(definition.name, { handler, description, unfinishedPolicy });
      else run.handlers.signal.delete(definition.name);
      run.dispatchBufferedSignals();
      return;
    case 'query':
      if (handler) run.handlers.query.set(definition.name, { handler, description });
      else run.handlers.query.delete(definition.name);
      return;
    case 'update':
      if (handler)
        run.handlers.update.set(definition.name, {
          handler,
          validator: options.validator,
          description,
          unfinishedPolicy,
          site: captureSite(),
        });
      else run.handlers.update.delete(definition.name);
      return;
    default:
      throw new TypeError(
        `setHandler expects a definition from defineSignal, defineQuery or defineUpdate, got type "${String((definition as { type: unknown }).type)}"`,
      );
  }
}

function checkHandler(what: string, handler: unknown): void {
  if (handler !== undefined && typeof handler !== 'function')
    throw new TypeError(`${what} expects a function or undefined, got ${typeof handler}`);
}

/** Handles every signal that has no handler of its own (instead of buffering it). */
export function setDefaultSignalHandler(handler: DefaultSignalHandler | undefined): void {
  const run = currentRun('setDefaultSignalHandler');
  checkHandler('setDefaultSignalHandler', handler);
  run.handlers.defaultSignal = handler;
  run.dispatchBufferedSignals();
}

/**
 * Answers every query that has no handler of its own (not the `__temporal_` queries Temporal
 * reserves). Like any query handler it must be synchronous and must not change workflow state.
 */
export function setDefaultQueryHandler(handler: DefaultQueryHandler | undefined): void {
  const run = currentRun('setDefaultQueryHandler');
  checkHandler('setDefaultQueryHandler', handler);
  run.handlers.defaultQuery = handler;
}

/**
 * Handles every update that has no handler of its own (not `__temporal_` names), without a
 * validator; an unfinished one warns when the workflow ends (WARN_AND_ABANDON).
 */
export function setDefaultUpdateHandler(handler: DefaultUpdateHandler | undefined): void {
  const run = currentRun('setDefaultUpdateHandler');
  checkHandler('setDefaultUpdateHandler', handler);
  run.handlers.defaultUpdate = handler;
}

/**
 * True when no signal or update handler is running; `await condition(allHandlersFinished)`
 * before returning lets handlers finish instead of being abandoned.
 */
export function allHandlersFinished(): boolean {
  return currentRun('allHandlersFinished').handlersInProgress.size === 0;
}

/** The update being handled by the code calling this, or undefined outside update handlers. */
export function currentUpdateInfo(): UpdateInfo | undefined {
  currentRun('currentUpdateInfo');
  return currentFrame()?.update;
}
