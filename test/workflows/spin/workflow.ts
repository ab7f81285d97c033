/**
 * A workflow that never yields: its first poll loops forever inside the guest. The page must stay
 * usable and be able to stop the engine (only terminating the worker ends such a call).
 */
export async function spin(): Promise<void> {
  for (;;) {
    // Busy forever, as a bug in real workflow code might be.
  }
}
