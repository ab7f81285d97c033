/**
 * Timers and cancellation: the charge must finish within a deadline (a cancellation scope with a
 * timeout, i.e. a timer raced against the activity). If the deadline wins, the activity is asked
 * to cancel and the customer is told, in a non-cancellable scope so the notice always goes out.
 * A reminder timer runs beside it and is cancelled once the charge settles.
 */
import { CancellationScope, isCancellation, proxyActivities, sleep } from '../../sdk/index.ts';
import type * as activities from './activities.ts';

const { chargeCard, notifyCustomer } = proxyActivities<typeof activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  cancellationType: 'WAIT_CANCELLATION_COMPLETED',
});

export async function chargeWithDeadline(orderId: string, amountCents: number): Promise<string> {
  const reminders = new CancellationScope();
  const reminder = reminders.run(async () => {
    await sleep('1 minute');
    await notifyCustomer(orderId, 'Your payment is still being processed');
  });
  try {
    return await CancellationScope.withTimeout('5 minutes', () => chargeCard(orderId, amountCents));
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(() =>
      notifyCustomer(orderId, 'We could not charge your card in time'),
    );
    return 'timed out';
  } finally {
    reminders.cancel();
    await reminder.catch(() => undefined);
  }
}
