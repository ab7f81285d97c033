/**
 * The host-guest calls of one replayed run, in one form for both hosts: WIT values as jco shapes
 * them (`{ tag, val }`), every protobuf message decoded to plain JSON (enums by name, 64-bit ints
 * and bytes as strings, absent and default fields alike), so two runs compare field by field.
 */
import {
  ContinueAsNewWorkflowExecution,
  Failure,
  InitializeWorkflow,
  Payload,
  WorkflowActivation,
  WorkflowActivationCompletion,
  WorkflowCommand,
  type Codec,
} from '../../engine/proto/index.ts';

export type Json = Record<string, unknown>;

/** A guest call's outcome: its value, the failure it returned, or a trap (host words differ). */
export type Outcome<T> = { ok: T } | { err: Json } | { trap: string };

export type HostCall = { activation: number } & (
  | {
      call: 'instantiate-workflow';
      namespace: string;
      taskQueue: string;
      runId: string;
      initializeWorkflow: Json;
      /** `err` carries the message only: upstream reports the failure as text. */
      result: { ok: null } | { err: string };
    }
  | { call: 'activate'; input: Json; result: Outcome<Json> }
  | { call: 'poll-routine'; routineId: string; result: Outcome<Json> }
  | { call: 'push-command'; command: Json }
  | { call: 'set-current-details'; details: string }
);

/** What a host made of one history. */
export interface HostRun {
  calls: HostCall[];
  /** The completion sent back for each activation, decoded. */
  completions: Json[];
  verdict: { kind: string; eventId?: number; message?: string };
}

/** Bytes as each side carries them: Uint8Array from jco, base64 text from the Rust program. */
export type Bytes = Uint8Array | string;

const bytesOf = (b: Bytes): Uint8Array =>
  typeof b === 'string' ? new Uint8Array(Buffer.from(b, 'base64')) : b;

export function decoded<T extends object>(codec: Codec<T>, b: Bytes): Json {
  try {
    return codec.toJSON(codec.decode(bytesOf(b)));
  } catch (thrown) {
    return { undecodable: `${codec.type.fullName.slice(1)}: ${String(thrown)}` };
  }
}

export const activationJson = (b: Bytes) => decoded(WorkflowActivation, b);
export const initJson = (b: Bytes) => decoded(InitializeWorkflow, b);
export const commandJson = (b: Bytes) => decoded(WorkflowCommand, b);
export const failureJson = (b: Bytes) => decoded(Failure, b);
export const completionJson = (b: Bytes) => decoded(WorkflowActivationCompletion, b);

type Tagged = { tag: string; val?: unknown };
type WitValue = Record<string, unknown>;

const tagged = (tag: string, val?: unknown): Json => (val === undefined ? { tag } : { tag, val });

function routineKind(kind: Tagged): Json {
  return tagged(kind.tag, kind.val);
}

/** An `activation-result` (jco shape, bytes either way) in the common form. */
export function activationResultJson(result: { jobResults: readonly Tagged[] }): Json {
  return {
    jobResults: result.jobResults.map((r) => {
      const val = r.val as WitValue | Bytes | undefined;
      switch (r.tag) {
        case 'started-routine': {
          const s = val as { routineId: bigint | number; kind: Tagged };
          return tagged(r.tag, { routineId: String(s.routineId), kind: routineKind(s.kind) });
        }
        case 'query-response': {
          const response = (val as { response: Tagged }).response;
          return tagged(r.tag, {
            response: tagged(
              response.tag,
              response.tag === 'ok'
                ? decoded(Payload, response.val as Bytes)
                : failureJson(response.val as Bytes),
            ),
          });
        }
        case 'update-rejected':
          return tagged(r.tag, failureJson(val as Bytes));
        default:
          return tagged(r.tag, val);
      }
    }),
  };
}

function terminal(outcome: Tagged): Json {
  const val = outcome.val as Bytes;
  switch (outcome.tag) {
    case 'completed':
      return tagged(outcome.tag, decoded(Payload, val));
    case 'failed':
      return tagged(outcome.tag, failureJson(val));
    case 'continue-as-new':
      return tagged(outcome.tag, decoded(ContinueAsNewWorkflowExecution, val));
    default:
      return tagged(outcome.tag);
  }
}

function routineCompletion(c: Tagged): Json {
  const inner = c.val as Tagged;
  switch (c.tag) {
    case 'main': {
      if (inner.tag === 'terminal')
        return tagged(c.tag, tagged(inner.tag, terminal(inner.val as Tagged)));
      if (inner.tag === 'task-failed') {
        const t = inner.val as { failure: Bytes; forceCause?: number | null };
        return tagged(
          c.tag,
          tagged(inner.tag, {
            failure: failureJson(t.failure),
            ...(t.forceCause != null ? { forceCause: t.forceCause } : {}),
          }),
        );
      }
      return tagged(c.tag, tagged(inner.tag));
    }
    case 'signal':
      return tagged(
        c.tag,
        inner.tag === 'failed'
          ? tagged(inner.tag, failureJson(inner.val as Bytes))
          : tagged(inner.tag),
      );
    case 'update': {
      const v = inner.val as { protocolInstanceId: string; value?: Bytes; failure?: Bytes };
      return tagged(
        c.tag,
        tagged(inner.tag, {
          protocolInstanceId: v.protocolInstanceId,
          ...(inner.tag === 'completed'
            ? { value: decoded(Payload, v.value!) }
            : { failure: failureJson(v.failure!) }),
        }),
      );
    }
    default:
      return tagged(c.tag, c.val);
  }
}

/** A `routine-poll-result` in the common form. */
export function pollResultJson(result: {
  completion?: Tagged | null;
  madeProgress: boolean;
}): Json {
  return {
    completion: result.completion ? routineCompletion(result.completion) : null,
    madeProgress: result.madeProgress,
  };
}
