/**
 * Versioning gone wrong: the change to SMS shipped without `patched()`. A run that started on
 * version 1 replays to ActivityTaskScheduled(sendEmail) where this code now schedules sendSms:
 * nondeterminism, reported at that event. Replay a version 1 history against this component to
 * see it.
 */
import { proxyActivities, sleep } from '../../sdk/index.ts';
import type * as activities from '../patching-1-original/activities.ts';

const { sendSms } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function trialReminder(customerId: string): Promise<string> {
  await sleep('1 day');
  return await sendSms(customerId, 'Your trial ends tomorrow');
}
