/**
 * The bridge protocol, version 2: what the page and the bridge (`workflow-playground bridge`, a
 * local worker backed by real sdk-core) say to each other over one WebSocket. The same messages
 * serve live runs (activations polled from a Temporal server) and replays (sdk-core's replay
 * worker fed a history).
 *
 * Every frame is one JSON text message with a `type`. Each side sends requests with ids of its
 * own and answers the other side's requests exactly once, by id:
 * - the bridge asks the page to `activate` (run one activation through the component the page
 *   hosts and return the encoded completion);
 * - the page asks the bridge to `fetch-history` (by workflow id: from the server it names, else the
 *   bridge's own server in live and fetch mode, the history being replayed in replay mode; the
 *   pages of events arrive as `history-page` events before the response) or to `replay` again.
 * Events tell the page what happens without expecting an answer: the completion sdk-core was given
 * for each activation (and the trace, when the bridge hosts the component), the end of each run
 * with sdk-core's verdict, and the bridge's state. A frame that cannot be read is answered with an
 * `error` frame; the connection stays open.
 *
 * Version 2 added `server` to `fetch-history` (a page opens any workflow by id through the bridge,
 * since a page cannot speak gRPC) and fetch mode (a bridge that only fetches histories). Each side
 * refuses the other's version when it differs (the page's `hello`, the bridge's `welcome`).
 *
 * Protobufs travel as base64 of their binary encoding: `WorkflowActivation`,
 * `WorkflowActivationCompletion`, `History`.
 */
import * as v from 'valibot';
import {
  array,
  boolean,
  bytes,
  integer,
  jsonObject,
  literal,
  object,
  oneOf,
  string,
  variants,
} from './schema.ts';

export const BRIDGE_PROTOCOL_VERSION = 2;

/** Close codes the bridge uses besides the standard ones (1001 going away, 1009 too big). */
export const CLOSE = {
  /** The first frame was not a `hello` of this protocol version. */
  protocolMismatch: 4002,
  /** Another page connected to the bridge; the newest connection wins. */
  replaced: 4001,
} as const;

const id = integer({ min: 1 });
const name = string({ max: 1000 });

export const runInfo = object({
  runId: name,
  workflowId: name,
  workflowType: name,
  namespace: name,
  taskQueue: name,
});
export type RunInfo = v.InferOutput<typeof runInfo>;

const errorBody = object({ code: string({ max: 100 }), message: string({ max: 100_000 }) });
export type BridgeErrorBody = v.InferOutput<typeof errorBody>;

// ── Page → bridge ──────────────────────────────────────────────────────────────────────────────

const pageHello = object({
  type: literal('hello'),
  protocol: integer(),
  /** Who is connecting, for the bridge's log (e.g. "workflow-playground app"). */
  client: string({ max: 200 }),
});

/** Calls the page makes to the bridge: request arguments and results. */
export const pageCalls = {
  'fetch-history': {
    args: object({
      workflowId: name,
      runId: v.optional(name),
      /**
       * The server to fetch from (host:port, namespace); without it, the bridge's own. The
       * bridge's credentials (API key, client certificate, headers) go only to its own address.
       */
      server: v.optional(object({ address: name, namespace: name })),
    }),
    result: object({
      workflowId: name,
      runId: string({ max: 1000 }),
      events: integer(),
      pages: integer(),
    }),
  },
  /** Replay mode: replay the history again, from the start, with this page answering. */
  replay: { args: object({}), result: object({ started: boolean() }) },
} as const;
export type PageCall = keyof typeof pageCalls;
export type PageCallArgs<K extends PageCall> = v.InferOutput<(typeof pageCalls)[K]['args']>;
export type PageCallResult<K extends PageCall> = v.InferOutput<(typeof pageCalls)[K]['result']>;

const pageRequest = variants('call', [
  object({
    type: literal('request'),
    id,
    call: literal('fetch-history'),
    args: pageCalls['fetch-history'].args,
  }),
  object({
    type: literal('request'),
    id,
    call: literal('replay'),
    args: pageCalls.replay.args,
  }),
]);

/** Calls the bridge makes to the page. */
export const bridgeCalls = {
  activate: {
    args: object({
      run: runInfo,
      /** Position of this activation in its run, from 0 (in this bridge's view of the run). */
      index: integer(),
      /** Encoded coresdk.workflow_activation.WorkflowActivation. */
      activation: bytes(),
    }),
    /** Encoded coresdk.workflow_completion.WorkflowActivationCompletion. */
    result: object({ completion: bytes() }),
  },
} as const;
export type BridgeCall = keyof typeof bridgeCalls;
export type BridgeCallArgs<K extends BridgeCall> = v.InferOutput<(typeof bridgeCalls)[K]['args']>;
export type BridgeCallResult<K extends BridgeCall> = v.InferOutput<
  (typeof bridgeCalls)[K]['result']
>;

/** The page's answer to an `activate` request. */
const pageResponse = variants('ok', [
  object({
    type: literal('response'),
    id,
    call: literal('activate'),
    ok: literal(true),
    result: bridgeCalls.activate.result,
  }),
  object({
    type: literal('response'),
    id,
    call: literal('activate'),
    ok: literal(false),
    error: errorBody,
  }),
]);

/** Every frame a page may send, checked by the bridge. */
export const pageFrame = variants('type', [pageHello, pageRequest, pageResponse]);
export type PageFrame = v.InferOutput<typeof pageFrame>;

// ── Bridge → page ──────────────────────────────────────────────────────────────────────────────

const welcome = object({
  type: literal('welcome'),
  protocol: integer(),
  /**
   * `live`: activations come from a Temporal server; `replay`: from a history, through sdk-core;
   * `fetch`: none, the bridge only fetches histories from servers for the page.
   */
  mode: oneOf(['live', 'replay', 'fetch']),
  /** Who runs the component: the page (it gets `activate` requests) or the bridge itself. */
  lang: oneOf(['page', 'bridge']),
  bridgeVersion: string({ max: 100 }),
  limits: object({
    maxFrameBytes: integer(),
    /** Activations the bridge lets wait for the page at once. */
    maxInFlight: integer({ min: 1 }),
    /** An activation the page has not answered by then is failed back to sdk-core. */
    activationTimeoutMs: integer(),
  }),
  /** The bridge's own server (live and fetch mode); the task queue it polls (live mode). */
  server: v.optional(object({ address: name, namespace: name, taskQueue: v.optional(name) })),
  replay: v.optional(object({ source: name, workflowId: name, events: integer() })),
  /** The component, when the bridge hosts it. */
  component: v.optional(object({ label: name, workflowTypes: array(name, { max: 1000 }) })),
});

const bridgeRequest = object({
  type: literal('request'),
  id,
  call: literal('activate'),
  args: bridgeCalls.activate.args,
});

const bridgeResponse = variants('ok', [
  variants('call', [
    object({
      type: literal('response'),
      id,
      call: literal('fetch-history'),
      ok: literal(true),
      result: pageCalls['fetch-history'].result,
    }),
    object({
      type: literal('response'),
      id,
      call: literal('replay'),
      ok: literal(true),
      result: pageCalls.replay.result,
    }),
  ]),
  object({
    type: literal('response'),
    id,
    call: oneOf(['fetch-history', 'replay']),
    ok: literal(false),
    error: errorBody,
  }),
]);

/** Events: notifications from the bridge that expect no answer. */
export const bridgeEvents = {
  /** The bridge runs the component: an activation it is about to run (the page only watches). */
  activation: object({ run: runInfo, index: integer(), activation: bytes() }),
  /** What sdk-core was given for an activation, by whom, and why when the bridge made it. */
  'activation-done': object({
    run: runInfo,
    index: integer(),
    completion: bytes(),
    /** `page`: the page's answer; `bridge`: the component run by the bridge; `failed-by-bridge`: see reason. */
    by: oneOf(['page', 'bridge', 'failed-by-bridge']),
    reason: v.optional(string({ max: 100_000 })),
    /** When the bridge ran the component: the completion (CompletionView) and trace entries (TraceEntryView). */
    view: v.optional(jsonObject()),
    trace: v.optional(array(jsonObject())),
  }),
  /** sdk-core removed the run from its cache, or (replay) the replay ended with this verdict. */
  'run-ended': object({
    run: runInfo,
    /** EvictionReason name, e.g. LANG_REQUESTED, NONDETERMINISM, LANG_FAIL, FATAL. */
    reason: string({ max: 100 }),
    message: string({ max: 100_000 }),
    /** Replay mode: sdk-core's verdict (OracleVerdict: kind ok, nondeterminism, task-failure…). */
    verdict: v.optional(jsonObject()),
  }),
  /** One page of a fetched history (encoded temporal.api.history.v1.History). */
  'history-page': object({ requestId: id, page: integer(), history: bytes() }),
  status: object({
    state: oneOf([
      'waiting',
      'polling',
      'unreachable',
      'replaying',
      'idle',
      'shutting-down',
      'error',
    ]),
    message: string({ max: 100_000 }),
  }),
} as const;
export type BridgeEvent = keyof typeof bridgeEvents;
export type BridgeEventBody<K extends BridgeEvent> = v.InferOutput<(typeof bridgeEvents)[K]>;

const bridgeEvent = variants('event', [
  object({
    type: literal('event'),
    event: literal('activation'),
    body: bridgeEvents.activation,
  }),
  object({
    type: literal('event'),
    event: literal('activation-done'),
    body: bridgeEvents['activation-done'],
  }),
  object({
    type: literal('event'),
    event: literal('run-ended'),
    body: bridgeEvents['run-ended'],
  }),
  object({
    type: literal('event'),
    event: literal('history-page'),
    body: bridgeEvents['history-page'],
  }),
  object({ type: literal('event'), event: literal('status'), body: bridgeEvents.status }),
]);

export const ERROR_CODES = [
  /** Not JSON, not a frame of this protocol, or a field out of shape (the message names it). */
  'malformed-frame',
  /** Larger than the receiving side's frame limit. */
  'frame-too-large',
  /** A frame that makes no sense now (e.g. before `hello`, or an answer nobody asked for). */
  'unexpected-frame',
  'protocol-mismatch',
  /** The page has more requests waiting than the bridge allows. */
  'too-many-requests',
  /** Handling the frame failed on the receiving side; only that frame failed, the link stays up. */
  'internal-error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const errorFrame = object({
  type: literal('error'),
  code: oneOf(ERROR_CODES),
  message: string({ max: 100_000 }),
  /** The request id the error is about, when the frame carried one. */
  id: v.optional(id),
});

/** Every frame the bridge may send, checked by the page. */
export const bridgeFrame = variants('type', [
  welcome,
  bridgeRequest,
  bridgeResponse,
  bridgeEvent,
  errorFrame,
]);
export type BridgeFrame = v.InferOutput<typeof bridgeFrame>;
