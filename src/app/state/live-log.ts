/**
 * The live runs of the current bridge connection, as the bridge reported them (the page's record;
 * the store holds the views made from it).
 */
import { LiveRunLog } from '../../engine/inspect/live-run.ts';

let log = new LiveRunLog();

export const liveLog = (): LiveRunLog => log;

/** A new connection starts a new record. */
export function resetLiveLog(): LiveRunLog {
  log = new LiveRunLog();
  return log;
}
