/**
 * Versioning a running workflow's code. Wrap a change in `if (patched('my-change')) { new } else
 * { old }`: runs that started before the change replay the old path, new runs take the new one
 * (recording a marker). Once no run on the old path remains, drop the old path and call
 * `deprecatePatch('my-change')`; once no run that recorded the marker remains, drop that too.
 */
import { currentRun } from './runtime/current.ts';

export function patched(patchId: string): boolean {
  return currentRun('patched').patch(patchId, false);
}

export function deprecatePatch(patchId: string): void {
  currentRun('deprecatePatch').patch(patchId, true);
}
