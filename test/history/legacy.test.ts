/**
 * The legacy JSON form (tctl, Web UI before 2024: gogo/jsonpb with Temporal's enum names) for
 * every enum field anywhere in an event. The legacy rendering is produced here by the rule those
 * tools followed — drop the enum's own type name in SCREAMING_SNAKE_CASE, PascalCase the rest
 * (`RETRY_STATE_TIMEOUT` of `RetryState` → `Timeout`) — using @temporalio/proto's reflection, not
 * the loader's code; defaults are written out and ids are numbers, as those exports had them.
 */
import { createRequire } from 'node:module';
import type protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/engine/history/index.ts';
import { HistoryEventType, type HistoryEvent } from '../../src/engine/history/events.ts';
import { samples } from './samples.ts';

const require = createRequire(import.meta.url);
const theirRoot = require('@temporalio/proto/protos/json-module.js') as protobuf.Root;
const enums = (name: string) =>
  (theirRoot.lookupEnum(`temporal.api.enums.v1.${name}`) as protobuf.Enum).values;

/** Canonical value name → legacy name, for every enum in temporal.api.enums.v1. */
const LEGACY = new Map<string, string>();
for (const enm of (theirRoot.lookup('temporal.api.enums.v1') as protobuf.Namespace).nestedArray) {
  if (!('values' in enm)) continue;
  const prefix = `${enm.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_`;
  for (const name of Object.keys((enm as protobuf.Enum).values)) {
    if (!name.startsWith(prefix)) continue;
    const pascal = name
      .slice(prefix.length)
      .toLowerCase()
      .replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
    LEGACY.set(name, pascal);
  }
}

function legacyize(value: unknown): unknown {
  if (typeof value === 'string') return LEGACY.get(value) ?? value;
  if (Array.isArray(value)) return value.map(legacyize);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, legacyize(v)]));
}

/** Legacy exports wrote every event's defaults and numeric ids. */
function legacyHistory(canonical: { events: Record<string, unknown>[] }): string {
  return JSON.stringify({
    events: canonical.events.map((e) => ({
      ...(legacyize(e) as Record<string, unknown>),
      eventId: Number(e['eventId']),
      version: '0',
      workerMayIgnore: false,
    })),
  });
}

const plain = (e: HistoryEvent) =>
  HistoryEventType.toObject(e as never, { longs: String, bytes: String });

/** Enums in failures, causes, retry states, timeout types, policies and task queue kinds. */
const DEEP_ENUMS = {
  events: [
    {
      eventId: '1',
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      workflowExecutionStartedEventAttributes: {
        workflowType: { name: 'deep' },
        taskQueue: { name: 'q', kind: 'TASK_QUEUE_KIND_NORMAL' },
        initiator: 'CONTINUE_AS_NEW_INITIATOR_RETRY',
        continuedFailure: {
          message: 'previous',
          timeoutFailureInfo: { timeoutType: 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE' },
        },
      },
    },
    {
      eventId: '2',
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      workflowTaskScheduledEventAttributes: {},
    },
    {
      eventId: '3',
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      workflowTaskStartedEventAttributes: { scheduledEventId: '2' },
    },
    {
      eventId: '4',
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_FAILED',
      workflowTaskFailedEventAttributes: {
        scheduledEventId: '2',
        startedEventId: '3',
        cause: 'WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR',
        failure: {
          message: 'nondeterminism',
          applicationFailureInfo: { type: 'NDE', category: 'APPLICATION_ERROR_CATEGORY_BENIGN' },
        },
      },
    },
    {
      eventId: '5',
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      workflowTaskScheduledEventAttributes: {},
    },
    {
      eventId: '6',
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      workflowTaskStartedEventAttributes: { scheduledEventId: '5' },
    },
    {
      eventId: '7',
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      workflowTaskCompletedEventAttributes: { scheduledEventId: '5', startedEventId: '6' },
    },
    {
      eventId: '8',
      eventType: 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
      startChildWorkflowExecutionInitiatedEventAttributes: {
        workflowId: 'child',
        workflowType: { name: 'child' },
        parentClosePolicy: 'PARENT_CLOSE_POLICY_ABANDON',
        workflowIdReusePolicy: 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE',
        workflowTaskCompletedEventId: '7',
      },
    },
    {
      eventId: '9',
      eventType: 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED',
      childWorkflowExecutionFailedEventAttributes: {
        initiatedEventId: '8',
        retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE',
        failure: {
          message: 'child failed',
          childWorkflowExecutionFailureInfo: { retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE' },
          cause: {
            message: 'timed out',
            timeoutFailureInfo: { timeoutType: 'TIMEOUT_TYPE_HEARTBEAT' },
          },
        },
      },
    },
    {
      eventId: '10',
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      workflowTaskScheduledEventAttributes: {},
    },
    {
      eventId: '11',
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      workflowTaskStartedEventAttributes: { scheduledEventId: '10' },
    },
    {
      eventId: '12',
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      workflowTaskCompletedEventAttributes: { scheduledEventId: '10', startedEventId: '11' },
    },
    {
      eventId: '13',
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
      workflowExecutionFailedEventAttributes: {
        retryState: 'RETRY_STATE_RETRY_POLICY_NOT_SET',
        workflowTaskCompletedEventId: '12',
        failure: { message: 'done', canceledFailureInfo: {} },
      },
    },
  ],
};

describe('legacy JSON', () => {
  it('converts every enum field anywhere, by its schema type', () => {
    const legacyText = legacyHistory(DEEP_ENUMS);
    expect(legacyText).toContain('"retryState":"NonRetryableFailure"');
    expect(legacyText).toContain('"timeoutType":"Heartbeat"');
    const legacy = loadHistory(legacyText);
    expect(legacy.format.dialect).toBe('legacy');
    expect(legacy.warnings).toEqual([]);
    const e = legacy.events;
    const started = e[0]!.workflowExecutionStartedEventAttributes!;
    expect(started.initiator).toBe(
      enums('ContinueAsNewInitiator')['CONTINUE_AS_NEW_INITIATOR_RETRY'],
    );
    expect(started.continuedFailure?.timeoutFailureInfo?.timeoutType).toBe(
      enums('TimeoutType')['TIMEOUT_TYPE_SCHEDULE_TO_CLOSE'],
    );
    const failedTask = e[3]!.workflowTaskFailedEventAttributes!;
    expect(failedTask.cause).toBe(
      enums('WorkflowTaskFailedCause')['WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR'],
    );
    expect(failedTask.failure?.applicationFailureInfo?.category).toBe(
      enums('ApplicationErrorCategory')['APPLICATION_ERROR_CATEGORY_BENIGN'],
    );
    const child = e[7]!.startChildWorkflowExecutionInitiatedEventAttributes!;
    expect(child.parentClosePolicy).toBe(enums('ParentClosePolicy')['PARENT_CLOSE_POLICY_ABANDON']);
    expect(child.workflowIdReusePolicy).toBe(
      enums('WorkflowIdReusePolicy')['WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE'],
    );
    const childFailed = e[8]!.childWorkflowExecutionFailedEventAttributes!;
    const nonRetryable = enums('RetryState')['RETRY_STATE_NON_RETRYABLE_FAILURE'];
    expect(childFailed.retryState).toBe(nonRetryable);
    expect(childFailed.failure?.childWorkflowExecutionFailureInfo?.retryState).toBe(nonRetryable);
    expect(childFailed.failure?.cause?.timeoutFailureInfo?.timeoutType).toBe(
      enums('TimeoutType')['TIMEOUT_TYPE_HEARTBEAT'],
    );
    expect(e[12]!.workflowExecutionFailedEventAttributes!.retryState).toBe(
      enums('RetryState')['RETRY_STATE_RETRY_POLICY_NOT_SET'],
    );
    // And the legacy form gives exactly the canonical form's model.
    expect(legacy.events.map(plain)).toEqual(
      loadHistory(JSON.stringify(DEEP_ENUMS)).events.map(plain),
    );
  });

  for (const s of samples().filter((x) => x.name.endsWith('.json'))) {
    it(`reads ${s.name} rewritten in the legacy form as the original`, () => {
      const canonical = JSON.parse(new TextDecoder().decode(s.bytes));
      const legacy = loadHistory(legacyHistory(canonical));
      expect(legacy.events.map(plain)).toEqual(loadHistory(s.bytes).events.map(plain));
    });
  }

  it('accepts a bare array of events and a GetWorkflowExecutionHistoryResponse', () => {
    const array = loadHistory(JSON.stringify(DEEP_ENUMS.events));
    expect(array.format.shape).toBe('events-array');
    const response = loadHistory(JSON.stringify({ history: DEEP_ENUMS, nextPageToken: null }));
    expect(response.format.shape).toBe('history-response');
    expect(array.events.map(plain)).toEqual(response.events.map(plain));
  });

  it('accepts the original snake_case field names, as proto3 JSON parsers must', () => {
    const snake = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(snake);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
          snake(v),
        ]),
      );
    };
    const text = JSON.stringify(snake(DEEP_ENUMS));
    expect(text).toContain('"workflow_task_failed_event_attributes"');
    expect(loadHistory(text).events.map(plain)).toEqual(
      loadHistory(JSON.stringify(DEEP_ENUMS)).events.map(plain),
    );
  });

  it('reads JSON saved as UTF-16 (Windows PowerShell 5 redirection)', () => {
    const text = `\uFEFF${JSON.stringify(DEEP_ENUMS)}`;
    const utf16le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      utf16le[2 * i] = text.charCodeAt(i) & 0xff;
      utf16le[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    expect(utf16le.subarray(0, 2)).toEqual(Uint8Array.from([0xff, 0xfe]));
    expect(loadHistory(utf16le).events.map(plain)).toEqual(
      loadHistory(JSON.stringify(DEEP_ENUMS)).events.map(plain),
    );
  });
});
