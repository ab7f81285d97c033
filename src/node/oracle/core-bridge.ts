/**
 * The slice of `@temporalio/core-bridge` (real sdk-core, compiled into the package's native module)
 * that the oracle uses: a runtime, an offline replay worker, and the calls that move encoded
 * protobufs across. Options are built the way @temporalio/worker builds them for
 * `Worker.runReplayHistories`, trimmed to what a replay worker reads.
 */
import bridge from '@temporalio/core-bridge';
import type { native as Native } from '@temporalio/core-bridge';

const { native } = bridge;

export type CoreRuntime = Native.Runtime;
export type CoreWorker = Native.Worker;
export type HistoryPusher = Native.HistoryPusher;

/**
 * sdk-core stamps this build id into `deploymentVersionForCurrentTask` of every activation it
 * builds once replay is over (the last, non-replaying workflow task). Comparisons with our engine
 * must treat that field as the oracle worker's, not the history's.
 */
export const ORACLE_BUILD_ID = 'workflow-playground-oracle';

/**
 * `logFilter` is a tracing filter for sdk-core's own log lines (printed on stderr), e.g. "WARN";
 * off by default because every nondeterminism is also logged there and the verdict already says it.
 */
export function newCoreRuntime(logFilter = 'off'): CoreRuntime {
  return native.newRuntime({
    logExporter: { type: 'console', filter: logFilter, format: null },
    telemetry: { attachServiceName: false, metricPrefix: '' },
    metricsExporter: null,
    workerHeartbeatIntervalMillis: null,
  });
}

/** Options for a worker that runs workflows only: no activities, local activities or Nexus. */
export function workflowWorkerOptions(o: {
  identity: string;
  buildId: string;
  taskQueue: string;
  namespace: string;
  workflowSlots: number;
  maxCachedWorkflows: number;
}): Native.WorkerOptions {
  const slots = (numSlots: number) => ({ type: 'fixed-size', numSlots }) as const;
  return {
    identity: o.identity,
    buildId: o.buildId,
    useVersioning: false,
    workerDeploymentOptions: null,
    taskQueue: o.taskQueue,
    namespace: o.namespace,
    tuner: {
      workflowTaskSlotSupplier: slots(o.workflowSlots),
      activityTaskSlotSupplier: slots(1),
      localActivityTaskSlotSupplier: slots(1),
      nexusTaskSlotSupplier: slots(1),
      resourceBasedTunerConfig: null,
    },
    nonStickyToStickyPollRatio: 0.2,
    // Option validation insists on at least 2 workflow pollers whenever workflows are cached (the
    // replay worker then forces a single poller itself).
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 2 },
    activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 1 },
    nexusTaskPollerBehavior: { type: 'simple-maximum', maximum: 1 },
    taskTypes: {
      enableWorkflows: true,
      enableLocalActivities: false,
      enableRemoteActivities: false,
      enableNexus: false,
    },
    stickyQueueScheduleToStartTimeout: 10_000,
    maxCachedWorkflows: o.maxCachedWorkflows,
    maxHeartbeatThrottleInterval: 60_000,
    defaultHeartbeatThrottleInterval: 30_000,
    maxTaskQueueActivitiesPerSecond: null,
    maxActivitiesPerSecond: null,
    maxEagerActivityReservationsPerWorkflowTask: 0,
    shutdownGraceTime: 0,
    plugins: [],
    storageDrivers: [],
    // Empty: a nondeterminism fails the workflow task (an eviction for the oracle; a retried task on
    // a server), never the workflow through a FailWorkflowExecution command.
    workflowFailureErrors: [],
    workflowTypesToFailureErrors: {},
    disablePayloadErrorLimit: false,
  };
}

export function newReplayWorker(
  runtime: CoreRuntime,
  taskQueue: string,
): [CoreWorker, HistoryPusher] {
  return native.newReplayWorker(
    runtime,
    workflowWorkerOptions({
      identity: 'workflow-playground',
      buildId: ORACLE_BUILD_ID,
      taskQueue,
      namespace: 'default',
      workflowSlots: 1,
      maxCachedWorkflows: 1,
    }),
  );
}

/** The bridge reads every protobuf it is given as length-delimited; Buffer views avoid a copy. */
const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export const pushHistory = (pusher: HistoryPusher, workflowId: string, delimited: Uint8Array) =>
  native.pushHistory(pusher, workflowId, asBuffer(delimited));

export const closeHistoryStream = (pusher: HistoryPusher) => native.closeHistoryStream(pusher);

export const pollActivation = (worker: CoreWorker): Promise<Uint8Array> =>
  native.workerPollWorkflowActivation(worker);

export const completeActivation = (worker: CoreWorker, delimited: Uint8Array): Promise<void> =>
  native.workerCompleteWorkflowActivation(worker, asBuffer(delimited));

export const initiateShutdown = (worker: CoreWorker) => native.workerInitiateShutdown(worker);
export const finalizeShutdown = (worker: CoreWorker) => native.workerFinalizeShutdown(worker);
export const shutdownRuntime = (runtime: CoreRuntime) => native.runtimeShutdown(runtime);

/** The poll calls reject with this (by name) once the worker has shut down or died. */
export function isShutdownError(thrown: unknown): boolean {
  return thrown instanceof bridge.errors.ShutdownError;
}
