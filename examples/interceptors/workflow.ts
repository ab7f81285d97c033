/**
 * Interceptors: an order pipeline (reserve, wait for payment confirmation, ship) built with the
 * tracing interceptors in tracing.ts. The workflow code knows nothing of tracing.
 */
import { condition, defineSignal, proxyActivities, setHandler } from '../../sdk/index.ts';
import type * as activities from './activities.ts';

export const paymentConfirmed = defineSignal('paymentConfirmed');

const { reserveInventory, shipOrder } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
});

export async function tracedOrder(orderId: string): Promise<string> {
  let paid = false;
  setHandler(paymentConfirmed, () => {
    paid = true;
  });
  const reservation = await reserveInventory(orderId);
  if (!(await condition(() => paid, '1 hour'))) return 'payment not confirmed';
  return shipOrder(orderId, reservation);
}
