/**
 * The host-side TypeScript types jco generates from wit/ (by `npm run gen`), checked against the
 * WIT as written, through jco's mapping: list<u8> → Uint8Array, u64 → bigint, u32 → number,
 * option<T> → an optional member, a returned result<T, E> → T (E is thrown), variant → tagged
 * union of {tag, val}, record → interface with camelCase members, resource → class. wit/ itself is
 * held to upstream's ABI by abi.test.ts. These assertions are types: Vitest's typecheck mode (see
 * vitest.config.ts) runs tsc over this file, and the test whose assertion no longer holds fails.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as types from '../../src/engine/wit/generated/interfaces/temporal-workflow-runtime-types.js';
import type * as guest from '../../src/engine/wit/generated/interfaces/temporal-workflow-runtime-workflow-guest.js';
import type * as host from '../../src/engine/wit/generated/interfaces/temporal-workflow-runtime-workflow-host.js';
import type {
  ImportObject,
  WorkflowModule,
} from '../../src/engine/wit/generated/workflow-module.js';

describe('TypeScript types generated from wit/ (host side)', () => {
  it('world workflow-module imports workflow-host and exports workflow-guest', () => {
    expectTypeOf<keyof ImportObject>().toEqualTypeOf<
      'temporal:workflow-runtime/types@0.1.0' | 'temporal:workflow-runtime/workflow-host@0.1.0'
    >();
    expectTypeOf<WorkflowModule['workflowGuest']>().toEqualTypeOf<typeof guest>();
  });

  it('workflow-host: set-current-details(string), push-command(list<u8>)', () => {
    expectTypeOf<typeof host.setCurrentDetails>().toEqualTypeOf<(details: string) => void>();
    expectTypeOf<typeof host.pushCommand>().toEqualTypeOf<(command: Uint8Array) => void>();
  });

  it('workflow-guest: list-workflows, instantiate-workflow, resource workflow-instance', () => {
    expectTypeOf<typeof guest.listWorkflows>().toEqualTypeOf<() => types.WorkflowDefinition[]>();
    expectTypeOf<typeof guest.instantiateWorkflow>().toEqualTypeOf<
      (init: types.WorkflowInit) => guest.WorkflowInstance
    >();
    expectTypeOf<guest.WorkflowInstance['activate']>().toEqualTypeOf<
      (activation: Uint8Array) => types.ActivationResult
    >();
    expectTypeOf<guest.WorkflowInstance['pollRoutine']>().toEqualTypeOf<
      (routineId: bigint) => types.RoutinePollResult
    >();
  });

  it('records and variants the driver reads', () => {
    expectTypeOf<types.WorkflowInit>().toEqualTypeOf<{
      namespace: string;
      taskQueue: string;
      runId: string;
      initializeWorkflow: Uint8Array;
    }>();
    expectTypeOf<types.WorkflowDefinition>().toEqualTypeOf<{
      workflowType: string;
      hasInit: boolean;
      initTakesInput: boolean;
      signals: string[];
      queries: string[];
      updates: { name: string; hasValidator: boolean }[];
    }>();
    expectTypeOf<types.ActivationJobResult['tag']>().toEqualTypeOf<
      'none' | 'started-routine' | 'query-response' | 'update-rejected'
    >();
    expectTypeOf<types.RoutinePollResult>().toEqualTypeOf<{
      completion?: types.RoutineCompletion;
      madeProgress: boolean;
    }>();
    expectTypeOf<types.RoutineCompletion['tag']>().toEqualTypeOf<'main' | 'signal' | 'update'>();
    expectTypeOf<types.MainRoutineCompletion['tag']>().toEqualTypeOf<
      'blocked' | 'task-failed' | 'terminal'
    >();
    expectTypeOf<types.TerminalOutcome['tag']>().toEqualTypeOf<
      'completed' | 'failed' | 'cancelled' | 'continue-as-new'
    >();
    expectTypeOf<types.TaskFailure>().toEqualTypeOf<{
      failure: Uint8Array;
      forceCause?: number;
    }>();
    expectTypeOf<types.StartedRoutine>().toEqualTypeOf<{
      routineId: bigint;
      kind: types.RoutineKind;
    }>();
  });
});
