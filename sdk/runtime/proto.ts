/**
 * The guest's protobuf codecs, over a descriptor trimmed to the messages that cross the WIT
 * boundary (`npm run gen` writes it). The reflection root is built, and every type's codec
 * functions generated, when the module is evaluated, i.e. while componentize-js snapshots the
 * component: protobufjs otherwise generates them on first use, which StarlingMonkey's interpreter
 * makes cost every run hundreds of milliseconds.
 */
import protobuf from 'protobufjs/light.js';
import { codecIn } from '../../src/engine/proto/codec.ts';
import type { coresdk, temporal } from '../../src/engine/proto/index.ts';
import schema from './generated/proto-schema.json';

export type { coresdk, temporal };
export type IPayload = temporal.api.common.v1.IPayload;
export type IFailure = temporal.api.failure.v1.IFailure;
export type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

const root = protobuf.Root.fromJSON(schema as protobuf.INamespace);

function setUpAll(namespace: protobuf.NamespaceBase): void {
  for (const child of namespace.nestedArray) {
    if (child instanceof protobuf.Type) child.setup();
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) setUpAll(child);
  }
}
setUpAll(root);

export const WorkflowActivation = codecIn<coresdk.workflow_activation.IWorkflowActivation>(
  root,
  'coresdk.workflow_activation.WorkflowActivation',
);
export const InitializeWorkflow = codecIn<coresdk.workflow_activation.IInitializeWorkflow>(
  root,
  'coresdk.workflow_activation.InitializeWorkflow',
);
export const WorkflowCommand = codecIn<IWorkflowCommand>(
  root,
  'coresdk.workflow_commands.WorkflowCommand',
);
export const ContinueAsNewWorkflowExecution =
  codecIn<coresdk.workflow_commands.IContinueAsNewWorkflowExecution>(
    root,
    'coresdk.workflow_commands.ContinueAsNewWorkflowExecution',
  );
export const Payload = codecIn<IPayload>(root, 'temporal.api.common.v1.Payload');
export const Failure = codecIn<IFailure>(root, 'temporal.api.failure.v1.Failure');

/** Name of an enum value without its type prefix, e.g. RetryState 4 → `MAXIMUM_ATTEMPTS_REACHED`. */
export function enumName(enumType: string, value: number | string | null | undefined): string {
  const e = root.lookupEnum(enumType);
  const name = typeof value === 'string' ? value : e.valuesById[value ?? 0];
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
