/** Why a component could not be loaded or driven. The UI and CLI print `message` as-is. */
export type HostErrorCode =
  | 'empty'
  | 'not-wasm'
  | 'core-module'
  | 'unsupported-version'
  | 'invalid-component'
  | 'wrong-world'
  | 'unsupported-import'
  | 'instantiate-failed'
  | 'guest-failure'
  | 'no-workflows'
  | 'fetch-failed';

export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Best-effort text of anything thrown, for messages that must never be empty. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown;
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}

/**
 * A stack trace fit to show: generated component glue evaluated from a data: URL would otherwise
 * put the whole module source into every frame.
 */
export function readableStack(thrown: unknown): string | undefined {
  if (!(thrown instanceof Error) || !thrown.stack) return undefined;
  return thrown.stack.replace(/data:text\/javascript[^\s)]*?(:\d+:\d+)/g, 'component.js$1');
}
