/**
 * Local activities: short steps run by the workflow's own worker and recorded as markers in the
 * same workflow task, instead of being scheduled through the server. A retry longer than the
 * local retry threshold becomes a workflow timer.
 */
import { ApplicationFailure, proxyLocalActivities } from '../../sdk/index.ts';
import type * as activities from './activities.ts';

const { validateAddress, priceShipment } = proxyLocalActivities<typeof activities>({
  startToCloseTimeout: '5 seconds',
  localRetryThreshold: '10 seconds',
  retry: { maximumAttempts: 4 },
});

export async function quoteShipment(
  address: string,
  weightGrams: number,
  express: boolean,
): Promise<{ address: string; priceCents: number }> {
  if (!(await validateAddress(address)))
    throw ApplicationFailure.nonRetryable(`Cannot ship to "${address}"`, 'InvalidAddress');
  return { address, priceCents: await priceShipment(weightGrams, express) };
}
