/**
 * Live mode: a real sdk-core worker (`@temporalio/core-bridge`'s `newWorker` on a client
 * connection) polling a task queue on a Temporal server. sdk-core does all of what a worker does
 * with the server (long polls, sticky queues, the workflow state machines, responding to tasks);
 * the bridge only plays lang, through the dispatcher. Options are built the way @temporalio/worker
 * builds them, with workflow tasks only (no activities, no Nexus).
 *
 * Backpressure reaches the server: sdk-core holds at most `maxInFlight` workflow tasks (its slot
 * supplier), and the bridge polls only while fewer than that wait for lang and, when the page plays
 * lang, while a page is connected.
 */
import bridge, { type native as Native } from '@temporalio/core-bridge';
import protobuf from 'protobufjs/light.js';
import { describeThrown } from '../../engine/host/errors.ts';
import { failedAnswer } from '../../engine/bridge/engine-lang.ts';
import {
  WorkflowActivation,
  WorkflowActivationCompletion,
  type coresdk,
} from '../../engine/proto/index.ts';
import {
  completeActivation,
  finalizeShutdown,
  initiateShutdown,
  isShutdownError,
  pollActivation,
  type CoreRuntime,
  workflowWorkerOptions,
} from '../oracle/core-bridge.ts';
import { evictionOf } from '../oracle/verdict.ts';
import type { ConnectionOptions } from './connection.ts';
import type { Dispatcher } from './dispatcher.ts';
import { ActivityWorker, type ActivityFunctions } from './activity-worker.ts';
import { ServerClient, type FetchedHistory } from './server-client.ts';

const { native } = bridge;

export interface LiveOptions {
  connection: ConnectionOptions;
  taskQueue: string;
  /** Workflow tasks sdk-core may hold at once (its slots), and activations waiting for lang. */
  maxInFlight: number;
  /** Runs sdk-core keeps in its sticky cache (each is a component instance where lang runs). */
  maxCachedWorkflows: number;
  identity: string;
  /** Version of this tool, sent as the client version. */
  version: string;
  /** Activity functions by type: a second sdk-core worker runs the queue's activity tasks. */
  activities?: ActivityFunctions;
  /** How often to check that the server still answers (2 s by default). */
  serverCheckMs?: number;
}

const SERVER_CHECK_MS = 2000;

/** The bridge reads every protobuf it is given as length-delimited. */
function delimited(bytes: Uint8Array): Buffer {
  const prefix = protobuf.Writer.create().uint32(bytes.length).finish();
  return Buffer.concat([prefix, bytes]);
}

function workerOptions(options: LiveOptions): Native.WorkerOptions {
  return workflowWorkerOptions({
    identity: options.identity,
    buildId: `workflow-playground@${options.version}`,
    taskQueue: options.taskQueue,
    namespace: options.connection.namespace,
    workflowSlots: options.maxInFlight,
    maxCachedWorkflows: options.maxCachedWorkflows,
  });
}

export class LiveWorker {
  private constructor(
    private readonly client: ServerClient,
    private readonly worker: Native.Worker,
    private readonly options: LiveOptions,
    private readonly log: (line: string) => void,
    private readonly activities?: ActivityWorker,
  ) {}

  private watching: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  /**
   * Checks now and then that the server answers and calls `onChange` with why not when it stops
   * answering, and with undefined when it answers again. sdk-core's pollers retry an unreachable
   * server quietly with backoff and resume on their own once it is back (the same worker, no
   * restart: faults.test.ts stops and restarts the server under it), so without this an outage
   * would only look like an idle task queue.
   */
  watchServer(onChange: (unreachable: string | undefined) => void): void {
    const every = this.options.serverCheckMs ?? SERVER_CHECK_MS;
    let down: string | undefined;
    const check = async () => {
      const now = await this.client.unreachable(every);
      if (this.stopped) return;
      if ((now === undefined) !== (down === undefined)) onChange(now);
      down = now;
      this.watching = setTimeout(() => void check(), every);
    };
    this.watching = setTimeout(() => void check(), every);
  }

  /** Connects to the server and registers the worker; errors say what to fix. */
  static async start(
    runtime: CoreRuntime,
    options: LiveOptions,
    log: (line: string) => void,
  ): Promise<LiveWorker> {
    const address = options.connection.address;
    const client = await ServerClient.connect(runtime, options.connection, options.version);
    let worker: Native.Worker | undefined;
    try {
      worker = native.newWorker(client.native, workerOptions(options));
      // Asks the server about the namespace: a wrong namespace or credentials fail here.
      await native.workerValidate(worker);
    } catch (thrown) {
      if (worker) {
        try {
          initiateShutdown(worker);
          await finalizeShutdown(worker);
        } catch {
          // Never started polling: nothing to wind down.
        }
      }
      client.close();
      throw new Error(
        `the Temporal server at ${address} did not accept a worker for namespace ` +
          `"${options.connection.namespace}": ${describeThrown(thrown)}`,
        { cause: thrown },
      );
    }
    let activities: ActivityWorker | undefined;
    if (options.activities) {
      try {
        activities = await ActivityWorker.start(
          client,
          workerOptions(options),
          options.activities,
          log,
        );
      } catch (thrown) {
        initiateShutdown(worker);
        await finalizeShutdown(worker).catch(() => undefined);
        client.close();
        throw new Error(`the activity worker did not start: ${describeThrown(thrown)}`, {
          cause: thrown,
        });
      }
    }
    return new LiveWorker(client, worker, options, log, activities);
  }

  /**
   * Polls activations and has them answered until sdk-core reports shutdown. `ready` resolves when
   * lang can take an activation (resolves at once once shutting down, so the rest is drained).
   */
  async run(dispatcher: Dispatcher, ready: () => Promise<void>): Promise<void> {
    // Activities run beside workflow tasks; a failure of either ends both.
    const activities = this.activities?.run().catch((thrown: unknown) => {
      this.initiateShutdown();
      throw thrown;
    });
    try {
      await this.runWorkflows(dispatcher, ready);
    } catch (thrown) {
      this.activities?.initiateShutdown();
      throw thrown;
    } finally {
      await activities;
    }
  }

  private async runWorkflows(dispatcher: Dispatcher, ready: () => Promise<void>): Promise<void> {
    const answering = new Set<Promise<void>>();
    try {
      for (;;) {
        await dispatcher.whenCapacity();
        await ready();
        let bytes: Uint8Array;
        try {
          bytes = await pollActivation(this.worker);
        } catch (thrown) {
          if (isShutdownError(thrown)) break;
          throw new Error(`polling sdk-core for activations failed: ${describeThrown(thrown)}`, {
            cause: thrown,
          });
        }
        const activation = WorkflowActivation.decode(bytes);
        const task = this.handle(activation, bytes, dispatcher).catch((thrown: unknown) =>
          this.log(`bridge: run ${activation.runId}: ${describeThrown(thrown)}`),
        );
        answering.add(task);
        void task.then(() => answering.delete(task));
      }
    } finally {
      await Promise.allSettled([...answering]);
    }
  }

  private async handle(
    activation: coresdk.workflow_activation.IWorkflowActivation,
    bytes: Uint8Array,
    dispatcher: Dispatcher,
  ): Promise<void> {
    const runId = activation.runId ?? '';
    const jobs = activation.jobs ?? [];
    const evict = jobs.find((job) => job.removeFromCache)?.removeFromCache;
    if (!evict) {
      await this.complete(runId, await dispatcher.answer(activation, bytes));
      return;
    }
    // As the TS SDK does: other jobs sharing the eviction are answered first, then the run ends.
    const others = jobs.filter((job) => !job.removeFromCache);
    if (others.length > 0) {
      await this.complete(runId, await dispatcher.answer({ ...activation, jobs: others }));
    } else {
      await this.complete(runId, WorkflowActivationCompletion.encode({ runId, successful: {} }));
    }
    const eviction = evictionOf(activation, evict);
    this.log(`bridge: sdk-core evicted run ${runId} (${eviction.reason}): ${eviction.message}`);
    dispatcher.runEnded(runId, eviction.reason, eviction.message);
  }

  /** Hands a completion to sdk-core; one it refuses is replaced by a failure saying why. */
  private async complete(runId: string, completion: Uint8Array): Promise<void> {
    try {
      await completeActivation(this.worker, delimited(completion));
    } catch (thrown) {
      if (isShutdownError(thrown)) return;
      const message = `sdk-core refused the completion: ${describeThrown(thrown)}`;
      this.log(`bridge: run ${runId}: ${message}`);
      await completeActivation(
        this.worker,
        delimited(failedAnswer(runId, `workflow-playground bridge: ${message}`).completion),
      ).catch((again: unknown) =>
        this.log(
          `bridge: run ${runId}: sdk-core refused the failure too: ${describeThrown(again)}`,
        ),
      );
    }
  }

  /**
   * A workflow's history from the server, page by page (`onPage` gets each page as an encoded
   * History and is awaited, so a slow reader slows the fetch down). The latest run without `runId`.
   */
  fetchHistory(
    workflowId: string,
    runId: string | undefined,
    onPage: (history: Uint8Array, page: number) => Promise<void>,
  ): Promise<FetchedHistory> {
    return this.client.fetchHistory(this.options.connection.namespace, workflowId, runId, onPage);
  }

  /** The worker's connection, also for fetching histories from the same server. */
  get server(): ServerClient {
    return this.client;
  }

  /** Stops polling the server; `run` drains what sdk-core still holds and returns. */
  initiateShutdown(): void {
    this.stopped = true;
    clearTimeout(this.watching);
    this.activities?.initiateShutdown();
    try {
      initiateShutdown(this.worker);
    } catch {
      // Already shut down.
    }
  }

  /**
   * After `run` returned: frees the worker and the connection. False when sdk-core would not
   * finalize the worker (it throws at once when something still holds it): its pollers may still
   * be running, and shutting the runtime down under them panics in sdk-core
   * (`poll_buffer.rs` unwraps its poll tasks' JoinError::Cancelled), so the caller must not.
   */
  async close(): Promise<boolean> {
    let finalized = (await this.activities?.close()) ?? true;
    try {
      await finalizeShutdown(this.worker);
    } catch (thrown) {
      finalized = false;
      this.log(`bridge: sdk-core did not finalize the worker: ${describeThrown(thrown)}`);
    }
    this.client.close();
    return finalized;
  }
}
