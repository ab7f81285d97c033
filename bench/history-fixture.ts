/**
 * A large, realistic history for the history benchmarks: canonical proto3 JSON as
 * `temporal workflow show --output json` writes it. Each workflow task schedules an activity and a
 * timer; the activity completes, the timer fires and a signal arrives before the next task, so
 * every event kind the loader handles most (payloads, durations, enums, ids) is exercised.
 */
const b64 = (text: string) => Buffer.from(text).toString('base64');
const JSON_ENCODING = b64('json/plain');
const payloads = (value: unknown) => ({
  payloads: [{ metadata: { encoding: JSON_ENCODING }, data: b64(JSON.stringify(value)) }],
});

export function generateHistory(eventCount: number): string {
  const events: Record<string, unknown>[] = [];
  const start = Date.UTC(2025, 0, 1);
  const queue = { name: 'bench-queue', kind: 'TASK_QUEUE_KIND_NORMAL' };
  const add = (type: string, attributes: Record<string, unknown>) => {
    const id = events.length + 1;
    const field = type.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    events.push({
      eventId: String(id),
      eventTime: new Date(start + id * 7).toISOString().replace('Z', '123Z'),
      eventType: `EVENT_TYPE_${type}`,
      taskId: String(1_048_576 + id),
      [`${field}EventAttributes`]: attributes,
    });
    return id;
  };
  add('WORKFLOW_EXECUTION_STARTED', {
    workflowType: { name: 'benchWorkflow' },
    taskQueue: queue,
    input: payloads({ orders: 5000, customer: 'bench' }),
    workflowTaskTimeout: '10s',
    originalExecutionRunId: '0195a3c0-0000-7000-8000-000000000001',
    firstExecutionRunId: '0195a3c0-0000-7000-8000-000000000001',
    identity: 'bench@host',
    attempt: 1,
    firstWorkflowTaskBackoff: '0s',
    header: {},
    workflowId: 'bench-workflow',
  });
  let completed = 0;
  const task = () => {
    const scheduled = add('WORKFLOW_TASK_SCHEDULED', {
      taskQueue: queue,
      startToCloseTimeout: '10s',
      attempt: 1,
    });
    const started = add('WORKFLOW_TASK_STARTED', {
      scheduledEventId: String(scheduled),
      identity: 'bench@host',
      requestId: `req-${scheduled}`,
      historySizeBytes: String(scheduled * 600),
    });
    completed = add('WORKFLOW_TASK_COMPLETED', {
      scheduledEventId: String(scheduled),
      startedEventId: String(started),
      identity: 'bench@host',
      sdkMetadata:
        completed === 0
          ? { coreUsedFlags: [1, 2, 3], sdkName: 'temporal-typescript', sdkVersion: '1.13.1' }
          : {},
    });
  };
  // Every cycle: a task (3 events) + 6 command/result events; the end: a task and completion.
  for (let n = 0; events.length + 9 + 4 <= eventCount; n++) {
    task();
    const activity = add('ACTIVITY_TASK_SCHEDULED', {
      activityId: String(n + 1),
      activityType: { name: 'chargeOrder' },
      taskQueue: queue,
      header: {},
      input: payloads({ order: n, amount: (n * 37) % 1000, currency: 'EUR' }),
      scheduleToCloseTimeout: '0s',
      scheduleToStartTimeout: '0s',
      startToCloseTimeout: '60s',
      heartbeatTimeout: '0s',
      workflowTaskCompletedEventId: String(completed),
      retryPolicy: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '100s' },
    });
    const timer = add('TIMER_STARTED', {
      timerId: String(n + 1),
      startToFireTimeout: '1s',
      workflowTaskCompletedEventId: String(completed),
    });
    const running = add('ACTIVITY_TASK_STARTED', {
      scheduledEventId: String(activity),
      identity: 'bench@host',
      requestId: `act-${activity}`,
      attempt: 1,
    });
    add('ACTIVITY_TASK_COMPLETED', {
      result: payloads({ charged: true, receipt: `r-${n}` }),
      scheduledEventId: String(activity),
      startedEventId: String(running),
      identity: 'bench@host',
    });
    add('TIMER_FIRED', { timerId: String(n + 1), startedEventId: String(timer) });
    add('WORKFLOW_EXECUTION_SIGNALED', {
      signalName: 'progress',
      input: payloads({ step: n }),
      identity: 'bench@host',
      header: {},
    });
  }
  while (events.length + 4 < eventCount) {
    add('WORKFLOW_EXECUTION_SIGNALED', {
      signalName: 'progress',
      input: payloads({ step: -1 }),
      identity: 'bench@host',
    });
  }
  task();
  add('WORKFLOW_EXECUTION_COMPLETED', {
    result: payloads('done'),
    workflowTaskCompletedEventId: String(completed),
  });
  return JSON.stringify({ events }, null, 2);
}
