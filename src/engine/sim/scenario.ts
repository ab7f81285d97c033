/**
 * What the outside world does during a simulated run: the workflow's start, what each activity,
 * local activity and child workflow returns (or how it fails, times out, or how long it takes),
 * and the signals, updates and cancellation that arrive at given virtual times.
 *
 * One valibot schema is the definition: the simulator checks scenarios with it (naming the exact
 * field that is wrong, and the field a misspelt one most likely meant), the types below are
 * inferred from it, and the JSON Schema the scenario editor validates and explains with is
 * generated from it (`npm run gen`, src/node/gen/scenario-schema.ts), descriptions included.
 */
import * as v from 'valibot';
import { parseMs } from '../duration.ts';
import { nearest, parse, refuseArrays, SchemaProblem, strictObject } from '../schema.ts';

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`scenario${path ? `.${path}` : ''}: ${message}`);
  }
}

const DURATION_HINT = 'write e.g. "500ms", "10s", "5m", "2h", "1d".';

/** A scenario time or duration, read as the TS SDK reads durations (src/engine/duration.ts). */
export function parseDuration(text: string, path: string): number {
  const ms = parseMs(text);
  if (ms === undefined || ms < 0)
    throw new ScenarioError(path, `"${text}" is not a duration; ${DURATION_HINT}`);
  return ms;
}

/** Objects of the scenario: exactly these fields; a misspelt one would be ignored silently. */
const fields = <const E extends v.ObjectEntries>(entries: E, notObject: string) =>
  strictObject(entries, {
    notObject: () => notObject,
    unknownKey: (key, known) => {
      const near = nearest(key, known);
      return `is not a scenario field${near ? `; did you mean "${near}"?` : ''} (fields here: ${known.join(', ')}).`;
    },
  });

const about = <S extends v.GenericSchema>(schema: S, description: string) =>
  v.pipe(schema, v.description(description));

const text = (description: string) => about(v.string('must be a string.'), description);

const duration = (description: string, missing = 'must be a duration like "10s".') =>
  about(
    v.pipe(
      v.string((issue) =>
        issue.input === undefined ? missing : `must be a string; ${DURATION_HINT}`,
      ),
      v.check(
        (value) => (parseMs(value) ?? -1) >= 0,
        (issue) => `${JSON.stringify(issue.input)} is not a duration; ${DURATION_HINT}`,
      ),
    ),
    description,
  );

const failure = fields(
  {
    message: v.string('must be a string (the failure message).'),
    type: v.optional(text('ApplicationFailure type; defaults to "Error".')),
    nonRetryable: v.optional(v.boolean('must be true or false.')),
  },
  'must be { "message": string, "type"?: string, "nonRetryable"?: boolean }.',
);

const outcome = fields(
  {
    result: v.optional(about(v.unknown(), 'Value returned (encoded with the default converter).')),
    failure: v.optional(about(failure, 'Fail instead of returning.')),
    failAttempts: v.optional(
      about(
        v.pipe(
          v.number('must be a whole number ≥ 0.'),
          v.integer('must be a whole number ≥ 0.'),
          v.minValue(0, 'must be a whole number ≥ 0.'),
        ),
        'Fail this many attempts first, then return `result` (the server retries in between).',
      ),
    ),
    timeout: v.optional(
      about(
        v.picklist(
          ['START_TO_CLOSE', 'SCHEDULE_TO_START', 'SCHEDULE_TO_CLOSE', 'HEARTBEAT'],
          (issue) =>
            `must be one of ${issue.expected?.replace(/[()"]/g, '').split(' | ').join(', ')}.`,
        ),
        'Give up with a timeout instead of returning (`START_TO_CLOSE`, `SCHEDULE_TO_CLOSE`, …).',
      ),
    ),
    duration: v.optional(
      duration('Virtual time the call takes, e.g. "2s", "150ms", "1h". Default "1s".'),
    ),
  },
  'must be an object like { "result": … } or { "failure": { "message": … } }.',
);

/** Per type: one outcome for every call, or a list consumed call by call. */
const outcomes = (description: string) =>
  v.optional(
    about(
      refuseArrays(
        v.record(
          v.string(),
          v.union([outcome, v.array(outcome, 'must be a list of outcomes.')]),
          'must be an object of outcomes by type name.',
        ),
        () => 'must be an object of outcomes by type name.',
      ),
      description,
    ),
  );

const at = () =>
  duration('Virtual time after the start when it arrives, e.g. "10s".', 'is required, e.g. "10s".');
const name = () =>
  about(
    v.pipe(v.string('is required.'), v.minLength(1, 'is required.')),
    'The handler name, as the workflow defines it.',
  );
const args = () =>
  v.optional(
    about(
      v.array(v.unknown(), 'must be an array.'),
      'Its arguments, each encoded with the default converter.',
    ),
  );

const signal = fields(
  { at: at(), name: name(), input: args() },
  'must be an object like { "name": …, "at": "10s" }.',
);
const update = fields(
  {
    at: at(),
    name: name(),
    input: args(),
    id: v.optional(text('The update id; defaults to a generated one.')),
  },
  'must be an object like { "name": …, "at": "10s" }.',
);

export const scenarioSchema = about(
  fields(
    {
      workflowType: about(
        v.pipe(
          v.string('is required (the workflow type to start).'),
          v.minLength(1, 'is required (the workflow type to start).'),
        ),
        'The workflow type to start (one the component defines).',
      ),
      input: v.optional(
        about(
          v.array(v.unknown(), 'must be an array of workflow arguments.'),
          "The workflow's arguments, each encoded with the default converter.",
        ),
      ),
      workflowId: v.optional(text('Default "<workflowType>-sim".')),
      runId: v.optional(
        text('Default: a fixed id, so the same scenario records the same history.'),
      ),
      namespace: v.optional(text('Default "default".')),
      taskQueue: v.optional(text('Default "playground".')),
      startTime: v.optional(
        about(
          v.pipe(
            v.string('must be an RFC 3339 time like "2026-01-01T00:00:00Z".'),
            v.check(
              (value) => !Number.isNaN(Date.parse(value)),
              (issue) => `${JSON.stringify(issue.input)} is not an RFC 3339 time.`,
            ),
          ),
          'RFC 3339 start time of the run (virtual). Default 2026-01-01T00:00:00Z.',
        ),
      ),
      activities: outcomes(
        'Per activity type: one outcome for every call, or a list consumed call by call.',
      ),
      localActivities: outcomes('Per local activity type, as for activities.'),
      childWorkflows: outcomes('Per child workflow type.'),
      signals: v.optional(
        about(
          v.array(signal, 'must be a list of signals.'),
          'Signals sent to the workflow, each at a virtual time; at "0s", with the start (signal-with-start).',
        ),
      ),
      updates: v.optional(
        about(
          v.array(update, 'must be a list of updates.'),
          'Updates sent to the workflow, each at a virtual time (`id` defaults to a generated one).',
        ),
      ),
      cancelAt: v.optional(duration('Request cancellation of the workflow at this virtual time.')),
      maxWorkflowTasks: v.optional(
        about(
          v.pipe(
            v.number('must be a whole number ≥ 1.'),
            v.integer('must be a whole number ≥ 1.'),
            v.minValue(1, 'must be a whole number ≥ 1.'),
          ),
          'Stop after this many workflow tasks (guards against workflows that never end). Default 100,000.',
        ),
      ),
    },
    'must be a JSON object.',
  ),
  'What the outside world does during one simulated run of a workflow.',
);

/** What the outside world does during one simulated run of a workflow. */
export type Scenario = v.InferOutput<typeof scenarioSchema>;
export type OutcomeSpec = v.InferOutput<typeof outcome>;
export type FailureSpec = v.InferOutput<typeof failure>;

/** Checks a scenario's shape, naming the exact field that is wrong. */
export function validateScenario(input: unknown): Scenario {
  try {
    return parse(scenarioSchema, input);
  } catch (thrown) {
    if (thrown instanceof SchemaProblem) throw new ScenarioError(thrown.path, thrown.problem);
    throw thrown;
  }
}
