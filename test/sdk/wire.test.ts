/**
 * The guest's wire codec (sdk/runtime/wire.ts) against protobufjs over the engine's schema, an
 * independent implementation of the same .proto files: bytes either one writes, the other reads
 * to the same message. Real failures and payloads come from the histories Temporal's SDK test
 * suites recorded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Long from 'long';
import type protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { History, root } from '../../src/engine/proto/index.ts';
import { toPayload } from '../../src/engine/proto/payload.ts';
import schema from '../../sdk/runtime/generated/wire-schema.json';
import { WireCodec, type WireSchema } from '../../sdk/runtime/wire.ts';
import { historiesDir } from '../paths.ts';

const wire = new WireCodec(schema as unknown as WireSchema);

/** A message as protobufjs sees it, defaults filled in, so that omitted defaults compare equal. */
function canonical(typeName: string, bytes: Uint8Array): unknown {
  const type = root.lookupType(typeName);
  return type.toObject(type.decode(bytes), {
    longs: String,
    enums: Number,
    bytes: Array,
    defaults: true,
    arrays: true,
    objects: true,
  });
}

function protobufjsEncode(typeName: string, message: object): Uint8Array {
  const type = root.lookupType(typeName);
  return type.encode(type.fromObject(message as Record<string, unknown>)).finish();
}

/** Both directions: ours → protobufjs and protobufjs → ours → protobufjs agree. */
function expectRoundTrips(typeName: string, message: object) {
  const theirs = protobufjsEncode(typeName, message);
  const expected = canonical(typeName, theirs);
  expect(canonical(typeName, wire.encode(typeName, message))).toEqual(expected);
  const decoded = wire.decode<object>(typeName, theirs);
  expect(canonical(typeName, wire.encode(typeName, decoded))).toEqual(expected);
  return decoded;
}

const ts = (seconds: number) => ({ seconds: Long.fromNumber(seconds), nanos: 5 });

describe('the guest wire codec', () => {
  it('reads and writes an activation with every job kind as protobufjs does', () => {
    const activation = {
      runId: 'run-1',
      timestamp: ts(1_767_225_600),
      isReplaying: true,
      historyLength: 42,
      historySizeBytes: Long.fromString('9007199254740993', true),
      continueAsNewSuggested: true,
      availableInternalFlags: [1, 2, 3, 300],
      jobs: [
        {
          initializeWorkflow: {
            workflowType: 'greet',
            workflowId: 'wf',
            arguments: [
              toPayload('Ünïcödé ✓'),
              toPayload(undefined),
              toPayload(new Uint8Array([0, 255])),
            ],
            randomnessSeed: Long.fromString('18446744073709551615', true),
            headers: { trace: toPayload({ id: 1 }), other: toPayload([1, 2]) },
            attempt: -1,
            continuedInitiator: 2,
            memo: { fields: { note: toPayload('hi') } },
            startTime: ts(1),
            workflowRunTimeout: { seconds: Long.fromNumber(3600), nanos: 0 },
          },
        },
        { notifyHasPatch: { patchId: 'p' } },
        { updateRandomSeed: { randomnessSeed: Long.fromNumber(12345) } },
        {
          signalWorkflow: {
            signalName: 's',
            input: [toPayload(1)],
            originatingEventId: Long.fromNumber(-7),
          },
        },
        {
          doUpdate: {
            id: 'u',
            protocolInstanceId: 'p',
            name: 'n',
            runValidator: true,
            meta: { updateId: 'u' },
          },
        },
        { fireTimer: { seq: 0 } },
        { fireTimer: { seq: 4_000_000_000 } },
        {
          resolveActivity: {
            seq: 2,
            isLocal: true,
            result: {
              failed: {
                failure: {
                  message: 'outer',
                  activityFailureInfo: {
                    activityType: { name: 'a' },
                    retryState: 4,
                    scheduledEventId: Long.fromNumber(5),
                  },
                  cause: {
                    message: 'inner',
                    applicationFailureInfo: {
                      type: 'E',
                      nonRetryable: true,
                      details: { payloads: [toPayload(3.5)] },
                    },
                  },
                },
              },
            },
          },
        },
        {
          resolveChildWorkflowExecutionStart: {
            seq: 1,
            failed: { workflowId: 'w', workflowType: 't', cause: 1 },
          },
        },
        {
          resolveChildWorkflowExecution: {
            seq: 1,
            result: { cancelled: { failure: { message: 'c', canceledFailureInfo: {} } } },
          },
        },
        { resolveSignalExternalWorkflow: { seq: 3 } },
        { cancelWorkflow: { reason: 'because' } },
        { queryWorkflow: { queryId: 'q', queryType: 'state', arguments: [] } },
        { removeFromCache: { message: 'bye', reason: 3 } },
      ],
    };
    const decoded = expectRoundTrips(
      'coresdk.workflow_activation.WorkflowActivation',
      activation,
    ) as {
      jobs: Array<Record<string, { randomnessSeed?: Long; attempt?: number; seq?: number }>>;
      historySizeBytes: Long;
    };
    expect(decoded.jobs[0]!.initializeWorkflow!.randomnessSeed!.toString()).toBe(
      '18446744073709551615',
    );
    expect(decoded.jobs[0]!.initializeWorkflow!.attempt).toBe(-1);
    expect(decoded.jobs[6]!.fireTimer!.seq).toBe(4_000_000_000);
    expect(decoded.historySizeBytes.toString()).toBe('9007199254740993');
  });

  it('writes commands protobufjs reads, with enums by number or by name', () => {
    for (const command of [
      { startTimer: { seq: 1, startToFireTimeout: { seconds: 60 } } },
      {
        scheduleActivity: {
          seq: 2,
          activityId: '2',
          activityType: 'a',
          taskQueue: 'q',
          headers: { h: toPayload('v') },
          arguments: [toPayload({ deep: [1, { x: null }] })],
          retryPolicy: {
            maximumAttempts: 3,
            backoffCoefficient: 1.5,
            nonRetryableErrorTypes: ['X', 'Y'],
          },
          cancellationType: 1,
          doNotEagerlyExecute: true,
        },
        userMetadata: { summary: toPayload('do a') },
      },
      { updateResponse: { protocolInstanceId: 'p', accepted: {} } },
      {
        failWorkflowExecution: {
          failure: { message: 'm', timeoutFailureInfo: { timeoutType: 'TIMEOUT_TYPE_HEARTBEAT' } },
        },
      },
      {
        startChildWorkflowExecution: {
          seq: 1,
          parentClosePolicy: 3,
          cancellationType: 2,
          workflowIdReusePolicy: 1,
        },
      },
      {
        continueAsNewWorkflowExecution: {
          workflowType: 't',
          arguments: [],
          memo: { a: toPayload(1) },
        },
      },
      { setPatchMarker: { patchId: 'p', deprecated: false } },
    ]) {
      expectRoundTrips('coresdk.workflow_commands.WorkflowCommand', command);
    }
  });

  it('round-trips every failure and payload in the recorded histories', () => {
    const found = { failures: 0, payloads: 0 };
    const visit = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      const type = (value as { $type?: protobuf.Type }).$type?.fullName;
      if (type === '.temporal.api.failure.v1.Failure') {
        found.failures++;
        expectRoundTrips('temporal.api.failure.v1.Failure', value);
      } else if (type === '.temporal.api.common.v1.Payload') {
        found.payloads++;
        expectRoundTrips('temporal.api.common.v1.Payload', value);
      }
      for (const child of Object.values(value)) visit(child);
    };
    for (const dir of ['sdk-core', 'sdk-typescript']) {
      for (const file of readdirSync(historiesDir(dir)).filter((f) => f.endsWith('.bin'))) {
        visit(History.decode(readFileSync(join(historiesDir(dir), file))));
      }
    }
    expect(found.failures).toBeGreaterThan(0);
    expect(found.payloads).toBeGreaterThan(10);
  });

  it('reads packed and unpacked repeated numbers, and skips fields it does not know', () => {
    const type = 'coresdk.workflow_activation.WorkflowActivation';
    const writer = (root.lookupType(type).encode({ runId: 'r' }) as protobuf.Writer)
      // availableInternalFlags (6) unpacked, twice.
      .uint32((6 << 3) | 0)
      .uint32(7)
      .uint32((6 << 3) | 0)
      .uint32(8)
      // Field 99 does not exist: a varint, a length-delimited and a fixed64 to skip.
      .uint32((99 << 3) | 0)
      .uint64(Long.MAX_UNSIGNED_VALUE)
      .uint32((99 << 3) | 2)
      .bytes(new Uint8Array([1, 2, 3]))
      .uint32((99 << 3) | 1)
      .fixed64(1);
    expect(wire.decode(type, writer.finish())).toEqual({
      runId: 'r',
      availableInternalFlags: [7, 8],
    });
  });

  it('rejects truncated bytes with a RangeError', () => {
    const bytes = wire.encode('temporal.api.common.v1.Payload', toPayload('a longer string'));
    expect(() =>
      wire.decode('temporal.api.common.v1.Payload', bytes.subarray(0, bytes.length - 3)),
    ).toThrow(RangeError);
  });
});
