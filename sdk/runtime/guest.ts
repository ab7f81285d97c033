/**
 * The `workflow-guest` export built over a module of workflow functions.
 *
 * Routine model. StarlingMonkey runs queued promise reactions (microtasks) only when an exported
 * call returns, after its return value has been computed. So a poll can never observe, in the same
 * call, what its own `await`s will do. Each poll of main therefore reports what happened since the
 * previous call: the first poll starts the workflow function and says it made progress; its
 * continuations run as that call ends; the next poll reports the settled result (terminal) or, if
 * nothing moved, `made-progress = false`, which ends the host's poll loop for this activation.
 */
import type {
  ActivationJobResult,
  ActivationResult,
  RoutinePollResult,
  TerminalOutcome,
  WorkflowDefinition,
  WorkflowInit,
} from 'temporal:workflow-runtime/types@0.1.0';
import {
  Failure,
  InitializeWorkflow,
  Payload,
  WorkflowActivation,
  type coresdk,
  type temporal,
} from '../../src/engine/proto/index.ts';
import { setRunContext } from './context.ts';
import { fromPayload, toPayload } from '../../src/engine/proto/payload.ts';

type WorkflowFunction = (...args: unknown[]) => Promise<unknown>;
type IFailure = temporal.api.failure.v1.IFailure;

/** jco's guest bindings turn a thrown `{ payload }` into the `err` case of a WIT result. */
function err(failure: IFailure): never {
  throw { payload: Failure.encode(failure) };
}

function failureOf(thrown: unknown): IFailure {
  if (thrown instanceof Error) {
    return {
      message: thrown.message,
      stackTrace: thrown.stack ?? '',
      applicationFailureInfo: { type: thrown.name, nonRetryable: false },
    };
  }
  return { message: String(thrown), applicationFailureInfo: { type: 'Error' } };
}

type MainState =
  | { phase: 'not-started' }
  | { phase: 'running' }
  | { phase: 'settled'; outcome: TerminalOutcome }
  | { phase: 'reported' };

export function createWorkflowGuest(module: Record<string, unknown>) {
  const workflows = new Map<string, WorkflowFunction>();
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === 'function') workflows.set(name, value as WorkflowFunction);
  }

  class WorkflowInstance {
    private main: MainState = { phase: 'not-started' };
    private readonly args: unknown[];

    constructor(
      private readonly fn: WorkflowFunction,
      init: coresdk.workflow_activation.IInitializeWorkflow,
    ) {
      this.args = (init.arguments ?? []).map(fromPayload);
    }

    activate(bytes: Uint8Array): ActivationResult {
      const activation = WorkflowActivation.decode(bytes);
      const jobResults: ActivationJobResult[] = (activation.jobs ?? []).map(() => ({
        tag: 'none',
      }));
      return { jobResults };
    }

    pollRoutine(routineId: bigint): RoutinePollResult {
      if (routineId !== 0n) err({ message: `No routine with id ${routineId}` });
      const blocked = (madeProgress: boolean): RoutinePollResult => ({
        completion: { tag: 'main', val: { tag: 'blocked' } },
        madeProgress,
      });
      switch (this.main.phase) {
        case 'not-started':
          this.start();
          return blocked(true);
        case 'running':
          return blocked(false);
        case 'settled': {
          const outcome = this.main.outcome;
          this.main = { phase: 'reported' };
          return {
            completion: { tag: 'main', val: { tag: 'terminal', val: outcome } },
            madeProgress: true,
          };
        }
        case 'reported':
          return err({
            message: 'The workflow already finished; its main routine cannot be polled again.',
          });
      }
    }

    private start(): void {
      this.main = { phase: 'running' };
      const settle = (outcome: TerminalOutcome) => {
        this.main = { phase: 'settled', outcome };
      };
      Promise.resolve()
        .then(() => this.fn(...this.args))
        .then(
          (value) => settle({ tag: 'completed', val: Payload.encode(toPayload(value)) }),
          (thrown: unknown) => settle({ tag: 'failed', val: Failure.encode(failureOf(thrown)) }),
        );
    }
  }

  return {
    listWorkflows(): WorkflowDefinition[] {
      return [...workflows.keys()].map((workflowType) => ({
        workflowType,
        hasInit: false,
        initTakesInput: false,
        signals: [],
        queries: [],
        updates: [],
      }));
    },
    instantiateWorkflow(init: WorkflowInit): WorkflowInstance {
      const job = InitializeWorkflow.decode(init.initializeWorkflow);
      const fn = workflows.get(job.workflowType ?? '');
      if (!fn) {
        return err({
          message: `Workflow type "${job.workflowType}" is not registered in this component; it has: ${[...workflows.keys()].join(', ')}`,
          applicationFailureInfo: { type: 'NotFoundError', nonRetryable: true },
        });
      }
      setRunContext({
        init: job,
        info: {
          workflowType: job.workflowType ?? '',
          workflowId: job.workflowId ?? '',
          runId: init.runId,
          namespace: init.namespace,
          taskQueue: init.taskQueue,
          attempt: job.attempt ?? 1,
        },
      });
      return new WorkflowInstance(fn, job);
    },
    WorkflowInstance,
  };
}
