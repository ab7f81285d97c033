/**
 * What the project asks of a Temporal server besides polling: a workflow's history by id (page by
 * page) and the executions a visibility query lists. One sdk-core client connection (the one
 * @temporalio/core-bridge makes, with the connection options of connection.ts), shared by the
 * bridge's live worker, the bridge's "open a workflow by id" and the CLI's `--address`.
 */
import bridge, { type native as Native } from '@temporalio/core-bridge';
import { describeThrown } from '../../engine/host/errors.ts';
import { formatTimestamp } from '../../engine/history/index.ts';
import { codec, History, type temporal } from '../../engine/proto/index.ts';
import type { CoreRuntime } from '../oracle/core-bridge.ts';
import { explainConnectError, nativeClientOptions, type ConnectionOptions } from './connection.ts';

const { native } = bridge;

const GetHistoryRequest =
  codec<temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest>(
    'temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest',
  );
const GetHistoryResponse =
  codec<temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse>(
    'temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse',
  );
const ListRequest = codec<temporal.api.workflowservice.v1.IListWorkflowExecutionsRequest>(
  'temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest',
);
const ListResponse = codec<temporal.api.workflowservice.v1.IListWorkflowExecutionsResponse>(
  'temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse',
);
const HISTORY_EVENT_FILTER_ALL_EVENT = 1;
const GRPC = { invalidArgument: 3, deadlineExceeded: 4, notFound: 5, unavailable: 14 } as const;
/** Longest wait for one page of history or of a listing. */
const PAGE_TIMEOUT_MS = 30_000;
const LIST_PAGE_SIZE = 1000;

export interface FetchedHistory {
  workflowId: string;
  runId: string;
  events: number;
  pages: number;
}

/** One execution a visibility query listed. */
export interface ListedExecution {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** RFC 3339, as the server recorded it. */
  startTime?: string;
  /** WorkflowExecutionStatus name without its prefix, e.g. COMPLETED, RUNNING. */
  status: string;
}

/** A workflow the server does not have (gRPC NOT_FOUND), said as such. */
export class WorkflowNotFound extends Error {
  override readonly name = 'WorkflowNotFound';
  /** The bridge's error code for the page. */
  readonly code = 'not-found';
}

const STATUS_NAMES = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
  'PAUSED',
];

export class ServerClient {
  private constructor(
    private readonly client: Native.Client,
    readonly address: string,
  ) {}

  /** Connects (sdk-core checks the server answers); a failure says what to check. */
  static async connect(
    runtime: CoreRuntime,
    connection: ConnectionOptions,
    version: string,
  ): Promise<ServerClient> {
    const options = nativeClientOptions(connection, version);
    try {
      return new ServerClient(await native.newClient(runtime, options), connection.address);
    } catch (thrown) {
      const error = new Error(explainConnectError(connection.address, describeThrown(thrown)), {
        cause: thrown,
      });
      throw Object.assign(error, { code: 'unreachable' });
    }
  }

  /** For sdk-core's worker on the same connection (live mode). */
  get native(): Native.Client {
    return this.client;
  }

  /**
   * Whether the server answers now: one GetSystemInfo without retries. Undefined when it answers
   * (even with an error), else why not (sdk-core's own calls retry quietly, so this is how an outage becomes visible).
   */
  async unreachable(timeoutMs: number): Promise<string | undefined> {
    try {
      await native.clientSendWorkflowServiceRequest(this.client, {
        rpc: 'GetSystemInfo',
        req: Buffer.alloc(0),
        retry: false,
        metadata: {},
        timeout: timeoutMs,
      });
      return undefined;
    } catch (thrown) {
      // Any answer, even an error, means the server is there; only no answer is an outage.
      const code = (thrown as { code?: number }).code;
      const silent = code === GRPC.unavailable || code === GRPC.deadlineExceeded;
      return silent ? describeThrown(thrown) : undefined;
    }
  }

  private async call(rpc: string, request: Uint8Array, what: string): Promise<Uint8Array> {
    try {
      const raw = await native.clientSendWorkflowServiceRequest(this.client, {
        rpc,
        req: Buffer.from(request),
        retry: true,
        metadata: {},
        timeout: PAGE_TIMEOUT_MS,
      });
      return new Uint8Array(raw);
    } catch (thrown) {
      const code = (thrown as { code?: number }).code;
      const message = describeThrown(thrown);
      if (code === GRPC.notFound) throw new WorkflowNotFound(message, { cause: thrown });
      if (code === GRPC.unavailable) {
        const error = new Error(`${what}: the server is unavailable (${message})`, {
          cause: thrown,
        });
        throw Object.assign(error, { code: 'unreachable' });
      }
      throw new Error(`${what}: ${message}`, { cause: thrown });
    }
  }

  /**
   * A workflow's history, page by page (`onPage` gets each page as an encoded History and is
   * awaited, so a slow reader slows the fetch down). The latest run without `runId`.
   */
  async fetchHistory(
    namespace: string,
    workflowId: string,
    runId: string | undefined,
    onPage: (history: Uint8Array, page: number) => Promise<void>,
  ): Promise<FetchedHistory> {
    let token: Uint8Array | undefined;
    let pages = 0;
    let events = 0;
    let resolvedRunId = runId ?? '';
    do {
      const request = GetHistoryRequest.encode({
        namespace,
        execution: { workflowId, runId: runId ?? '' },
        nextPageToken: token ?? null,
        historyEventFilterType: HISTORY_EVENT_FILTER_ALL_EVENT,
      });
      let raw: Uint8Array;
      try {
        raw = await this.call(
          'GetWorkflowExecutionHistory',
          request,
          `fetching page ${pages + 1} of the history of ${workflowId} from ${this.address}`,
        );
      } catch (thrown) {
        if (thrown instanceof WorkflowNotFound)
          throw new WorkflowNotFound(
            `no workflow ${workflowId}${runId ? ` with run ${runId}` : ''} in namespace ${namespace} on ${this.address}`,
            { cause: thrown },
          );
        throw thrown;
      }
      const response = GetHistoryResponse.decode(raw);
      const history = response.history ?? { events: [] };
      const pageEvents = history.events ?? [];
      if (pages === 0) {
        const started = pageEvents[0]?.workflowExecutionStartedEventAttributes;
        resolvedRunId ||= started?.originalExecutionRunId ?? '';
      }
      await onPage(History.encode(history), pages);
      pages++;
      events += pageEvents.length;
      token = response.nextPageToken?.length ? response.nextPageToken : undefined;
    } while (token);
    return { workflowId, runId: resolvedRunId, events, pages };
  }

  /** The whole history as one encoded History (pages concatenated: their events append). */
  async history(
    namespace: string,
    workflowId: string,
    runId?: string,
  ): Promise<FetchedHistory & { bytes: Uint8Array }> {
    const pages: Uint8Array[] = [];
    const fetched = await this.fetchHistory(namespace, workflowId, runId, async (page) => {
      pages.push(page);
    });
    return { ...fetched, bytes: Buffer.concat(pages) };
  }

  /** The executions a visibility query lists, newest first as the server orders them, up to `limit`. */
  async list(namespace: string, query: string, limit = Infinity): Promise<ListedExecution[]> {
    const found: ListedExecution[] = [];
    let token: Uint8Array | undefined;
    do {
      const request = ListRequest.encode({
        namespace,
        query,
        pageSize: Math.min(LIST_PAGE_SIZE, limit - found.length),
        nextPageToken: token ?? null,
      });
      let raw: Uint8Array;
      try {
        raw = await this.call(
          'ListWorkflowExecutions',
          request,
          `listing workflows on ${this.address}`,
        );
      } catch (thrown) {
        const code = ((thrown as Error).cause as { code?: number } | undefined)?.code;
        if (code === GRPC.invalidArgument)
          throw new Error(
            `the server refused the query ${JSON.stringify(query)}: ${describeThrown((thrown as Error).cause)}`,
            {
              cause: thrown,
            },
          );
        if (thrown instanceof WorkflowNotFound)
          throw new Error(`no namespace ${namespace} on ${this.address}: ${thrown.message}`, {
            cause: thrown,
          });
        throw thrown;
      }
      const response = ListResponse.decode(raw);
      for (const info of response.executions ?? []) {
        if (found.length >= limit) break;
        const startTime = info.startTime ? formatTimestamp(info.startTime) : undefined;
        found.push({
          workflowId: info.execution?.workflowId ?? '',
          runId: info.execution?.runId ?? '',
          workflowType: info.type?.name ?? '',
          ...(startTime ? { startTime } : {}),
          status: STATUS_NAMES[info.status ?? 0] ?? String(info.status),
        });
      }
      token = response.nextPageToken?.length ? response.nextPageToken : undefined;
    } while (token && found.length < limit);
    return found;
  }

  close(): void {
    native.clientClose(this.client);
  }
}
