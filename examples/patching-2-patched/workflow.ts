/**
 * Versioning, step 2 of 4: reminders move to SMS, behind `patched('sms-reminders')`. Runs that
 * started on version 1 replay the email path (their history has no marker); new runs record the
 * marker and text. Both kinds of history replay cleanly with this code.
 */
import { patched, proxyActivities, sleep } from '../../sdk/index.ts';
import type * as activities from '../patching-1-original/activities.ts';

const { sendEmail, sendSms } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
});

export async function trialReminder(customerId: string): Promise<string> {
  await sleep('1 day');
  if (patched('sms-reminders')) return await sendSms(customerId, 'Your trial ends tomorrow');
  return await sendEmail(customerId, 'Your trial ends tomorrow');
}
