/**
 * Workflows written as a Temporal TypeScript developer writes them, importing the SDK by its
 * package names: what test/sdk/parity.test.ts checks against @temporalio/workflow's behaviour.
 */
import { ApplicationFailure as CommonApplicationFailure } from '@temporalio/common';
import {
  ActivityCancellationType,
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  ApplicationFailureCategory,
  ChildWorkflowCancellationType,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  executeChild,
  HandlerUnfinishedPolicy,
  makeContinueAsNewFunc,
  ParentClosePolicy,
  proxyActivities,
  RetryState,
  rootCause,
  setDefaultQueryHandler,
  setDefaultSignalHandler,
  setDefaultUpdateHandler,
  setHandler,
  startChild,
  TimeoutFailure,
  TimeoutType,
  Trigger,
  WorkflowIdReusePolicy,
  workflowInfo,
} from '@temporalio/workflow';

const { step } = proxyActivities<{ step(name: string): Promise<string> }>({
  startToCloseTimeout: '10s',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

/** The enum-like constants, as values. */
export async function enumValues(): Promise<unknown> {
  return {
    activityCancellation: ActivityCancellationType.ABANDON,
    childCancellation: ChildWorkflowCancellationType.WAIT_CANCELLATION_REQUESTED,
    parentClose: ParentClosePolicy.REQUEST_CANCEL,
    idReuse: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    retryState: RetryState.MAXIMUM_ATTEMPTS_REACHED,
    timeoutType: TimeoutType.HEARTBEAT,
    category: ApplicationFailureCategory.BENIGN,
    unfinished: HandlerUnfinishedPolicy.ABANDON,
    // A failure class imported from @temporalio/common is the SDK's own.
    sameFailureClass: CommonApplicationFailure === ApplicationFailure,
  };
}

/** What activity failures look like to workflow code: enums, causes, `rootCause`. */
export async function activityFailureShape(): Promise<unknown> {
  const shapes: unknown[] = [];
  for (const name of ['timeout', 'app']) {
    try {
      await step(name);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      shapes.push({
        retryState: String(error.retryState),
        timeoutType:
          error.cause instanceof TimeoutFailure ? String(error.cause.timeoutType) : 'no timeout',
        rootCause: rootCause(error) ?? 'undefined',
      });
    }
  }
  return shapes;
}

class InventoryError extends Error {}

/** `ApplicationFailure.fromError` on each kind of thrown value, then on a decoded failure. */
export async function fromErrorShapes(): Promise<unknown> {
  const plain = ApplicationFailure.fromError(new InventoryError('out of stock'));
  const text = ApplicationFailure.fromError('just text');
  const original = ApplicationFailure.create({ message: 'original', type: 'Original' });
  const overridden = ApplicationFailure.fromError(original, {
    type: 'Overridden',
    nonRetryable: true,
  });
  const shapes = {
    plain: { message: plain.message, type: plain.type ?? 'undefined' },
    text: { message: text.message, type: text.type ?? 'undefined' },
    overridden: {
      same: overridden === original,
      type: overridden.type,
      nonRetryable: overridden.nonRetryable,
    },
    rootCauseOfText: rootCause('plain text'),
    rootCauseOfNumber: String(rootCause(42)),
  };
  try {
    await step('shipping');
  } catch (error) {
    // Rethrow the activity's failure, overridden: the workflow fails with the overrides.
    const cause = error instanceof ActivityFailure ? error.cause : error;
    throw ApplicationFailure.fromError(cause, {
      message: `shipping failed: ${JSON.stringify(shapes)}`,
      type: 'ShippingFailed',
      nonRetryable: true,
    });
  }
  return shapes;
}

const finish = defineSignal('finish');

/** Default handlers for signals, queries and updates nobody registered. */
export async function defaultHandlers(): Promise<string[]> {
  const seen: string[] = [];
  let finished = false;
  setDefaultSignalHandler((name, ...args) => {
    seen.push(`signal ${name}(${args.join(', ')})`);
  });
  setDefaultQueryHandler((name, ...args) => `query ${name}(${args.join(', ')}): ${seen.length}`);
  setDefaultUpdateHandler(async (name, ...args) => {
    seen.push(`update ${name}(${args.join(', ')})`);
    return seen.length;
  });
  setHandler(finish, () => {
    finished = true;
  });
  // Typed as returning a number, this async handler would not compile; untyped it does.
  setHandler(defineQuery<unknown>('later'), async () => seen.length);
  await condition(() => finished);
  return seen;
}

const slowUpdate = defineUpdate<string, [string]>('slow');
const quietUpdate = defineUpdate<string, [string]>('quiet');
const release = defineSignal('release');

/**
 * Handlers still running when the workflow ends: warned about unless their policy is ABANDON;
 * with `waitForHandlers` the workflow waits for them with `allHandlersFinished`.
 */
export async function unfinishedHandlers(waitForHandlers: boolean): Promise<string> {
  const released = new Trigger<void>();
  setHandler(slowUpdate, async (name) => {
    await released;
    return `slow ${name} done`;
  });
  setHandler(
    quietUpdate,
    async (name) => {
      await released;
      return `quiet ${name} done`;
    },
    { unfinishedPolicy: HandlerUnfinishedPolicy.ABANDON },
  );
  setHandler(release, () => released.resolve());
  await condition(() => !allHandlersFinished());
  if (waitForHandlers) await condition(allHandlersFinished);
  return `ended with handlers finished: ${allHandlersFinished()}`;
}

/** A Trigger resolved by a signal; workflow cancellation rejects it. */
export async function triggered(): Promise<string> {
  const trigger = new Trigger<string>();
  setHandler(defineSignal<[string]>('go'), (value) => trigger.resolve(value));
  return `triggered with ${await trigger}`;
}

export async function greet(name: string, times: number): Promise<string> {
  return `hello ${name} x${times}`;
}

/** Child workflows started by function, with arguments typed from it. */
export async function typedChildren(): Promise<string> {
  const direct = await executeChild(greet, { args: ['ann', 2], workflowId: 'greet-1' });
  const handle = await startChild<typeof greet>('greet', {
    args: ['bob', 1],
    workflowId: 'greet-2',
  });
  const viaHandle: string = await handle.result();
  return `${direct}; ${viaHandle}`;
}

/** Options and run facts the TS SDK has: priority, search attributes, details, workflowInfo. */
export async function optionsAndInfo(): Promise<unknown> {
  const info = workflowInfo();
  const { step: urgentStep } = proxyActivities<{ step(name: string): Promise<string> }>({
    startToCloseTimeout: '1m',
    priority: { priorityKey: 2 },
  });
  await urgentStep('x');
  await startChild(greet, {
    args: ['ann', 1],
    workflowId: 'greet-3',
    staticSummary: 'greeting',
    staticDetails: '**Ann**, once',
    searchAttributes: { CustomKeywordField: ['vip'], CustomIntField: [7] },
    priority: { priorityKey: 1, fairnessKey: 'tenant-a', fairnessWeight: 2 },
  });
  const { searchAttributes, root, retryPolicy, priority, currentBuildId } = info;
  if (info.attempt > 1) return { searchAttributes, root, retryPolicy, priority, currentBuildId };
  return await continueAsNew<typeof optionsAndInfo>();
}

/** Continues as new with search attributes. */
export async function continueWithSearchAttributes(): Promise<void> {
  await makeContinueAsNewFunc({
    searchAttributes: { CustomDatetimeField: [new Date(Date.UTC(2026, 0, 2))] },
  })();
}
