/**
 * The guest's protobuf codecs: the messages that cross the WIT boundary, encoded and decoded by
 * the small wire codec in wire.ts over a descriptor `npm run gen` derives from the same .proto
 * files as the engine's schema. Message shapes are @temporalio/proto's static types.
 */
import type { coresdk, temporal } from '../../src/engine/proto/index.ts';
import schema from './generated/wire-schema.json';
import { WireCodec, type WireSchema } from './wire.ts';

export type { coresdk, temporal };
export type IPayload = temporal.api.common.v1.IPayload;
export type IFailure = temporal.api.failure.v1.IFailure;
export type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

// JSON imports type tuples as arrays; the generator (buildWireSchema) guarantees the shape.
const wire = new WireCodec(schema as unknown as WireSchema);

export interface Codec<T> {
  encode(message: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

function codec<T extends object>(type: string): Codec<T> {
  return {
    encode: (message) => wire.encode(type, message),
    // Inside a componentize-js guest, lifted list<u8> values are not always Uint8Array instances.
    decode: (bytes) =>
      wire.decode<T>(type, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)),
  };
}

export const WorkflowActivation = codec<coresdk.workflow_activation.IWorkflowActivation>(
  'coresdk.workflow_activation.WorkflowActivation',
);
export const InitializeWorkflow = codec<coresdk.workflow_activation.IInitializeWorkflow>(
  'coresdk.workflow_activation.InitializeWorkflow',
);
export const WorkflowCommand = codec<IWorkflowCommand>('coresdk.workflow_commands.WorkflowCommand');
export const ContinueAsNewWorkflowExecution =
  codec<coresdk.workflow_commands.IContinueAsNewWorkflowExecution>(
    'coresdk.workflow_commands.ContinueAsNewWorkflowExecution',
  );
export const Payload = codec<IPayload>('temporal.api.common.v1.Payload');
export const Failure = codec<IFailure>('temporal.api.failure.v1.Failure');

/** Name of an enum value without its type prefix, e.g. RetryState 4 → `MAXIMUM_ATTEMPTS_REACHED`. */
export function enumName(enumType: string, value: number | string | null | undefined): string {
  const name = typeof value === 'string' ? value : wire.enumName(enumType, value ?? 0);
  if (name === undefined) return String(value);
  const prefix = enumType
    .slice(enumType.lastIndexOf('.') + 1)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();
  return name.startsWith(`${prefix}_`) ? name.slice(prefix.length + 1) : name;
}

/** A 64-bit protobuf integer (Long when decoded, number when written by hand) as a number. */
export function toNumber(value: { toNumber(): number } | number | null | undefined): number {
  if (value == null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
