/**
 * Versioning, step 1 of 4: the original reminder workflow. A day after the trial starts it emails
 * the customer. Runs started with this code record ActivityTaskScheduled(sendEmail).
 */
import { proxyActivities, sleep } from '../../sdk/index.ts';
import type * as activities from './activities.ts';

const { sendEmail } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function trialReminder(customerId: string): Promise<string> {
  await sleep('1 day');
  return await sendEmail(customerId, 'Your trial ends tomorrow');
}
