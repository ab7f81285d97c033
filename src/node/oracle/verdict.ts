/**
 * How a replay ended, read from the eviction sdk-core sends at the end of every replayed history.
 *
 * The replay worker evicts the run once the last workflow task is applied (reason LANG_REQUESTED,
 * "Always evict workflows after replay"), or as soon as applying a completion fails: NONDETERMINISM
 * for `[TMPRL1100] Nondeterminism error: …`, LANG_FAIL when lang failed the activation, FATAL for
 * "Fatal error in workflow machines: …" (e.g. event ids out of order). The eviction's message is
 * the Rust `Debug` text of the workflow-task failure; its `history_length` is the last event the
 * state machines applied before stopping (sdk-core `most_recently_processed_event_number`), so an
 * event-matching failure sits at that id + 1 when the message does not name the event itself.
 */
import { root, type coresdk } from '../../engine/proto/index.ts';

const EvictionReason = root.lookupEnum(
  'coresdk.workflow_activation.RemoveFromCache.EvictionReason',
);

export interface Eviction {
  /** EvictionReason name, e.g. "NONDETERMINISM". */
  reason: string;
  /** sdk-core's eviction message, verbatim. */
  message: string;
  /** The eviction activation's history_length: last event applied by sdk-core's state machines. */
  lastProcessedEventId: number;
}

export type OracleVerdict =
  /** sdk-core applied the whole history with these completions. */
  | { kind: 'ok'; lastProcessedEventId: number }
  | {
      kind: 'nondeterminism';
      /** sdk-core's own words: `[TMPRL1100] Nondeterminism error: …`. */
      message: string;
      /**
       * The event the failure is about: the one sdk-core's message names (`HistoryEvent(id: N, …)`)
       * or else the event it was about to apply (lastProcessedEventId + 1); `eventIdFrom` says which.
       */
      eventId: number;
      eventIdFrom: 'message' | 'position';
      lastProcessedEventId: number;
      /** Index of the activation whose completion sdk-core was applying, if there was one. */
      activationIndex?: number;
    }
  /** The responder failed an activation (a failed completion), so sdk-core failed the task. */
  | { kind: 'task-failure'; message: string; lastProcessedEventId: number; activationIndex: number }
  /** sdk-core failed the task for a reason that is neither nondeterminism nor lang's failure. */
  | { kind: 'fatal'; reason: string; message: string; lastProcessedEventId: number }
  /**
   * sdk-core's replay worker went silent: it sent no activation (or did not take the history)
   * before the deadline. It does that, for one, on a history with nothing to activate.
   */
  | { kind: 'timeout'; message: string }
  /** The replay could not be carried out: bad input, a responder that threw or hung, a dead worker. */
  | { kind: 'error'; message: string };

export function evictionOf(
  activation: coresdk.workflow_activation.IWorkflowActivation,
  job: coresdk.workflow_activation.IRemoveFromCache,
): Eviction {
  return {
    reason: EvictionReason.valuesById[job.reason ?? 0] ?? `#${job.reason}`,
    message: job.message ?? '',
    lastProcessedEventId: activation.historyLength ?? 0,
  };
}

/**
 * The verdict an eviction stands for. `lastActivationIndex` is the index of the last activation
 * handed to the responder before the eviction (-1 if none).
 */
export function verdictOf(eviction: Eviction, lastActivationIndex: number): OracleVerdict {
  const { reason, lastProcessedEventId } = eviction;
  const message = failureMessage(eviction.message);
  const activationIndex = lastActivationIndex >= 0 ? lastActivationIndex : undefined;
  switch (reason) {
    case 'LANG_REQUESTED':
      return { kind: 'ok', lastProcessedEventId };
    case 'NONDETERMINISM': {
      const named = /HistoryEvent\(id: (\d+),/.exec(message);
      return {
        kind: 'nondeterminism',
        message,
        eventId: named ? Number(named[1]) : lastProcessedEventId + 1,
        eventIdFrom: named ? 'message' : 'position',
        lastProcessedEventId,
        ...(activationIndex === undefined ? {} : { activationIndex }),
      };
    }
    case 'LANG_FAIL':
      return {
        kind: 'task-failure',
        message,
        lastProcessedEventId,
        activationIndex: lastActivationIndex,
      };
    default:
      return { kind: 'fatal', reason, message, lastProcessedEventId };
  }
}

const FAILURE_PREFIX = 'Workflow activation completion failed: ';

/**
 * The failure message inside sdk-core's eviction text, which is
 * `Workflow activation completion failed: Failure { failure: Some(Failure { message: "…", … }) … }`
 * (Rust `Debug`, so the message is a quoted, escaped Rust string). Other texts are returned as-is.
 */
export function failureMessage(evictionMessage: string): string {
  if (!evictionMessage.startsWith(FAILURE_PREFIX)) return evictionMessage;
  const start = evictionMessage.indexOf('message: "', FAILURE_PREFIX.length);
  if (start < 0) return evictionMessage;
  return readRustString(evictionMessage, start + 'message: "'.length) ?? evictionMessage;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '0': '\0',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Reads a Rust `Debug` string body starting after its opening quote; undefined if unterminated. */
function readRustString(text: string, from: number): string | undefined {
  let out = '';
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') return out;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = text[++i];
    if (next === undefined) return undefined;
    if (next === 'u' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) return undefined;
      out += String.fromCodePoint(parseInt(text.slice(i + 2, close), 16));
      i = close;
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return undefined;
}
