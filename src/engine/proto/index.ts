/**
 * The protobuf schema every layer shares: a protobufjs reflection root built from the generated,
 * trimmed descriptor (`npm run gen`), plus the static TypeScript shapes of the same messages from
 * @temporalio/proto (type-only: nothing of that package reaches the bundle).
 */
import protobuf from 'protobufjs/light.js';
import type { coresdk, temporal } from '@temporalio/proto';
import schema from './generated/schema.json';
import { codecIn, type Codec } from './codec.ts';

export type { coresdk, temporal };

export const root: protobuf.Root = protobuf.Root.fromJSON(schema as protobuf.INamespace);

export type { Codec } from './codec.ts';
export { JSON_OPTIONS } from './codec.ts';

export function codec<T extends object>(fullName: string): Codec<T> {
  return codecIn<T>(root, fullName);
}

export const WorkflowActivation = codec<coresdk.workflow_activation.IWorkflowActivation>(
  'coresdk.workflow_activation.WorkflowActivation',
);
export const InitializeWorkflow = codec<coresdk.workflow_activation.IInitializeWorkflow>(
  'coresdk.workflow_activation.InitializeWorkflow',
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
