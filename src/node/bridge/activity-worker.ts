/**
 * Activities for `worker --activities module.ts`: a second sdk-core worker on the same connection
 * and task queue, for activity tasks only, running the module's exported functions (by activity
 * type) the way the simulator calls them: arguments decoded from their payloads, the result encoded
 * back (json/plain), a thrown error as a non-retryable ApplicationFailure with its message. No
 * heartbeats and no cancellation: the examples' activities return at once.
 */
import bridge, { type native as Native } from '@temporalio/core-bridge';
import protobuf from 'protobufjs/light.js';
import { describeThrown } from '../../engine/host/errors.ts';
import { codec, type coresdk } from '../../engine/proto/index.ts';
import { fromPayloads, toPayload } from '../../engine/proto/payload.ts';
import { failureFrom } from '../../engine/sim/server/server.ts';
import { finalizeShutdown, initiateShutdown, isShutdownError } from '../oracle/core-bridge.ts';
import type { ServerClient } from './server-client.ts';

const { native } = bridge;

const ActivityTask = codec<coresdk.activity_task.IActivityTask>(
  'coresdk.activity_task.ActivityTask',
);
const ActivityTaskCompletion = codec<coresdk.IActivityTaskCompletion>(
  'coresdk.ActivityTaskCompletion',
);

// Arguments arrive decoded from payloads, so implementations take whatever the workflow sent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActivityFunctions = Record<string, (...args: any[]) => unknown>;

function delimited(bytes: Uint8Array): Buffer {
  const prefix = protobuf.Writer.create().uint32(bytes.length).finish();
  return Buffer.concat([prefix, bytes]);
}

export class ActivityWorker {
  private constructor(
    private readonly worker: Native.Worker,
    private readonly activities: ActivityFunctions,
    private readonly log: (line: string) => void,
  ) {}

  static async start(
    client: ServerClient,
    options: Native.WorkerOptions,
    activities: ActivityFunctions,
    log: (line: string) => void,
  ): Promise<ActivityWorker> {
    const worker = native.newWorker(client.native, {
      ...options,
      taskTypes: {
        enableWorkflows: false,
        enableLocalActivities: false,
        enableRemoteActivities: true,
        enableNexus: false,
      },
      maxCachedWorkflows: 0,
    });
    await native.workerValidate(worker);
    return new ActivityWorker(worker, activities, log);
  }

  /** Polls and runs activity tasks until sdk-core reports shutdown. */
  async run(): Promise<void> {
    const running = new Set<Promise<void>>();
    try {
      for (;;) {
        let bytes: Buffer;
        try {
          bytes = await native.workerPollActivityTask(this.worker);
        } catch (thrown) {
          if (isShutdownError(thrown)) break;
          throw new Error(`polling sdk-core for activity tasks failed: ${describeThrown(thrown)}`, {
            cause: thrown,
          });
        }
        const task = ActivityTask.decode(new Uint8Array(bytes));
        const done = this.answer(task).catch((thrown: unknown) =>
          this.log(`activity worker: ${describeThrown(thrown)}`),
        );
        running.add(done);
        void done.then(() => running.delete(done));
      }
    } finally {
      await Promise.allSettled([...running]);
    }
  }

  private async answer(task: coresdk.activity_task.IActivityTask): Promise<void> {
    // A cancel (the run ended, or a timeout): nothing runs long enough here to stop.
    if (!task.start) return;
    const type = task.start.activityType ?? '';
    const implementation = this.activities[type];
    let result: coresdk.activity_result.IActivityExecutionResult;
    if (!implementation) {
      result = failed(
        `no activity "${type}" in the --activities module (it has ${Object.keys(this.activities).join(', ')})`,
        'ActivityNotRegistered',
      );
    } else {
      try {
        const value = await implementation(...fromPayloads(task.start.input));
        result = { completed: { result: toPayload(value) } };
      } catch (thrown) {
        const error = thrown instanceof Error ? thrown : new Error(String(thrown));
        result = failed(error.message, error.name);
      }
    }
    this.log(`activity ${type}: ${result.completed ? 'completed' : 'failed'}`);
    await native.workerCompleteActivityTask(
      this.worker,
      delimited(ActivityTaskCompletion.encode({ taskToken: task.taskToken ?? null, result })),
    );
  }

  initiateShutdown(): void {
    try {
      initiateShutdown(this.worker);
    } catch {
      // Already shut down.
    }
  }

  /** After `run` returned. False when sdk-core would not finalize the worker (see LiveWorker). */
  async close(): Promise<boolean> {
    try {
      await finalizeShutdown(this.worker);
      return true;
    } catch (thrown) {
      this.log(`activity worker: sdk-core did not finalize it: ${describeThrown(thrown)}`);
      return false;
    }
  }
}

/** Failed as the simulator fails an activity whose implementation threw: not retried. */
function failed(message: string, type: string): coresdk.activity_result.IActivityExecutionResult {
  return { failed: { failure: failureFrom({ message, type, nonRetryable: true }) } };
}
