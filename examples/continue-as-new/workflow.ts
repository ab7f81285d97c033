/**
 * Continue-as-new: a feed poller that would run forever. Every ten polls it continues as new,
 * carrying its cursor, so no history grows without bound; a run also continues early when the
 * server suggests it (workflowInfo().continueAsNewSuggested).
 */
import { continueAsNew, log, proxyActivities, sleep, workflowInfo } from '../../sdk/index.ts';
import type * as activities from './activities.ts';

const { fetchNewEntries } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
});

const POLLS_PER_RUN = 10;

export async function feedPoller(feed: string, cursor = 0, processed = 0): Promise<never> {
  for (let poll = 0; poll < POLLS_PER_RUN; poll++) {
    const entries = await fetchNewEntries(feed, cursor);
    processed += entries.length;
    cursor = Math.max(cursor, ...entries);
    if (workflowInfo().continueAsNewSuggested) break;
    await sleep('10 minutes');
  }
  log.info('continuing as new', { cursor, processed });
  return continueAsNew<typeof feedPoller>(feed, cursor, processed);
}
