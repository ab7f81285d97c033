/**
 * Our side of check-host: the history replayed by this engine's ReplaySession with the component
 * in our host, exactly as `replay` and the app run it, with the component wrapped so every call
 * between host and guest is recorded on the way through (the wrapper only records and forwards).
 */
import type { HistoryEvent } from '../../engine/core/events.ts';
import type {
  GuestExports,
  GuestWorkflowInstance,
  HostImports,
  LoadedComponent,
} from '../../engine/host/component.ts';
import { describeThrown } from '../../engine/host/errors.ts';
import { WorkflowActivationCompletion } from '../../engine/proto/index.ts';
import { ReplaySession } from '../../engine/session/session.ts';
import type { Types } from '../../engine/wit/index.ts';
import {
  activationJson,
  activationResultJson,
  commandJson,
  completionJson,
  failureJson,
  initJson,
  pollResultJson,
  type HostCall,
  type HostRun,
  type Json,
  type Outcome,
} from './calls.ts';

type Recorder = { calls: HostCall[]; activation: number };

/** A thrown guest call: jco throws a guest's `err(failure)` with the failure as its payload. */
function thrownOutcome(thrown: unknown): Outcome<never> {
  if (thrown && typeof thrown === 'object' && 'payload' in thrown) {
    const payload = (thrown as { payload: unknown }).payload;
    if (payload instanceof Uint8Array) return { err: failureJson(payload) };
  }
  return { trap: describeThrown(thrown) };
}

function recorded<T>(
  rec: Recorder,
  call: HostCall & { result: unknown },
  fn: () => T,
  ok: (value: T) => Json | null,
): T {
  rec.calls.push(call);
  try {
    const value = fn();
    call.result = { ok: ok(value) };
    return value;
  } catch (thrown) {
    call.result = thrownOutcome(thrown);
    throw thrown;
  }
}

function observedInstance(rec: Recorder, inner: GuestWorkflowInstance): GuestWorkflowInstance {
  const instance = {
    activate: (activation: Uint8Array) =>
      recorded(
        rec,
        {
          activation: rec.activation,
          call: 'activate',
          input: activationJson(activation),
          result: { ok: {} },
        },
        () => inner.activate(activation),
        (r: Types.ActivationResult) => activationResultJson(r),
      ),
    pollRoutine: (routineId: bigint) =>
      recorded(
        rec,
        {
          activation: rec.activation,
          call: 'poll-routine',
          routineId: String(routineId),
          result: { ok: {} },
        },
        () => inner.pollRoutine(routineId),
        (r: Types.RoutinePollResult) => pollResultJson(r),
      ),
  };
  return instance as unknown as GuestWorkflowInstance;
}

/** The component with every host-guest call recorded into `rec`. */
export function observedComponent(component: LoadedComponent, rec: Recorder): LoadedComponent {
  const guests = new WeakMap<object, GuestExports>();
  return {
    ...component,
    instantiate: async (host, wasi) => {
      const observedHost: HostImports = {
        pushCommand: (command) => {
          rec.calls.push({
            activation: rec.activation,
            call: 'push-command',
            command: commandJson(command),
          });
          host.pushCommand(command);
        },
        setCurrentDetails: (details) => {
          rec.calls.push({ activation: rec.activation, call: 'set-current-details', details });
          host.setCurrentDetails(details);
        },
      };
      const guest = await component.instantiate(observedHost, wasi);
      const observed = {
        ...guest,
        instantiateWorkflow: (init: Types.WorkflowInit) => {
          const call: HostCall & { call: 'instantiate-workflow' } = {
            activation: rec.activation,
            call: 'instantiate-workflow',
            namespace: init.namespace,
            taskQueue: init.taskQueue,
            runId: init.runId,
            initializeWorkflow: initJson(init.initializeWorkflow),
            result: { ok: null },
          };
          rec.calls.push(call);
          try {
            return observedInstance(rec, guest.instantiateWorkflow(init));
          } catch (thrown) {
            const outcome = thrownOutcome(thrown);
            call.result = {
              err:
                'err' in outcome
                  ? String(outcome.err.message ?? '')
                  : (outcome as { trap: string }).trap,
            };
            throw thrown;
          }
        },
      } as GuestExports;
      guests.set(observed, guest);
      return observed;
    },
    outOfMemory: (guest) => component.outOfMemory(guests.get(guest) ?? guest),
  };
}

export interface OurHistory {
  events: readonly HistoryEvent[];
  workflowId: string;
}

/** Replays one history with the component in our host; the calls, completions and verdict. */
export async function runOurs(
  component: LoadedComponent,
  history: OurHistory,
  options: { buildId: string },
): Promise<HostRun> {
  const rec: Recorder = { calls: [], activation: -1 };
  const session = ReplaySession.open(
    history.events,
    { kind: 'component', component: observedComponent(component, rec) },
    { workflowId: history.workflowId, workerBuildId: options.buildId },
  );
  const completions: Json[] = [];
  for (;;) {
    rec.activation++;
    const step = await session.stepForward();
    if (!step) break;
    const c = step.completion;
    const runId = step.activation.runId ?? '';
    // The completion as a worker sends it to sdk-core (workflow_completion.proto).
    const completion =
      c?.status === 'success'
        ? {
            runId,
            successful: {
              commands: c.commands,
              ...(c.usedInternalFlags ? { usedInternalFlags: c.usedInternalFlags } : {}),
            },
          }
        : c
          ? {
              runId,
              failed: {
                failure: c.failure,
                ...(c.forceCause !== undefined ? { forceCause: c.forceCause } : {}),
              },
            }
          : { runId };
    completions.push(completionJson(WorkflowActivationCompletion.encode(completion)));
    if (session.done) break;
  }
  const v = session.verdict;
  return {
    calls: rec.calls,
    completions,
    verdict: {
      kind: v.kind,
      ...('message' in v ? { message: v.message } : {}),
      ...('eventId' in v && v.eventId !== undefined ? { eventId: v.eventId } : {}),
    },
  };
}
