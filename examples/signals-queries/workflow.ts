/**
 * Signals and queries: an expense waits for a manager's decision (an `approve` or `reject`
 * signal) for up to three days; `status` can be queried at any time. Signals change workflow
 * state; the workflow wakes when the condition over that state holds, or when the timer fires.
 */
import {
  condition,
  defineQuery,
  defineSignal,
  log,
  proxyActivities,
  setHandler,
} from '../../sdk/index.ts';
import type * as activities from './activities.ts';

export const approve = defineSignal<[approver: string]>('approve');
export const reject = defineSignal<[approver: string, reason: string]>('reject');
export const status = defineQuery<ExpenseStatus>('status');

export interface ExpenseStatus {
  expenseId: string;
  state: 'waiting' | 'approved' | 'rejected' | 'timed out';
  decidedBy?: string;
  reason?: string;
}

const { payExpense, notifySubmitter } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '1 second' },
});

export async function expenseApproval(expenseId: string): Promise<ExpenseStatus> {
  const current: ExpenseStatus = { expenseId, state: 'waiting' };
  setHandler(status, () => current);
  setHandler(approve, (approver) => {
    if (current.state !== 'waiting') return;
    Object.assign(current, { state: 'approved', decidedBy: approver });
  });
  setHandler(reject, (approver, reason) => {
    if (current.state !== 'waiting') return;
    Object.assign(current, { state: 'rejected', decidedBy: approver, reason });
  });

  const decided = await condition(() => current.state !== 'waiting', '3 days');
  if (!decided) current.state = 'timed out';
  log.info('expense decided', { expenseId, state: current.state });

  if (current.state === 'approved') await payExpense(expenseId);
  await notifySubmitter(expenseId, current.state);
  return current;
}
