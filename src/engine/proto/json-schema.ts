/**
 * A JSON Schema for history JSON, derived from the protobuf schema itself (one source of truth):
 * what an editor uses to flag a pasted history's mistakes as you type. It accepts both dialects the
 * loader reads: proto3 JSON (`EVENT_TYPE_TIMER_STARTED`, int64 as strings) and the legacy form
 * (`TimerStarted`, numbers), and unknown fields (servers add some), as the loader does.
 */
import type protobuf from 'protobufjs/light.js';
import { root } from './index.ts';

type Schema = Record<string, unknown>;

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

/** `EventType` → `EVENT_TYPE_`: the prefix proto3 enum value names carry. */
function enumPrefix(name: string): string {
  return `${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_`;
}

/** `EVENT_TYPE_TIMER_STARTED` → `TimerStarted`, the legacy spelling. */
function legacyName(value: string, prefix: string): string {
  const bare = value.startsWith(prefix) ? value.slice(prefix.length) : value;
  return bare
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function enumSchema(e: protobuf.Enum): Schema {
  const prefix = enumPrefix(e.name);
  const names = Object.keys(e.values);
  const all = new Set([...names, ...names.map((n) => legacyName(n, prefix))]);
  return {
    description: `${e.fullName.slice(1)}`,
    anyOf: [{ enum: [...all] }, { type: 'integer' }],
  };
}

const WELL_KNOWN: Record<string, Schema> = {
  '.google.protobuf.Timestamp': {
    type: 'string',
    description: 'RFC 3339 time, e.g. 2024-05-01T12:00:00.123Z',
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$',
  },
  '.google.protobuf.Duration': {
    type: 'string',
    description: 'Duration in seconds with an "s" suffix, e.g. 10s or 0.5s',
    pattern: '^-?\\d+(\\.\\d+)?s$',
  },
};

class SchemaBuilder {
  readonly definitions: Record<string, Schema> = {};

  ref(type: protobuf.Type): Schema {
    const known = WELL_KNOWN[type.fullName];
    if (known) return known;
    const key = type.fullName.slice(1);
    if (!(key in this.definitions)) {
      this.definitions[key] = {}; // placeholder first: messages refer to themselves (Failure.cause)
      this.definitions[key] = this.message(type);
    }
    return { $ref: `#/definitions/${key}` };
  }

  private scalar(field: protobuf.Field): Schema {
    const t = field.type;
    if (INT64.has(t))
      return { anyOf: [{ type: 'string', pattern: '^-?\\d+$' }, { type: 'integer' }] };
    if (INT32.has(t)) return { type: 'integer' };
    if (t === 'double' || t === 'float') return { anyOf: [{ type: 'number' }, { type: 'string' }] };
    if (t === 'bool') return { type: 'boolean' };
    if (t === 'string') return { type: 'string' };
    if (t === 'bytes') return { type: 'string', description: 'base64' };
    return {};
  }

  private value(field: protobuf.Field): Schema {
    field.resolve();
    const resolved = field.resolvedType;
    if (!resolved) return this.scalar(field);
    if ('values' in resolved) return enumSchema(resolved as protobuf.Enum);
    return this.ref(resolved as protobuf.Type);
  }

  private message(type: protobuf.Type): Schema {
    const properties: Record<string, Schema> = {};
    for (const field of type.fieldsArray) {
      const item = this.value(field);
      properties[field.name] = field.map
        ? { type: 'object', additionalProperties: item }
        : field.repeated
          ? { type: 'array', items: item }
          : item;
    }
    return { type: 'object', description: type.fullName.slice(1), properties };
  }
}

/** Schema for `{"events": [...]}`, a bare event array, or `{"history": {"events": [...]}}`. */
export function historyJsonSchema(): Schema {
  const builder = new SchemaBuilder();
  const event = builder.ref(root.lookupType('temporal.api.history.v1.HistoryEvent'));
  const events = { type: 'array', items: event };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Temporal workflow history',
    anyOf: [
      { type: 'object', required: ['events'], properties: { events } },
      events,
      {
        type: 'object',
        required: ['history'],
        properties: { history: { type: 'object', required: ['events'], properties: { events } } },
      },
    ],
    definitions: builder.definitions,
  };
}
