import { parseMs } from '../duration.ts';
import { scenarioSchema } from './generated/scenario-schema.ts';

/**
 * What the outside world does during a simulated run: the workflow's start, what each activity,
 * local activity and child workflow returns (or how it fails, times out, or how long it takes),
 * and the signals, updates and cancellation that arrive at given virtual times.
 */
export interface FailureSpec {
  message: string;
  /** ApplicationFailure type; defaults to "Error". */
  type?: string;
  nonRetryable?: boolean;
}

export interface OutcomeSpec {
  /** Value returned (encoded with the default converter). */
  result?: unknown;
  /** Fail instead of returning. */
  failure?: FailureSpec;
  /** Fail this many attempts first, then return `result` (the server retries in between). */
  failAttempts?: number;
  /** Give up with a timeout instead of returning (`START_TO_CLOSE`, `SCHEDULE_TO_CLOSE`, …). */
  timeout?: 'START_TO_CLOSE' | 'SCHEDULE_TO_START' | 'SCHEDULE_TO_CLOSE' | 'HEARTBEAT';
  /** Virtual time the call takes, e.g. "2s", "150ms", "1h". Default "1s". */
  duration?: string;
}

export interface ExternalEvent {
  /** Virtual time after the start when it arrives, e.g. "10s". */
  at: string;
}

/** What the outside world does during one simulated run of a workflow. */
export interface Scenario {
  /** The workflow type to start (one the component defines). */
  workflowType: string;
  /** The workflow's arguments, each encoded with the default converter. */
  input?: unknown[];
  /** Default "<workflowType>-sim". */
  workflowId?: string;
  /** Default: a fixed id, so the same scenario records the same history. */
  runId?: string;
  /** Default "default". */
  namespace?: string;
  /** Default "playground". */
  taskQueue?: string;
  /** RFC 3339 start time of the run (virtual). Default 2026-01-01T00:00:00Z. */
  startTime?: string;
  /** Per activity type: one outcome for every call, or a list consumed call by call. */
  activities?: Record<string, OutcomeSpec | OutcomeSpec[]>;
  /** Per local activity type, as for activities. */
  localActivities?: Record<string, OutcomeSpec | OutcomeSpec[]>;
  /** Per child workflow type. */
  childWorkflows?: Record<string, OutcomeSpec | OutcomeSpec[]>;
  /** Signals sent to the workflow, each at a virtual time; at "0s", with the start (signal-with-start). */
  signals?: Array<ExternalEvent & { name: string; input?: unknown[] }>;
  /** Updates sent to the workflow, each at a virtual time (`id` defaults to a generated one). */
  updates?: Array<ExternalEvent & { name: string; input?: unknown[]; id?: string }>;
  /** Request cancellation of the workflow at this virtual time. */
  cancelAt?: string;
  /** Stop after this many workflow tasks (guards against workflows that never end). Default 100,000. */
  maxWorkflowTasks?: number;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`scenario${path ? `.${path}` : ''}: ${message}`);
  }
}

/** A scenario time or duration, read as the TS SDK reads durations (src/engine/duration.ts). */
export function parseDuration(text: string, path: string): number {
  const ms = parseMs(text);
  if (ms === undefined || ms < 0)
    throw new ScenarioError(
      path,
      `"${text}" is not a duration; write e.g. "500ms", "10s", "5m", "2h", "1d".`,
    );
  return ms;
}

function checkOutcome(o: unknown, path: string): void {
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new ScenarioError(
      path,
      'must be an object like { "result": … } or { "failure": { "message": … } }.',
    );
  const spec = o as OutcomeSpec;
  if (
    spec.failure !== undefined &&
    (typeof spec.failure !== 'object' || typeof spec.failure.message !== 'string')
  ) {
    throw new ScenarioError(
      `${path}.failure`,
      'must be { "message": string, "type"?: string, "nonRetryable"?: boolean }.',
    );
  }
  if (spec.duration !== undefined) parseDuration(spec.duration, `${path}.duration`);
  if (
    spec.failAttempts !== undefined &&
    (!Number.isInteger(spec.failAttempts) || spec.failAttempts < 0)
  ) {
    throw new ScenarioError(`${path}.failAttempts`, 'must be a whole number ≥ 0.');
  }
  const timeouts = ['START_TO_CLOSE', 'SCHEDULE_TO_START', 'SCHEDULE_TO_CLOSE', 'HEARTBEAT'];
  if (spec.timeout !== undefined && !timeouts.includes(spec.timeout))
    throw new ScenarioError(`${path}.timeout`, `must be one of ${timeouts.join(', ')}.`);
}

/** Checks a scenario's shape, naming the exact field that is wrong. */
export function validateScenario(input: unknown): Scenario {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ScenarioError('', 'must be a JSON object.');
  const s = input as Scenario;
  if (typeof s.workflowType !== 'string' || !s.workflowType)
    throw new ScenarioError('workflowType', 'is required (the workflow type to start).');
  if (s.input !== undefined && !Array.isArray(s.input))
    throw new ScenarioError('input', 'must be an array of workflow arguments.');
  if (s.startTime !== undefined && Number.isNaN(Date.parse(s.startTime)))
    throw new ScenarioError('startTime', `"${s.startTime}" is not an RFC 3339 time.`);
  for (const group of ['activities', 'localActivities', 'childWorkflows'] as const) {
    for (const [type, spec] of Object.entries(s[group] ?? {})) {
      const list = Array.isArray(spec) ? spec : [spec];
      list.forEach((o, i) =>
        checkOutcome(o, `${group}.${type}${Array.isArray(spec) ? `[${i}]` : ''}`),
      );
    }
  }
  for (const group of ['signals', 'updates'] as const) {
    (s[group] ?? []).forEach((e, i) => {
      if (typeof e.name !== 'string' || !e.name)
        throw new ScenarioError(`${group}[${i}].name`, 'is required.');
      if (typeof e.at !== 'string')
        throw new ScenarioError(`${group}[${i}].at`, 'is required, e.g. "10s".');
      parseDuration(e.at, `${group}[${i}].at`);
      if (e.input !== undefined && !Array.isArray(e.input))
        throw new ScenarioError(`${group}[${i}].input`, 'must be an array.');
    });
  }
  if (s.cancelAt !== undefined) parseDuration(s.cancelAt, 'cancelAt');
  checkKnownKeys(s, scenarioSchema as SchemaNode, '');
  return s;
}

/** The parts of the generated JSON Schema (src/node/gen/scenario-schema.ts) walked here. */
interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | false;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

/** A misspelt field would otherwise be ignored silently, and the run would not do what was meant. */
function checkKnownKeys(value: unknown, node: SchemaNode, path: string): void {
  if (node.anyOf) {
    const branch = node.anyOf.find((b) => (b.type === 'array') === Array.isArray(value));
    if (branch) checkKnownKeys(value, branch, path);
    return;
  }
  if (node.type === 'array' && Array.isArray(value) && node.items) {
    value.forEach((item, i) => checkKnownKeys(item, node.items!, `${path}[${i}]`));
    return;
  }
  if (node.type !== 'object' || typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const known = node.properties?.[key] ?? node.additionalProperties;
    if (known) {
      checkKnownKeys(child, known, at);
      continue;
    }
    const names = Object.keys(node.properties ?? {});
    const near = names.find((name) => editDistance(name, key) <= 2);
    throw new ScenarioError(
      at,
      `is not a scenario field${near ? `; did you mean "${near}"?` : ''} (fields here: ${names.join(', ')}).`,
    );
  }
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length]!;
}
