/**
 * Small workflows, one per behaviour the SDK tests check. Built into one component (with the
 * interceptors in ./interceptors.ts) by test/sdk/*.test.ts.
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  currentUpdateInfo,
  defineQuery,
  defineSignal,
  defineUpdate,
  deprecatePatch,
  executeChild,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  uuid4,
  workflowInfo,
  ActivityFailure,
  ChildWorkflowFailure,
} from '../../../sdk/index.ts';

const { step, compensate } = proxyActivities<{
  step(name: string): Promise<string>;
  compensate(name: string): Promise<void>;
}>({ startToCloseTimeout: '10s', retry: { maximumAttempts: 3 } });

const { quick } = proxyLocalActivities<{ quick(n: number): Promise<number> }>({
  startToCloseTimeout: '5s',
});

/** Values that must come from the run's seed and workflow time, never from the machine. */
export async function randomness(): Promise<unknown> {
  const first = { random: [Math.random(), Math.random()], uuid: uuid4(), now: Date.now() };
  const date = new Date().toISOString();
  await sleep('1 minute');
  return {
    first,
    date,
    afterTimer: { random: Math.random(), now: Date.now(), date: new Date().toISOString() },
    crypto: Array.from(crypto.getRandomValues(new Uint8Array(4))),
  };
}

/** Throws a plain Error: a bug, which must fail the workflow task, not the workflow. */
export async function buggy(afterActivity: boolean): Promise<void> {
  if (afterActivity) await step('first');
  throw new TypeError('undefined is not a function (a bug in the workflow)');
}

/** Throws an ApplicationFailure: the workflow fails. */
export async function failing(): Promise<void> {
  throw ApplicationFailure.nonRetryable('order 42 cannot be shipped', 'ShippingError', 42);
}

/** Catches an activity failure and reports what it saw, then rethrows it. */
export async function activityFails(): Promise<string> {
  try {
    return await step('charge');
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      log.warn('charge failed', { type: error.cause.type, message: error.cause.message });
      throw error;
    }
    throw new Error('expected an ActivityFailure caused by an ApplicationFailure', {
      cause: error,
    });
  }
}

/** patched / deprecatePatch around an activity. */
export async function patchedWorkflow(): Promise<string> {
  if (patched('new-step')) return step('new');
  return step('old');
}

export async function deprecatedPatchWorkflow(): Promise<string> {
  deprecatePatch('new-step');
  return step('new');
}

/** A timer cancelled by its scope, then a timer that fires. */
export async function timerCancel(): Promise<string> {
  const scope = new CancellationScope();
  const timer = scope.run(() => sleep('1 hour'));
  await sleep('1s');
  scope.cancel();
  try {
    await timer;
    return 'timer fired';
  } catch (error) {
    return isCancellation(error) ? 'timer cancelled' : `unexpected ${String(error)}`;
  }
}

/** Scopes survive `await`: the second sleep belongs to the scope, so cancelling it cancels it. */
export async function scopeAcrossAwait(): Promise<string> {
  try {
    await CancellationScope.withTimeout('10s', async () => {
      await sleep('1s');
      await sleep('1 hour');
    });
    return 'not cancelled';
  } catch (error) {
    return isCancellation(error) ? 'cancelled by timeout' : String(error);
  }
}

/** Workflow cancellation: the activity is asked to cancel; cleanup runs shielded; run cancelled. */
export async function cancellable(): Promise<void> {
  try {
    await step('long');
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(() => compensate('long'));
    throw error;
  }
}

const approve = defineSignal<[string]>('approve');
const status = defineQuery<string, [string]>('status');

/** Signals buffered until a handler exists; a query reading workflow state. */
export async function signalsAndQueries(): Promise<string[]> {
  const approvals: string[] = [];
  setHandler(status, (prefix) => `${prefix}: ${approvals.length} approval(s)`);
  await sleep('1s');
  setHandler(approve, (who) => {
    approvals.push(who);
  });
  await condition(() => approvals.length >= 2);
  return approvals;
}

/** condition with a timeout: true if the signal came first, false if the timer did. */
export async function conditionTimeout(): Promise<boolean> {
  let done = false;
  setHandler(approve, () => {
    done = true;
  });
  return condition(() => done, '30s');
}

const addItem = defineUpdate<number, [string, number]>('addItem');
const checkout = defineSignal('checkout');

/** Updates with a validator; the handler awaits an activity. */
export async function cart(): Promise<Record<string, number>> {
  const items: Record<string, number> = {};
  let done = false;
  setHandler(
    addItem,
    async (item, quantity) => {
      await step(`reserve ${item} (update ${currentUpdateInfo()?.id})`);
      items[item] = (items[item] ?? 0) + quantity;
      return Object.values(items).reduce((a, b) => a + b, 0);
    },
    {
      validator: (item, quantity) => {
        if (quantity <= 0) throw new RangeError(`quantity must be positive, got ${quantity}`);
        if (!item) throw new TypeError('item is required');
      },
    },
  );
  setHandler(checkout, () => {
    done = true;
  });
  await condition(() => done);
  return items;
}

/** Continue-as-new carrying a counter. */
export async function counter(count: number): Promise<number> {
  await sleep('1s');
  if (count < 2) await continueAsNew<typeof counter>(count + 1);
  return count;
}

/** Child workflows: one awaited, one that fails. */
export async function parent(): Promise<unknown> {
  const first = await executeChild(child, { workflowId: 'child-1', args: ['a'] });
  const handle = await startChild(child, { args: ['b'] });
  try {
    await handle.result();
    return { first, second: 'completed' };
  } catch (error) {
    return {
      first,
      second: error instanceof ChildWorkflowFailure ? `failed: ${error.cause?.message}` : 'other',
      secondId: handle.workflowId,
    };
  }
}

export async function child(name: string): Promise<string> {
  return `child ${name} of ${workflowInfo().parent?.workflowId ?? 'nobody'}`;
}

/** Local activities, including a backoff that becomes a timer. */
export async function localSteps(): Promise<number> {
  return (await quick(1)) + (await quick(2));
}

/** Runs the three steps of a saga and compensates the finished ones when one fails. */
export async function saga(): Promise<string[]> {
  const done: string[] = [];
  try {
    for (const name of ['flight', 'hotel', 'car']) {
      await step(name);
      done.push(name);
    }
    return done;
  } catch (error) {
    await CancellationScope.nonCancellable(async () => {
      for (const name of done.reverse()) await compensate(name);
    });
    throw ApplicationFailure.nonRetryable(
      'trip not booked',
      'SagaFailed',
      error instanceof Error ? error.message : String(error),
    );
  }
}

const fail = defineSignal<['application' | 'bug']>('fail');
const explode = defineUpdate<void, []>('explode');

/** Handlers registered at the top see messages delivered with the first workflow task. */
export async function firstTaskMessages(): Promise<unknown> {
  const seen: string[] = [];
  setHandler(approve, (who) => {
    seen.push(`signal ${who}`);
  });
  setHandler(addItem, (item, quantity) => {
    seen.push(`update ${item} x${quantity}`);
    return seen.length;
  });
  setHandler(fail, (kind) => {
    if (kind === 'application') throw ApplicationFailure.nonRetryable('signal refused', 'Refused');
    throw new RangeError('signal handler bug');
  });
  setHandler(explode, () => {
    throw new RangeError('update handler bug');
  });
  await condition(() => seen.length >= 3);
  return seen;
}

/** APIs that would make replay diverge throw DeterminismViolationError (a workflow task failure). */
export async function forbiddenApi(api: 'fetch' | 'WeakRef' | 'setInterval'): Promise<void> {
  if (api === 'fetch') await fetch('https://example.com');
  if (api === 'WeakRef') new WeakRef({});
  if (api === 'setInterval') setInterval(() => undefined, 1000);
}

/** setTimeout and clearTimeout become durable timers. */
export async function timeouts(): Promise<string[]> {
  const fired: string[] = [];
  setTimeout(() => fired.push('a'), 5000);
  const b = setTimeout(() => fired.push('b'), 6000);
  clearTimeout(b);
  await condition(() => fired.length > 0);
  return fired;
}

/** A workflow function need not be async. */
export function syncResult(n: number): number {
  return n * 2;
}

/** queueMicrotask callbacks run as workflow code (they can use workflow APIs). */
export async function microtasks(): Promise<string> {
  return new Promise((resolve) => queueMicrotask(() => resolve(workflowInfo().workflowType)));
}
