/**
 * The protobuf schema every layer shares: a protobufjs reflection root built from the generated,
 * trimmed descriptor (`npm run gen`), plus the static TypeScript shapes of the same messages from
 * @temporalio/proto (type-only: nothing of that package reaches the bundle).
 */
import protobuf from 'protobufjs/light.js';
import type { coresdk, temporal } from '@temporalio/proto';
import schema from './generated/schema.json';

export type { coresdk, temporal };

export const root: protobuf.Root = protobuf.Root.fromJSON(schema as protobuf.INamespace);

/** A typed view of one message type: encode plain objects, decode bytes. */
export interface Codec<T> {
  readonly type: protobuf.Type;
  encode(message: T): Uint8Array;
  decode(bytes: Uint8Array): T;
  /** Plain JSON-friendly object: enums as names, 64-bit ints and bytes as strings. */
  toJSON(message: T): Record<string, unknown>;
}

export const JSON_OPTIONS: protobuf.IConversionOptions = {
  enums: String,
  longs: String,
  bytes: String,
  defaults: false,
  oneofs: false,
};

export function codec<T extends object>(fullName: string): Codec<T> {
  const type = root.lookupType(fullName);
  return {
    type,
    // protobufjs hands out views into a shared slab for small messages; the canonical ABI lowering
    // copies from the view's buffer, so give every caller an exact, unshared buffer.
    encode: (message) =>
      type
        .encode(type.fromObject(message as Record<string, unknown>))
        .finish()
        .slice(),
    // Inside a componentize-js guest, lifted list<u8> values are not always Uint8Array instances.
    decode: (bytes) =>
      type.decode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) as unknown as T,
    toJSON: (message) => type.toObject(message as protobuf.Message, JSON_OPTIONS),
  };
}

export const WorkflowActivation = codec<coresdk.workflow_activation.IWorkflowActivation>(
  'coresdk.workflow_activation.WorkflowActivation',
);
export const InitializeWorkflow = codec<coresdk.workflow_activation.IInitializeWorkflow>(
  'coresdk.workflow_activation.InitializeWorkflow',
);
export const WorkflowActivationCompletion =
  codec<coresdk.workflow_completion.IWorkflowActivationCompletion>(
    'coresdk.workflow_completion.WorkflowActivationCompletion',
  );
export const WorkflowCommand = codec<coresdk.workflow_commands.IWorkflowCommand>(
  'coresdk.workflow_commands.WorkflowCommand',
);
export const ContinueAsNewWorkflowExecution =
  codec<coresdk.workflow_commands.IContinueAsNewWorkflowExecution>(
    'coresdk.workflow_commands.ContinueAsNewWorkflowExecution',
  );
export const Payload = codec<temporal.api.common.v1.IPayload>('temporal.api.common.v1.Payload');
export const Failure = codec<temporal.api.failure.v1.IFailure>('temporal.api.failure.v1.Failure');
export const History = codec<temporal.api.history.v1.IHistory>('temporal.api.history.v1.History');

/** Field names of a oneof, from the schema (e.g. the variants of a WorkflowCommand). */
function oneofFields(typeName: string, oneof: string): readonly string[] {
  const group = root.lookupType(typeName).oneofs?.[oneof];
  if (!group) throw new Error(`${typeName} has no oneof ${oneof}`);
  return group.oneof;
}

const COMMAND_VARIANTS = oneofFields('coresdk.workflow_commands.WorkflowCommand', 'variant');
const JOB_VARIANTS = oneofFields('coresdk.workflow_activation.WorkflowActivationJob', 'variant');

/** Which command a WorkflowCommand carries (`startTimer`, `scheduleActivity`…), ignoring its annotations. */
export function commandVariant(command: coresdk.workflow_commands.IWorkflowCommand): string {
  const record = command as Record<string, unknown>;
  return COMMAND_VARIANTS.find((k) => record[k] != null) ?? 'unknown';
}

/** Which job an activation job carries (`fireTimer`, `signalWorkflow`…). */
export function jobVariant(job: coresdk.workflow_activation.IWorkflowActivationJob): string {
  const record = job as Record<string, unknown>;
  return JOB_VARIANTS.find((k) => record[k] != null) ?? 'unknown';
}
