/**
 * Nexus operations, our engine against real sdk-core on the generated Nexus histories: beyond the
 * field-by-field agreement of the differential suite, the behaviours that matter are checked
 * against expectations written from sdk-core's rules (nexus_operation_state_machine.rs), so that a
 * misreading shared by both sides of the comparison would still be caught.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { root, type coresdk } from '../../src/engine/proto/index.ts';
import { ET, eventIdOf } from '../../src/engine/core/events.ts';
import { HistoryEcho } from '../../src/engine/core/echo.ts';
import { SdkCoreReplayer } from '../../src/node/oracle/index.ts';
import { compareWithSdkCore, type CommandMutation } from '../../src/node/oracle/differential.ts';
import { NexusHistoryBuilder, nexusHistories } from './fixtures/nexus-histories.ts';

type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;

const replayer = new SdkCoreReplayer();
afterAll(() => replayer.close());

const CANCEL = root.lookupEnum('coresdk.nexus.NexusOperationCancellationType').values;
const history = (name: string) => {
  const found = nexusHistories().find((h) => h.name === `nexus/${name}`);
  if (!found) throw new Error(`no generated history "${name}"`);
  return found.events;
};

async function compare(name: string, mutate?: CommandMutation) {
  const events = history(name);
  const c = await compareWithSdkCore(replayer, name, events, mutate);
  expect(c.differences).toEqual([]);
  return { ...c, events };
}

/** Rewrites the commands lang sends for the task started at `wft` (its first activation only). */
const inTask =
  (wft: number, fn: (cs: IWorkflowCommand[]) => IWorkflowCommand[]): CommandMutation =>
  (cs, task) =>
    task === wft && cs.length > 0 ? fn(cs) : cs;

const wftStarts = (events: ReturnType<typeof history>) =>
  events.filter((e) => e.eventType === ET.WorkflowTaskStarted).map(eventIdOf);

describe('generated Nexus histories', () => {
  it('cover every Nexus event and every cancellation type echo can infer', () => {
    const all = nexusHistories();
    const types = new Set(all.flatMap((h) => h.events.map((e) => e.eventType)));
    for (const name of [
      'NexusOperationScheduled',
      'NexusOperationStarted',
      'NexusOperationCompleted',
      'NexusOperationFailed',
      'NexusOperationCanceled',
      'NexusOperationTimedOut',
      'NexusOperationCancelRequested',
      'NexusOperationCancelRequestCompleted',
      'NexusOperationCancelRequestFailed',
    ])
      expect(types.has(ET[name]!), name).toBe(true);
    const inferred = new Set(
      all.flatMap(({ events }) => {
        const echo = new HistoryEcho(events);
        return wftStarts(events).flatMap((w) =>
          echo.commandsFor(w).flatMap((c) => c.scheduleNexusOperation?.cancellationType ?? []),
        );
      }),
    );
    // ABANDON sends nothing to the server, so no history shows it: the mutation suite covers it.
    expect([...inferred].sort()).toEqual(
      [
        CANCEL['WAIT_CANCELLATION_COMPLETED'],
        CANCEL['TRY_CANCEL'],
        CANCEL['WAIT_CANCELLATION_REQUESTED'],
      ].sort(),
    );
  });
});

describe('Nexus operations replay as sdk-core replays them', () => {
  it('a synchronous completion resolves the start and the result in one activation', async () => {
    // Rule: NexusOperationCompleted in ScheduledEventRecorded emits StartSync, then Complete.
    const c = await compare('sync operation: completed without a Started event');
    expect(c.core.verdict).toBe('ok');
    expect(c.core.activations[1]!['jobs']).toEqual([
      { resolveNexusOperationStart: { seq: 1, startedSync: true } },
      {
        resolveNexusOperation: {
          seq: 1,
          result: { completed: { metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'NDI=' } },
        },
      },
    ]);
  });

  it('the operation token comes from operationToken only, not the deprecated operationId', async () => {
    const c = await compare('older server: Started names the operation by operationId only');
    expect(c.core.activations[1]!['jobs']).toEqual([
      { resolveNexusOperationStart: { seq: 1, operationToken: '' } },
    ]);
  });

  it('an operation cancelled before its command was sent fails its start, and sends nothing', async () => {
    // Rule: Cancel in ScheduleCommandCreated marks the machine cancelled before sent (its command
    // is dropped) and resolves the start as failed, cause CanceledFailureInfo, no scheduled event.
    const events = history('sync operation: completed without a Started event');
    const c = await compare(
      'sync operation: completed without a Started event',
      inTask(wftStarts(events)[0]!, (cs) => [
        { scheduleNexusOperation: { seq: 7, endpoint: 'ep', service: 'svc', operation: 'op' } },
        { requestCancelNexusOperation: { seq: 7 } },
        ...cs,
      ]),
    );
    expect(c.core.verdict).toBe('ok');
    expect(c.core.activations[1]!['jobs']).toEqual([
      {
        resolveNexusOperationStart: {
          seq: 7,
          failed: {
            message: 'Nexus Operation cancelled before scheduled',
            cause: { canceledFailureInfo: {} },
            nexusOperationExecutionFailureInfo: { endpoint: 'ep', service: 'svc', operation: 'op' },
          },
        },
      },
    ]);
  });

  it('TRY_CANCEL resolves lang within the task that cancels', async () => {
    const c = await compare('cancel without waiting, completing in the same task');
    const last = c.core.activations.at(-1)!;
    expect(last['jobs']).toEqual([
      {
        resolveNexusOperation: {
          seq: 1,
          result: {
            cancelled: {
              message: 'Nexus operation cancelled after starting',
              cause: { canceledFailureInfo: {} },
              nexusOperationExecutionFailureInfo: {
                scheduledEventId: '5',
                endpoint: 'billing-endpoint',
                service: 'payments',
                operation: 'charge',
                operationToken: 'token-charge-1',
              },
            },
          },
        },
      },
    ]);
    // Same workflow task as the timer that triggered the cancel: no new WorkflowTaskStarted.
    expect(last['historyLength']).toBe(c.core.activations.at(-2)!['historyLength']);
  });

  it('endpoint, service and operation are not compared with the scheduled event', async () => {
    // sdk-core's on_scheduled records only the event id (unlike activities and child workflows).
    const events = history('async operation: started, then completed');
    const c = await compare(
      'async operation: started, then completed',
      inTask(wftStarts(events)[0]!, (cs) =>
        cs.map((x) =>
          x.scheduleNexusOperation
            ? {
                scheduleNexusOperation: {
                  ...x.scheduleNexusOperation,
                  endpoint: 'elsewhere',
                  service: 'other',
                  operation: 'different',
                },
              }
            : x,
        ),
      ),
    );
    expect(c.core.verdict).toBe('ok');
  });

  it('a dropped ScheduleNexusOperation is nondeterminism at its scheduled event', async () => {
    const events = history('async operation: started, then completed');
    const scheduled = events.find((e) => e.eventType === ET.NexusOperationScheduled)!;
    const c = await compare(
      'async operation: started, then completed',
      inTask(wftStarts(events)[0]!, (cs) => cs.filter((x) => !x.scheduleNexusOperation)),
    );
    expect(c.core).toMatchObject({ verdict: 'nondeterminism', eventId: eventIdOf(scheduled) });
    expect(c.ours.message).toBe(
      `[TMPRL1100] Nondeterminism error: No command scheduled for event HistoryEvent(id: ${eventIdOf(scheduled)}, NexusOperationScheduled)`,
    );
  });

  it('an abandoned operation that completes later is nondeterminism, as sdk-core judges it', async () => {
    // sdk-core rejects a completion in Cancelled when the type IS abandon (its message says the
    // opposite). A workflow that abandons an operation, waits on a timer and sees the operation
    // complete meanwhile, replayed by both:
    const b = new NexusHistoryBuilder().workflowTask();
    const op = b.nexusScheduled('payments', 'charge');
    b.nexusStarted(op, 'token-charge-1').workflowTask();
    const timer = b.timerStarted('1', 60);
    b.nexusCompleted(op, 'late');
    const completed = b.events.length;
    b.workflowTask();
    b.timerFired('1', timer).workflowTask().completed('done');
    const starts = wftStarts(b.events);
    // Lang: schedule with ABANDON; on the start resolution, cancel it and start a timer.
    const lang: CommandMutation = (cs, task) => {
      if (task === starts[0] && cs.length > 0)
        return cs.map((x) =>
          x.scheduleNexusOperation
            ? {
                scheduleNexusOperation: {
                  ...x.scheduleNexusOperation,
                  cancellationType: CANCEL['ABANDON'],
                },
              }
            : x,
        );
      if (task === starts[1] && cs.length > 0)
        return [{ requestCancelNexusOperation: { seq: 1 } }, ...cs];
      return cs;
    };
    const c = await compareWithSdkCore(replayer, 'abandoned, completed later', b.events, lang);
    expect(c.differences).toEqual([]);
    expect(c.core).toMatchObject({ verdict: 'nondeterminism', eventId: completed });
    expect(c.ours.message).toBe(
      "[TMPRL1100] Nondeterminism error: Nexus operation which don't have the ABANDON cancellation type cannot complete after being cancelled.",
    );
    // The abandon itself resolved lang at once, with no RequestCancelNexusOperation sent.
    expect(
      c.core.activations.some((a) =>
        JSON.stringify(a['jobs']).includes('cancelled after starting'),
      ),
    ).toBe(true);
    expect(b.events.some((e) => e.eventType === ET.NexusOperationCancelRequested)).toBe(false);
  });
});
