/**
 * Schema-driven reading of one JSON message into a protobufjs message instance. It walks the
 * reflection types of the shared root, so every enum field anywhere (nested failures, `cause`,
 * `timeoutType`, `retryState`, task queue kind…) is converted, never a fixed list of fields.
 *
 * It accepts the canonical proto3 JSON mapping (`temporal workflow show --output json`, current
 * Web UI) and the legacy gogo/jsonpb form (tctl, Web UI before 2024): enum values as PascalCase
 * names without their prefix, defaults written out, ids as numbers or strings. What the schema
 * cannot represent (unknown fields, enum names it does not know) is kept in `preservedJson` for
 * export and reported as a warning, never silently dropped or zeroed.
 */
import Long from 'long';
import protobuf from 'protobufjs/light.js';
import protojson from 'protobufjs/ext/protojson.js';
import { fromBase64 } from '../proto/base64.ts';
import { HistoryError, warning, type HistoryLocation, type HistoryWarning } from './errors.ts';
import { preservedJson, toNumber } from './events.ts';

export interface ReadContext {
  /** Location of the event being read (source, id or index); field paths are added per error. */
  location: HistoryLocation;
  warnings: HistoryWarning[];
}

/** Deeper than any real history (failure cause chains are short); bounds hostile input. */
const MAX_DEPTH = 64;

const TIMESTAMP = '.google.protobuf.Timestamp';
const DURATION = '.google.protobuf.Duration';
/** An event's own type: validate.ts reports unknown ones (more precisely than as an enum value). */
const EVENT_TYPE_PATH = 'eventType';

type MessageKind = 'timestamp' | 'duration' | 'well-known' | 'message';

/** What reading and inspecting a message type needs, computed once per type. */
interface TypePlan {
  kind: MessageKind;
  /** Full name without the leading dot, for messages. */
  name: string;
  /** JSON names accepted for each field: lowerCamelCase (canonical) and the original snake_case. */
  byName: Map<string, protobuf.Field>;
  /** Fields holding messages or enums: what binary inspection must look into. */
  nested: protobuf.Field[];
  /** The message constructor (`type.ctor` is a getter). */
  ctor: new () => protobuf.Message;
}

const plans = new WeakMap<protobuf.Type, TypePlan>();

function planOf(type: protobuf.Type): TypePlan {
  let plan = plans.get(type);
  if (!plan) {
    // protobufjs computes `fullName` on every access: read it once here.
    const fullName = type.fullName;
    const byName = new Map<string, protobuf.Field>();
    const nested: protobuf.Field[] = [];
    for (const field of type.fieldsArray) {
      field.resolve();
      byName.set(field.name, field);
      if (field.protoName) byName.set(field.protoName, field);
      if (field.resolvedType) nested.push(field);
    }
    const kind: MessageKind =
      fullName === TIMESTAMP
        ? 'timestamp'
        : fullName === DURATION
          ? 'duration'
          : fullName.startsWith('.google.protobuf.')
            ? 'well-known'
            : 'message';
    plan = { kind, name: fullName.slice(1), byName, nested, ctor: type.ctor as never };
    plans.set(type, plan);
  }
  return plan;
}

interface EnumIndex {
  name: string;
  /** Loose keys (lower case, no underscores), with and without the value prefix → number. */
  loose: Map<string, number>;
}

const enumIndexes = new WeakMap<protobuf.Enum, EnumIndex>();

const looseKey = (name: string) => name.replace(/_/g, '').toLowerCase();

/**
 * Legacy exports wrote `WorkflowExecutionStarted` for `EVENT_TYPE_WORKFLOW_EXECUTION_STARTED` and
 * `Normal` for `TASK_QUEUE_KIND_NORMAL`: the prefix is what the enum's zero value shares with the
 * others (`EVENT_TYPE_UNSPECIFIED` → `EVENT_TYPE_`).
 */
function enumIndex(enm: protobuf.Enum): EnumIndex {
  let index = enumIndexes.get(enm);
  if (!index) {
    const names = Object.keys(enm.values);
    const prefix = commonPrefix(names);
    const loose = new Map<string, number>();
    for (const name of names) {
      const value = enm.values[name]!;
      loose.set(looseKey(name), value);
      if (prefix && name.length > prefix.length)
        loose.set(looseKey(name.slice(prefix.length)), value);
    }
    index = { name: enm.fullName.slice(1), loose };
    enumIndexes.set(enm, index);
  }
  return index;
}

function commonPrefix(names: string[]): string {
  if (names.length < 2) return '';
  let prefix = names[0]!;
  for (const name of names) {
    while (!name.startsWith(prefix))
      prefix = prefix.slice(0, prefix.lastIndexOf('_', prefix.length - 2) + 1);
    if (!prefix) return '';
  }
  return prefix;
}

function fail(ctx: ReadContext, path: string, problem: string): never {
  throw new HistoryError('bad-field', problem, { ...ctx.location, fieldPath: path });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Reads `json` as a message of `type`; `path` is the field path of `json` inside the event. */
export function readMessage(
  type: protobuf.Type,
  json: unknown,
  path: string,
  ctx: ReadContext,
  depth = 0,
): protobuf.Message {
  if (depth > MAX_DEPTH) fail(ctx, path, `nested more than ${MAX_DEPTH} levels deep`);
  const plan = planOf(type);
  if (plan.kind === 'timestamp') return type.create(readTimestamp(json, path, ctx));
  if (plan.kind === 'duration') return type.create(readDuration(json, path, ctx));
  if (plan.kind === 'well-known') return readOtherWellKnown(type, plan.name, json, path, ctx);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    fail(ctx, path, `expected an object (${type.name}), got ${describe(json)}`);
  }
  const { byName } = plan;
  // Fields are set on the message as they are read: `type.create(properties)` would build every
  // message twice over 50,000 events (garbage the collector then spends most of a load on).
  const message = new plan.ctor() as unknown as Record<string, unknown>;
  let preserved: Record<string, unknown> | undefined;
  let oneofSeen: Map<string, string> | undefined;
  for (const key in json) {
    const value = (json as Record<string, unknown>)[key];
    const fieldPath = join(path, key);
    const field = byName.get(key);
    if (!field) {
      if (nestingExceeds(value, MAX_DEPTH - depth))
        fail(ctx, fieldPath, `nested more than ${MAX_DEPTH} levels deep`);
      setOwn((preserved ??= {}), key, value);
      ctx.warnings.push(
        warning('unknown-field', `field "${key}" is not in ${plan.name}; kept as is`, {
          ...ctx.location,
          fieldPath,
        }),
      );
      continue;
    }
    if (value === null) continue;
    if (field.partOf) {
      const other = (oneofSeen ??= new Map()).get(field.partOf.name);
      if (other)
        fail(
          ctx,
          fieldPath,
          `"${key}" and "${other}" are both set, but only one of ${field.partOf.name} may be`,
        );
      oneofSeen.set(field.partOf.name, key);
    }
    let read = readField(field, value, fieldPath, ctx, depth);
    if (read === UNKNOWN_ENUM || read instanceof WithUnknownEnums) {
      // The JSON as written goes back out on export; the message keeps what the schema knows.
      (preserved ??= {})[field.name] = value;
      if (read === UNKNOWN_ENUM) continue;
      read = (read as WithUnknownEnums).known;
    }
    if (read !== undefined) message[field.name] = read;
  }
  if (preserved) preservedJson.set(message as never, preserved);
  return message as unknown as protobuf.Message;
}

/**
 * Sets a property even when its name is `__proto__` (a legal JSON key, and a legal map key in a
 * header or memo), which plain assignment would turn into a prototype change.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** Whether a JSON value nests deeper than `limit` (checked without recursion: input is hostile). */
function nestingExceeds(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > limit) return true;
    const next: unknown[] = [];
    for (const node of level) {
      if (node !== null && typeof node === 'object')
        for (const child of Object.values(node)) next.push(child);
    }
    level = next;
  }
  return false;
}

/** Marks an enum name the schema does not know: kept verbatim in `preservedJson`. */
const UNKNOWN_ENUM = Symbol('unknown enum');

/** A repeated or map enum field in which some names are unknown: the known part. */
class WithUnknownEnums {
  constructor(readonly known: unknown) {}
}

function readField(
  field: protobuf.Field,
  value: unknown,
  path: string,
  ctx: ReadContext,
  depth: number,
): unknown {
  if (field.map) {
    if (typeof value !== 'object' || Array.isArray(value))
      fail(ctx, path, `expected an object (map), got ${describe(value)}`);
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return undefined;
    const map: Record<string, unknown> = {};
    let partial = false;
    for (const [key, item] of entries) {
      const read = readSingular(field, item, `${path}[${JSON.stringify(key)}]`, ctx, depth);
      if (read === UNKNOWN_ENUM) partial = true;
      else setOwn(map, key, read);
    }
    return partial ? new WithUnknownEnums(map) : map;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) fail(ctx, path, `expected an array, got ${describe(value)}`);
    if (value.length === 0) return undefined;
    const items: unknown[] = [];
    let partial = false;
    for (let i = 0; i < value.length; i++) {
      const read = readSingular(field, value[i], `${path}[${i}]`, ctx, depth);
      if (read === UNKNOWN_ENUM) partial = true;
      else items.push(read);
    }
    return partial ? new WithUnknownEnums(items) : items;
  }
  const read = readSingular(field, value, path, ctx, depth);
  // proto3 implicit presence: a default scalar is the same as an absent one (legacy exports wrote
  // every default out; the binary form never carries them).
  if (!field.hasPresence && !(field.resolvedType instanceof protobuf.Type) && isDefault(read))
    return undefined;
  return read;
}

function isDefault(value: unknown): boolean {
  if (value === 0 || value === false || value === '') return true;
  if (value instanceof Uint8Array) return value.length === 0;
  return Long.isLong(value) && (value as Long).isZero();
}

function readSingular(
  field: protobuf.Field,
  value: unknown,
  path: string,
  ctx: ReadContext,
  depth: number,
): unknown {
  if (value === null) fail(ctx, path, 'null is not allowed here');
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return readMessage(resolved, value, path, ctx, depth + 1);
  if (resolved instanceof protobuf.Enum) return readEnum(resolved, value, path, ctx);
  return readScalar(field.type, value, path, ctx);
}

function readEnum(
  enm: protobuf.Enum,
  value: unknown,
  path: string,
  ctx: ReadContext,
): number | typeof UNKNOWN_ENUM {
  const index = enumIndex(enm);
  const enumName = index.name;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      fail(ctx, path, `${value} is not a valid ${enumName} number`);
    }
    if (enm.valuesById[value] === undefined && path !== EVENT_TYPE_PATH) {
      ctx.warnings.push(
        warning(
          'unknown-enum-value',
          `${value} is not a known ${enumName} value; kept as a number`,
          {
            ...ctx.location,
            fieldPath: path,
          },
        ),
      );
    }
    return value;
  }
  if (typeof value !== 'string')
    fail(ctx, path, `expected a ${enumName} name, got ${describe(value)}`);
  const exact = enm.values[value];
  if (exact !== undefined) return exact;
  const loose = index.loose.get(looseKey(value));
  if (loose !== undefined) return loose;
  if (path === EVENT_TYPE_PATH) return UNKNOWN_ENUM;
  ctx.warnings.push(
    warning('unknown-enum-value', `"${value}" is not a known ${enumName} value; kept as is`, {
      ...ctx.location,
      fieldPath: path,
    }),
  );
  return UNKNOWN_ENUM;
}

const INTEGER = /^-?\d+$/;
const SMALL_INTEGER = /^-?\d{1,15}$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function readInteger(value: unknown, path: string, ctx: ReadContext, what: string): bigint {
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      fail(ctx, path, `expected an integer (${what}), got ${describe(value)}`);
    return BigInt(value);
  }
  if (typeof value === 'string' && INTEGER.test(value.trim())) return BigInt(value.trim());
  return fail(ctx, path, `expected an integer (${what}), got ${describe(value)}`);
}

function inRange(
  n: bigint,
  min: bigint,
  max: bigint,
  path: string,
  ctx: ReadContext,
  what: string,
): bigint {
  if (n < min || n > max) fail(ctx, path, `${n} is out of range for ${what}`);
  return n;
}

function readScalar(type: string, value: unknown, path: string, ctx: ReadContext): unknown {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') fail(ctx, path, `expected a string, got ${describe(value)}`);
      return value;
    case 'bool':
      if (typeof value !== 'boolean')
        fail(ctx, path, `expected true or false, got ${describe(value)}`);
      return value;
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return Number(
        inRange(readInteger(value, path, ctx, type), -(2n ** 31n), 2n ** 31n - 1n, path, ctx, type),
      );
    case 'uint32':
    case 'fixed32':
      return Number(
        inRange(readInteger(value, path, ctx, type), 0n, 2n ** 32n - 1n, path, ctx, type),
      );
    case 'int64':
    case 'sint64':
    case 'sfixed64': {
      // Ids, sizes and times fit in a double: skip the BigInt range check for them.
      if (typeof value === 'string' && SMALL_INTEGER.test(value))
        return Long.fromNumber(Number(value));
      if (typeof value === 'number' && Number.isSafeInteger(value)) return Long.fromNumber(value);
      const n = inRange(readInteger(value, path, ctx, type), INT64_MIN, INT64_MAX, path, ctx, type);
      return Long.fromString(n.toString(), false);
    }
    case 'uint64':
    case 'fixed64': {
      const n = inRange(readInteger(value, path, ctx, type), 0n, UINT64_MAX, path, ctx, type);
      return Long.fromString(n.toString(), true);
    }
    case 'double':
    case 'float':
      return readFloat(value, path, ctx);
    case 'bytes':
      return readBytes(value, path, ctx);
    default:
      return fail(ctx, path, `unsupported scalar type ${type}`);
  }
}

function readFloat(value: unknown, path: string, ctx: ReadContext): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return fail(ctx, path, `expected a number, got ${describe(value)}`);
}

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/** Standard or URL-safe base64, padding optional (the proto3 JSON mapping accepts both). */
export function readBytes(value: unknown, path: string, ctx: ReadContext): Uint8Array {
  if (
    typeof value !== 'string' ||
    !BASE64.test(value) ||
    value.replace(/=+$/, '').length % 4 === 1
  ) {
    fail(ctx, path, `expected base64 bytes, got ${describe(value)}`);
  }
  return fromBase64(value);
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MIN_SECONDS = -62135596800; // 0001-01-01T00:00:00Z
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

function nanosOf(fraction: string | undefined): number {
  return fraction ? Number(fraction.padEnd(9, '0')) : 0;
}

function readTimestamp(
  json: unknown,
  path: string,
  ctx: ReadContext,
): { seconds?: Long; nanos?: number } {
  const m = typeof json === 'string' ? RFC3339.exec(json) : null;
  if (!m) fail(ctx, path, `expected an RFC 3339 timestamp, got ${describe(json)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (
    year < 1 ||
    daysInMonth === undefined ||
    day < 1 ||
    day > daysInMonth ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    fail(ctx, path, `${describe(json)} is not a valid date and time`);
  }
  const utcMillis = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC maps years 0–99 to 1900–1999; correct for those.
  const millis = year < 100 ? new Date(utcMillis).setUTCFullYear(year) : utcMillis;
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60;
  const seconds = millis / 1000 - offset;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS)
    fail(ctx, path, `${describe(json)} is out of range`);
  return wellKnown(seconds, nanosOf(m[7]));
}

const MAX_DURATION_SECONDS = 315_576_000_000; // 10,000 years, as google/protobuf/duration.proto says
const DURATION_TEXT = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

function readDuration(
  json: unknown,
  path: string,
  ctx: ReadContext,
): { seconds?: Long; nanos?: number } {
  const m = typeof json === 'string' ? DURATION_TEXT.exec(json) : null;
  if (!m) fail(ctx, path, `expected a duration such as "10s" or "0.5s", got ${describe(json)}`);
  const seconds = Number(m[2]);
  if (seconds > MAX_DURATION_SECONDS) fail(ctx, path, `${describe(json)} is out of range`);
  const sign = m[1] ? -1 : 1;
  return wellKnown(sign * seconds, sign * nanosOf(m[3]));
}

function wellKnown(seconds: number, nanos: number): { seconds?: Long; nanos?: number } {
  const out: { seconds?: Long; nanos?: number } = {};
  if (seconds !== 0) out.seconds = Long.fromNumber(seconds);
  if (nanos !== 0) out.nanos = nanos;
  return out;
}

/** Struct, Value, wrappers, Any, FieldMask: protobufjs' ProtoJSON reader knows their mappings. */
function readOtherWellKnown(
  type: protobuf.Type,
  name: string,
  json: unknown,
  path: string,
  ctx: ReadContext,
): protobuf.Message {
  try {
    return type.fromObject({ ...protojson.fromJson(type, json) });
  } catch (thrown) {
    return fail(
      ctx,
      path,
      `not a valid ${name}: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    );
  }
}

/** Timestamps and durations the proto3 JSON mapping (and every SDK) cannot represent. */
function checkTimeValue(
  isTimestamp: boolean,
  value: Record<string, unknown>,
  path: string,
  ctx: ReadContext,
): void {
  const seconds = toNumber(value['seconds'] as never);
  const nanos = toNumber(value['nanos'] as never);
  const valid = isTimestamp
    ? seconds >= MIN_SECONDS && seconds <= MAX_SECONDS && nanos >= 0 && nanos <= 999_999_999
    : Math.abs(seconds) <= MAX_DURATION_SECONDS &&
      Math.abs(nanos) <= 999_999_999 &&
      (seconds === 0 || nanos === 0 || seconds < 0 === nanos < 0);
  if (!valid) {
    fail(ctx, path, `invalid ${isTimestamp ? 'timestamp' : 'duration'}: ${seconds} s, ${nanos} ns`);
  }
}

/**
 * Binary input needs no conversion, but what the schema does not know must still be flagged:
 * unknown enum numbers (kept as numbers by protobufjs) and unknown fields (kept as raw bytes in
 * `$unknowns` and re-encoded as they were).
 */
export function inspectDecoded(
  type: protobuf.Type,
  message: protobuf.Message,
  path: string,
  ctx: ReadContext,
): void {
  const plan = planOf(type);
  const record = message as unknown as Record<string, unknown> & { $unknowns?: Uint8Array[] };
  if (plan.kind === 'timestamp' || plan.kind === 'duration') {
    checkTimeValue(plan.kind === 'timestamp', record, path, ctx);
    return;
  }
  if (record.$unknowns && Object.prototype.hasOwnProperty.call(record, '$unknowns')) {
    ctx.warnings.push(
      warning(
        'unknown-field',
        `${record.$unknowns.length} field(s) not in ${plan.name}; kept as bytes`,
        {
          ...ctx.location,
          fieldPath: path || undefined,
        },
      ),
    );
  }
  for (const field of plan.nested) {
    const value = record[field.name];
    // Unset fields read through to protobufjs' shared defaults on the prototype.
    if (value == null || !Object.prototype.hasOwnProperty.call(record, field.name)) continue;
    const fieldPath = join(path, field.name);
    if (field.map) {
      for (const key in value as object) {
        inspectValue(
          field,
          (value as Record<string, unknown>)[key],
          `${fieldPath}[${JSON.stringify(key)}]`,
          ctx,
        );
      }
    } else if (field.repeated) {
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++)
        inspectValue(field, items[i], `${fieldPath}[${i}]`, ctx);
    } else {
      inspectValue(field, value, fieldPath, ctx);
    }
  }
}

function inspectValue(field: protobuf.Field, value: unknown, path: string, ctx: ReadContext): void {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    inspectDecoded(resolved, value as protobuf.Message, path, ctx);
  } else if (
    typeof value === 'number' &&
    (resolved as protobuf.Enum).valuesById[value] === undefined &&
    path !== EVENT_TYPE_PATH
  ) {
    ctx.warnings.push(
      warning(
        'unknown-enum-value',
        `${value} is not a known ${enumIndex(resolved as protobuf.Enum).name} value; kept as a number`,
        { ...ctx.location, fieldPath: path },
      ),
    );
  }
}
