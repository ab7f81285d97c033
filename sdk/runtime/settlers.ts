/**
 * Resolve and reject for an operation's completion that first run `cleanup` (stop listening for
 * the scope's cancellation): once settled, a later cancellation must not push a cancel command.
 */
export function settlers<T>(
  cleanup: () => void,
  resolve: (value: T) => void,
  reject: (error: unknown) => void,
): { resolve(value: T): void; reject(error: unknown): void } {
  return {
    resolve: (value) => {
      cleanup();
      resolve(value);
    },
    reject: (error) => {
      cleanup();
      reject(error);
    },
  };
}
