/**
 * Versioning, step 3 of 4: no run on the email path is left, so the old branch goes and the patch
 * is deprecated. Histories made by version 2's new path (with the marker) still replay; version 1
 * histories would not, which is why this step waits until none remain open.
 */
import { deprecatePatch, proxyActivities, sleep } from '../../sdk/index.ts';
import type * as activities from '../patching-1-original/activities.ts';

const { sendSms } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function trialReminder(customerId: string): Promise<string> {
  await sleep('1 day');
  deprecatePatch('sms-reminders');
  return await sendSms(customerId, 'Your trial ends tomorrow');
}
