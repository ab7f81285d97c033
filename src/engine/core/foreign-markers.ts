/**
 * Markers other SDKs record, which sdk-core has no command for: the Go and Java SDKs' `Version`
 * (GetVersion), `SideEffect`, `MutableSideEffect` and `LocalActivity` markers. Their names and
 * detail keys are the ones those SDKs write (Go: internal_command_state_machine.go; Java:
 * VersionMarkerUtils, SideEffectStateMachine, MutableSideEffectStateMachine,
 * LocalActivityMarkerUtils). History-only replay shows them for what they are instead of calling
 * them nondeterminism; replay with code (or sdk-core) has nothing to match them with.
 */
import { fromPayload } from '../proto/payload.ts';
import { root, type temporal } from '../proto/index.ts';
import { PATCH_MARKER_NAME, isLocalActivityMarker, type HistoryEvent } from './events.ts';

export interface ForeignMarker {
  /** Which SDK writes markers of this shape ("Go", "Java"), or "another SDK". */
  sdk: string;
  /** The marker's name as recorded, e.g. "Version". */
  name: string;
  /** What it recorded, e.g. `change id "add-timer", version 1`. */
  summary: string;
}

type Details = Record<string, temporal.api.common.v1.IPayloads>;

/** First payload of a detail, decoded; undefined when absent. */
function detail(details: Details, key: string): unknown {
  const payload = details[key]?.payloads?.[0];
  return payload ? fromPayloadSafe(payload) : undefined;
}

function fromPayloadSafe(payload: temporal.api.common.v1.IPayload): unknown {
  try {
    return fromPayload(payload);
  } catch {
    return '(undecodable payload)';
  }
}

/**
 * The value inside a payload that holds a json/protobuf `Payloads` (how the Go SDK nests a
 * MutableSideEffect's value), decoded.
 */
function nestedValue(payload: temporal.api.common.v1.IPayload): unknown {
  try {
    const json = fromPayload(payload) as Record<string, unknown>;
    const nested = root
      .lookupType('temporal.api.common.v1.Payloads')
      .fromObject(json) as temporal.api.common.v1.IPayloads;
    return fromPayload(nested.payloads?.[0]);
  } catch {
    return '(undecodable payload)';
  }
}

/**
 * A local activity marker's outcome: its result, or the failure the event carries (the Java SDK
 * wraps the activity's own failure in an ActivityFailure; the Go SDK records it bare).
 */
function outcome(attrs: temporal.api.history.v1.IMarkerRecordedEventAttributes, d: Details) {
  const failure =
    attrs.failure?.activityFailureInfo && attrs.failure.cause ? attrs.failure.cause : attrs.failure;
  return failure
    ? `failed: ${shown(failure.message ?? '')}`
    : `result ${shown(detail(d, 'result'))}`;
}

const shown = (value: unknown): string =>
  value === undefined ? '(none)' : (JSON.stringify(value) ?? String(value));

/** The marker if it is one sdk-core did not write (neither `core_patch` nor `core_local_activity`). */
export function foreignMarker(e: HistoryEvent): ForeignMarker | undefined {
  const attrs = e.markerRecordedEventAttributes;
  const name = attrs?.markerName ?? '';
  if (!attrs || name === PATCH_MARKER_NAME || isLocalActivityMarker(e)) return undefined;
  const d = (attrs.details ?? {}) as Details;
  const has = (key: string) => key in d;
  switch (name) {
    case 'Version': {
      const go = has('change-id');
      const changeId = detail(d, go ? 'change-id' : 'changeId');
      const version = detail(d, 'version');
      return {
        sdk: go ? 'Go' : has('changeId') ? 'Java' : 'another SDK',
        name,
        summary: `change id ${shown(changeId)}, version ${shown(version)}`,
      };
    }
    case 'SideEffect': {
      const go = has('side-effect-id');
      return {
        sdk: go ? 'Go' : 'Java',
        name,
        summary: `${go ? `side effect ${shown(detail(d, 'side-effect-id'))}: ` : ''}value ${shown(detail(d, 'data'))}`,
      };
    }
    case 'MutableSideEffect': {
      const go = has('mutable-side-effect-call-counter') || has('side-effect-id');
      // Go: `data` holds the id the workflow gave and the value as a nested Payloads
      // (`side-effect-id` is that id suffixed with the marker's event id).
      const data = d['data']?.payloads ?? [];
      const [id, value] =
        go && data.length === 2
          ? [fromPayloadSafe(data[0]!), nestedValue(data[1]!)]
          : [detail(d, go ? 'side-effect-id' : 'id'), detail(d, 'data')];
      return {
        sdk: go ? 'Go' : has('skipCount') ? 'Java' : 'another SDK',
        name,
        summary: `id ${shown(id)}: value ${shown(value)}`,
      };
    }
    case 'LocalActivity': {
      if (has('type') || has('activityId')) {
        return {
          sdk: 'Java',
          name,
          summary: `local activity ${shown(detail(d, 'type'))} (id ${shown(detail(d, 'activityId'))}): ${outcome(attrs, d)}`,
        };
      }
      // Go keeps the activity's identity as JSON in `data` (ActivityID, ActivityType, Attempt…).
      const data = detail(d, 'data') as Record<string, unknown> | undefined;
      return {
        sdk: 'Go',
        name,
        summary: `local activity ${shown(data?.['ActivityType'])} (id ${shown(data?.['ActivityID'])}): ${outcome(attrs, d)}`,
      };
    }
  }
  return {
    sdk: 'another SDK',
    name,
    summary: `details ${Object.keys(d).sort().join(', ') || '(none)'}`,
  };
}
