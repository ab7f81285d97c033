/**
 * A stand-in for a Temporal server's frontend, for live-mode tests on a machine where no Temporal
 * server can run: a real gRPC server (@grpc/grpc-js) speaking `temporal.api.workflowservice.v1.
 * WorkflowService` from the .proto files shipped with @temporalio/core-bridge, answering the few
 * calls a workflow worker makes with what the test scripts: the workflow tasks to hand out, and
 * the histories to page through. Real sdk-core (the bridge's live worker) is the client, so what it
 * sends back (completed or failed tasks) is exactly what a server would receive. Calls it does not
 * script answer UNIMPLEMENTED, as a server without the feature would.
 */
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { History, type temporal } from '../../src/engine/proto/index.ts';
import { loadFullRoot } from '../../src/node/gen/proto-schema.ts';

const SERVICE = 'temporal.api.workflowservice.v1.WorkflowService';

let root: protobuf.Root | undefined;
function schema(): protobuf.Root {
  if (!root) {
    root = loadFullRoot();
    root.loadSync('temporal/api/workflowservice/v1/service.proto', { keepCase: false });
    root.resolveAll();
  }
  return root;
}

const type = (name: string) => schema().lookupType(`temporal.api.workflowservice.v1.${name}`);
const encode = (name: string, value: object) =>
  Buffer.from(type(name).encode(type(name).fromObject(value)).finish());
const decode = (name: string, bytes: Buffer) =>
  type(name).toObject(type(name).decode(bytes), { longs: Number, enums: String, defaults: false });

/** Our History, re-read with the full schema (the one the frontend encodes responses with). */
type IHistoryEvent = temporal.api.history.v1.IHistoryEvent;

function historyObject(events: readonly IHistoryEvent[]): object {
  const full = schema().lookupType('temporal.api.history.v1.History');
  return full.toObject(full.decode(History.encode({ events: [...events] })));
}

export interface ScriptedTask {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** The history up to and including the task's WorkflowTaskStarted event. */
  events: readonly IHistoryEvent[];
  attempt?: number;
}

type Json = Record<string, unknown>;

export class ScriptedFrontend {
  /** Every call received, by method name, in order. */
  readonly calls: string[] = [];
  readonly completed: Json[] = [];
  readonly failed: Json[] = [];
  /** Histories GetWorkflowExecutionHistory serves, by workflow id, in pages of `pageSize`. */
  readonly histories = new Map<string, readonly IHistoryEvent[]>();
  pageSize = 100;
  private readonly tasks: ScriptedTask[] = [];
  private readonly pollers: Array<() => void> = [];
  private readonly server = new grpc.Server();
  private tokens = 0;

  private constructor(readonly namespace: string) {}

  static async start(
    namespace = 'default',
  ): Promise<{ frontend: ScriptedFrontend; address: string }> {
    const frontend = new ScriptedFrontend(namespace);
    const port = await frontend.listen();
    return { frontend, address: `127.0.0.1:${port}` };
  }

  /** Hands out a workflow task to the next poll of the task's queue (or one waiting now). */
  offer(task: ScriptedTask): void {
    this.tasks.push(task);
    this.pollers.shift()?.();
  }

  count(method: string): number {
    return this.calls.filter((c) => c === method).length;
  }

  stop(): void {
    this.server.forceShutdown();
    for (const wake of this.pollers.splice(0)) wake();
  }

  private handlers(): Record<string, (request: Buffer) => Promise<Buffer> | Buffer> {
    return {
      GetSystemInfo: () =>
        encode('GetSystemInfoResponse', { serverVersion: '1.29.0', capabilities: {} }),
      DescribeNamespace: (request) => {
        const { namespace } = decode('DescribeNamespaceRequest', request) as { namespace?: string };
        if (namespace !== this.namespace)
          throw Object.assign(new Error(`Namespace ${namespace} is not found.`), {
            code: grpc.status.NOT_FOUND,
          });
        return encode('DescribeNamespaceResponse', {
          namespaceInfo: { name: this.namespace, state: 'NAMESPACE_STATE_REGISTERED' },
        });
      },
      PollWorkflowTaskQueue: (request) => this.poll(request),
      RespondWorkflowTaskCompleted: (request) => {
        this.completed.push(decode('RespondWorkflowTaskCompletedRequest', request));
        return encode('RespondWorkflowTaskCompletedResponse', {});
      },
      RespondWorkflowTaskFailed: (request) => {
        this.failed.push(decode('RespondWorkflowTaskFailedRequest', request));
        return encode('RespondWorkflowTaskFailedResponse', {});
      },
      GetWorkflowExecutionHistory: (request) => this.history(request),
      ShutdownWorker: () => encode('ShutdownWorkerResponse', {}),
    };
  }

  /** A long poll: a task when one is offered for the (normal) queue, else nothing after a while. */
  private async poll(request: Buffer): Promise<Buffer> {
    const { taskQueue } = decode('PollWorkflowTaskQueueRequest', request) as {
      taskQueue?: { kind?: string };
    };
    const sticky = taskQueue?.kind === 'TASK_QUEUE_KIND_STICKY';
    if (!sticky && this.tasks.length === 0)
      await new Promise<void>((resolve) => {
        this.pollers.push(resolve);
        setTimeout(resolve, 1000).unref();
      });
    const task = sticky ? undefined : this.tasks.shift();
    if (!task) return encode('PollWorkflowTaskQueueResponse', {});
    const events = task.events;
    const started = events.at(-1)!;
    return encode('PollWorkflowTaskQueueResponse', {
      taskToken: Buffer.from(`task-${++this.tokens}`),
      workflowExecution: { workflowId: task.workflowId, runId: task.runId },
      workflowType: { name: task.workflowType },
      workflowExecutionTaskQueue: { name: 'tq', kind: 'TASK_QUEUE_KIND_NORMAL' },
      previousStartedEventId: 0,
      startedEventId: Number(started.eventId),
      attempt: task.attempt ?? 1,
      history: historyObject(events),
      scheduledTime: events.at(-2)?.eventTime,
      startedTime: started.eventTime,
    });
  }

  private history(request: Buffer): Buffer {
    const { namespace, execution, nextPageToken } = decode(
      'GetWorkflowExecutionHistoryRequest',
      request,
    ) as {
      namespace?: string;
      execution?: { workflowId?: string };
      nextPageToken?: Uint8Array;
    };
    const events = namespace === this.namespace && this.histories.get(execution?.workflowId ?? '');
    if (!events)
      throw Object.assign(new Error('workflow execution not found'), {
        code: grpc.status.NOT_FOUND,
      });
    const from = nextPageToken?.length ? Number(Buffer.from(nextPageToken).toString()) : 0;
    const to = Math.min(events.length, from + this.pageSize);
    const response: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse = {
      history: historyObject(events.slice(from, to)),
      ...(to < events.length ? { nextPageToken: Buffer.from(String(to)) } : {}),
    };
    return encode('GetWorkflowExecutionHistoryResponse', response);
  }

  private listen(): Promise<number> {
    const handlers = this.handlers();
    const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {};
    const implementation: grpc.UntypedServiceImplementation = {};
    const same = (value: Buffer) => value;
    for (const method of schema().lookupService(SERVICE).methodsArray) {
      definition[method.name] = {
        path: `/${SERVICE}/${method.name}`,
        requestStream: false,
        responseStream: false,
        requestSerialize: same,
        requestDeserialize: same,
        responseSerialize: same,
        responseDeserialize: same,
      };
      implementation[method.name] = (
        call: grpc.ServerUnaryCall<Buffer, Buffer>,
        callback: grpc.sendUnaryData<Buffer>,
      ) => {
        this.calls.push(method.name);
        const handle = handlers[method.name];
        if (!handle) {
          callback({ code: grpc.status.UNIMPLEMENTED, details: `${method.name} is not scripted` });
          return;
        }
        Promise.resolve()
          .then(() => handle(call.request))
          .then(
            (response) => callback(null, response),
            (error: Error & { code?: number }) =>
              callback({ code: error.code ?? grpc.status.INTERNAL, details: error.message }),
          );
      };
    }
    this.server.addService(definition, implementation);
    return new Promise((resolve, reject) =>
      this.server.bindAsync(
        '127.0.0.1:0',
        grpc.ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
  }
}
