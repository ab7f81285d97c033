/**
 * Builds the protobuf schemas the code loads, as protobufjs JSON descriptors trimmed from one source:
 * the .proto files shipped inside @temporalio/core-bridge, i.e. the exact schema the sdk-core oracle
 * was compiled from. The engine and the app get what a workflow replay touches (coresdk.* and the
 * temporal.api.* types they and History reach); the guest SDK gets only the WIT boundary's messages.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import type { WireField, WireSchema } from '../../../sdk/runtime/wire.ts';

const require = createRequire(import.meta.url);

/** Root folder of the .proto sources inside @temporalio/core-bridge. */
export function protoSourceDir(): string {
  const pkg = dirname(require.resolve('@temporalio/core-bridge/package.json'));
  return join(pkg, 'sdk-core', 'crates', 'protos', 'protos');
}

/** What one trimmed descriptor keeps: these types, whole namespaces, and all they reference. */
export interface SchemaEntries {
  types: readonly string[];
  namespaces: readonly string[];
}

/** The engine's descriptor: the whole core/lang protocol plus histories and the update protocol. */
export const ENGINE_ENTRIES: SchemaEntries = {
  types: [
    'temporal.api.history.v1.History',
    'temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse',
    // Histories fetched by workflow id, and executions listed by a visibility query, from a server
    // (src/node/bridge/server-client.ts: the bridge and the CLI's --address).
    'temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest',
    'temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest',
    'temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse',
    'temporal.api.command.v1.Command',
    'temporal.api.protocol.v1.Message',
    'temporal.api.update.v1.Request',
    'temporal.api.update.v1.Acceptance',
    'temporal.api.update.v1.Rejection',
    'temporal.api.update.v1.Response',
    'temporal.api.sdk.v1.WorkflowTaskCompletedMetadata',
    'google.protobuf.Empty',
    'google.protobuf.Struct',
  ],
  namespaces: ['coresdk'],
};

/**
 * The guest SDK's descriptor: only what crosses the WIT boundary (activations in, commands,
 * payloads and failures out). It is compiled into every component, whose size it drives.
 */
export const GUEST_ENTRIES: SchemaEntries = {
  types: [
    'coresdk.workflow_activation.WorkflowActivation',
    'coresdk.workflow_commands.WorkflowCommand',
    'temporal.api.common.v1.Payload',
    'temporal.api.failure.v1.Failure',
  ],
  namespaces: [],
};

const SEARCH_ROOTS = ['api_upstream', 'local', 'testsrv_upstream', '.'];

export function loadFullRoot(): protobuf.Root {
  const base = protoSourceDir();
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    for (const sub of SEARCH_ROOTS) {
      const candidate = join(base, sub, target);
      if (existsSync(candidate)) return candidate;
    }
    return protobuf.util.path.resolve(origin, target);
  };
  root.loadSync(
    [
      'temporal/sdk/core/core_interface.proto',
      'temporal/api/history/v1/message.proto',
      'temporal/api/workflowservice/v1/request_response.proto',
      'temporal/api/sdk/v1/task_complete_metadata.proto',
      'google/protobuf/struct.proto',
      'google/protobuf/empty.proto',
    ],
    { keepCase: false },
  );
  root.resolveAll();
  return root;
}

type Reflected = protobuf.Type | protobuf.Enum;

function collect(root: protobuf.Root, entries: SchemaEntries): Set<string> {
  const keep = new Set<string>();
  const queue: Reflected[] = [];
  const visit = (t: Reflected) => {
    const name = t.fullName.slice(1);
    if (keep.has(name)) return;
    keep.add(name);
    queue.push(t);
  };
  for (const name of entries.types) visit(root.lookupTypeOrEnum(name));
  const walkNamespace = (ns: protobuf.NamespaceBase) => {
    for (const child of ns.nestedArray) {
      if (child instanceof protobuf.Type || child instanceof protobuf.Enum) visit(child);
      if (child instanceof protobuf.Namespace || child instanceof protobuf.Type)
        walkNamespace(child);
    }
  };
  for (const ns of entries.namespaces) walkNamespace(root.lookup(ns) as protobuf.Namespace);
  while (queue.length > 0) {
    const t = queue.pop()!;
    if (!(t instanceof protobuf.Type)) continue;
    for (const field of t.fieldsArray) {
      if (field.resolvedType) visit(field.resolvedType);
    }
  }
  return keep;
}

type JsonNode = { nested?: Record<string, JsonNode>; [key: string]: unknown };

/** Drops every type, enum and namespace not in `keep` from a protobufjs JSON tree. */
function prune(node: JsonNode, path: string, keep: Set<string>): JsonNode | undefined {
  const isTypeOrEnum = 'fields' in node || 'values' in node;
  const nested: Record<string, JsonNode> = {};
  for (const [name, child] of Object.entries(node.nested ?? {})) {
    const childPath = path ? `${path}.${name}` : name;
    const kept = prune(child, childPath, keep);
    if (kept) nested[name] = kept;
  }
  const hasNested = Object.keys(nested).length > 0;
  if (isTypeOrEnum && !keep.has(path)) return hasNested ? { nested } : undefined;
  if (!isTypeOrEnum && !hasNested) return undefined;
  const { nested: _dropped, ...rest } = node;
  // Service definitions are RPC surface, never payload types.
  if ('methods' in rest) return undefined;
  return hasNested ? { ...rest, nested } : rest;
}

/** The descriptor the guest's codec (sdk/runtime/wire.ts) interprets: types resolved, nothing else. */
export function buildWireSchema(
  entries: SchemaEntries,
  root = loadFullRoot(),
): { schema: WireSchema; typeCount: number } {
  const keep = collect(root, entries);
  const schema: WireSchema = { messages: {}, enums: {} };
  for (const name of [...keep].sort()) {
    const t = root.lookupTypeOrEnum(name);
    if (t instanceof protobuf.Enum) {
      schema.enums[name] = { ...t.values };
      continue;
    }
    schema.messages[name] = t.fieldsArray.map((field): WireField => {
      field.resolve();
      const type = field.resolvedType ? field.resolvedType.fullName.slice(1) : field.type;
      if (field.map)
        return [field.name, field.id, type, 2, (field as unknown as protobuf.MapField).keyType];
      return field.repeated ? [field.name, field.id, type, 1] : [field.name, field.id, type];
    });
  }
  return { schema, typeCount: keep.size };
}

export function buildTrimmedSchema(
  entries: SchemaEntries,
  root = loadFullRoot(),
): { json: JsonNode; typeCount: number } {
  const keep = collect(root, entries);
  const json = prune(root.toJSON() as JsonNode, '', keep)!;
  // The trimmed descriptor must stand on its own: every reference resolvable.
  protobuf.Root.fromJSON(json).resolveAll();
  return { json, typeCount: keep.size };
}
