/**
 * What a WorkflowTaskFailed's `cause` and a WorkflowTaskTimedOut's `timeoutType` mean, in words a
 * person debugging the run can act on. The names are the proto enums' own (the schema is the source
 * of truth); the meanings follow the comments of temporal/api/enums/v1/failed_cause.proto and how
 * sdk-core and the server use each cause.
 */
import { root } from '../proto/index.ts';

const CAUSE_NAMES = root.lookupEnum('temporal.api.enums.v1.WorkflowTaskFailedCause').valuesById;
const TIMEOUT_NAMES = root.lookupEnum('temporal.api.enums.v1.TimeoutType').valuesById;
const CAUSE_PREFIX = 'WORKFLOW_TASK_FAILED_CAUSE_';

/** The enum value's name (`WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW`), or the number if unknown. */
export function causeName(cause: number): string {
  return CAUSE_NAMES[cause] ?? `unknown cause ${cause}`;
}

export function timeoutTypeName(timeoutType: number): string {
  return TIMEOUT_NAMES[timeoutType] ?? `unknown timeout type ${timeoutType}`;
}

/** Causes whose meaning is one sentence; the `BAD_*` and `*_LIMIT_EXCEEDED` families are below. */
const MEANING: Record<string, string> = {
  UNSPECIFIED: 'the worker failed the task without naming a cause',
  UNHANDLED_COMMAND:
    'new events (a signal, say) arrived while the worker was completing the run, so the server ' +
    'discarded the completion and asked for a new task that sees them',
  UNHANDLED_UPDATE:
    'an update arrived while the worker was completing the run, so the server discarded the ' +
    'completion and asked for a new task that handles it',
  RESET_STICKY_TASK_QUEUE:
    'the worker gave up its cached copy of the run (sticky queue reset); the next attempt replays from the start',
  WORKFLOW_WORKER_UNHANDLED_FAILURE:
    'the workflow code (or the SDK) threw while running the task; the server retries it until the code stops throwing',
  NON_DETERMINISTIC_ERROR:
    'the worker found nondeterminism: replaying history, the code produced commands that do not match the recorded ones; ' +
    'retries usually fail the same way until the code is fixed (or the change guarded with a patch)',
  START_TIMER_DUPLICATE_ID: 'the code started a timer with an id that is already in use',
  SCHEDULE_ACTIVITY_DUPLICATE_ID:
    'the code scheduled an activity with an id that is already in use',
  FORCE_CLOSE_COMMAND: 'the server force-closed the task',
  FAILOVER_CLOSE_COMMAND: 'the namespace failed over to another cluster while the task ran',
  BAD_SIGNAL_INPUT_SIZE: 'the code sent a signal whose input is too large',
  BAD_BINARY:
    "the worker's build (binary checksum) is marked bad, so the server refused its completion",
  FEATURE_DISABLED:
    'the code asked for a feature the server has disabled (see the failure message)',
  GRPC_MESSAGE_TOO_LARGE: "the worker's completion was larger than the server accepts",
  PAYLOADS_TOO_LARGE: 'the commands carried payloads larger than the server accepts',
  REQUEST_TOO_LARGE: "the worker's completion exceeded a size limit",
  EXTERNAL_STORAGE_FAILURE: 'an external storage operation failed (see the failure message)',
  WORKFLOW_PAUSE_REQUESTED_BEFORE_TASK_STARTED: 'the workflow was paused before the task started',
};

/** What a cause means, e.g. "the code started a timer with an id that is already in use". */
export function causeMeaning(cause: number): string {
  const name = causeName(cause);
  const short = name.startsWith(CAUSE_PREFIX) ? name.slice(CAUSE_PREFIX.length) : name;
  const known = MEANING[short];
  if (known) return known;
  const bad = /^BAD_(.+)_(ATTRIBUTES|MESSAGE)$/.exec(short);
  if (bad)
    return `the server rejected a command the code produced: its ${bad[1]!.toLowerCase().replaceAll('_', ' ')} ${bad[2]!.toLowerCase()} are invalid`;
  const limit = /^PENDING_(.+)_LIMIT_EXCEEDED$/.exec(short);
  if (limit)
    return `the code would exceed the server's limit on pending ${limit[1]!.toLowerCase().replaceAll('_', ' ')}`;
  return 'see the failure message';
}

/** What a workflow task time-out of this type means. */
export function timeoutMeaning(timeoutType: number): string {
  switch (timeoutTypeName(timeoutType)) {
    case 'TIMEOUT_TYPE_START_TO_CLOSE':
      return 'a worker took the task and never answered in time (it crashed, hung, or the code blocked)';
    case 'TIMEOUT_TYPE_SCHEDULE_TO_START':
      return 'no worker picked the task up from the sticky queue in time (the worker that cached the run is gone), so the server moved it to the normal queue';
    default:
      return 'the task was not completed in time';
  }
}
