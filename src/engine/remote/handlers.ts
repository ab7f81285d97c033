/**
 * What the engine does for each call of the protocol, independent of the transport: it holds the
 * loaded code (cached by content hash) and the runs being driven.
 */
import { DrivenRuns } from '../host/driven-runs.ts';
import { CodeCache, fetchCode, startRun, type LoadedWorkflowCode } from '../host/load.ts';
import type { GuestCallSite } from '../host/run.ts';
import type { TranspileStore } from '../host/transpile.ts';
import { firstActivation } from '../host/start.ts';
import { completionView, traceViews } from '../host/trace-view.ts';
import { History, WorkflowActivation } from '../proto/index.ts';
import { replayToEnd } from '../session/replay-to-end.ts';
import type { HistoryEvent } from '../core/events.ts';
import { jsonView } from '../proto/json-view.ts';
import type { CodeSummary, EngineCall, EngineRequest, EngineResult } from './protocol.ts';

export type EngineHandlers = {
  [K in EngineCall]: (request: EngineRequest<K>) => Promise<EngineResult<K>>;
};

/** A request the engine cannot serve as asked or in its state; becomes an EngineError. */
export class EngineRequestFailure extends Error {
  constructor(
    readonly code: 'no-code',
    message: string,
  ) {
    super(message);
  }
}

function summary(
  code: LoadedWorkflowCode,
  label: string,
  loaded: { hash: string; cached: boolean; hashMs: number },
): CodeSummary {
  const common = { label, hash: loaded.hash, cached: loaded.cached, byteLength: code.byteLength };
  if (code.kind === 'component') {
    return {
      ...common,
      kind: 'component',
      workflows: [...code.workflows],
      anyWorkflowType: false,
      imports: [...code.transpiled.imports],
      wasiImports: [...code.wasiImports],
      exports: [...code.transpiled.exports],
      timings: { hashMs: loaded.hashMs, ...code.timings },
    };
  }
  return {
    ...common,
    kind: 'seed-module',
    workflows: [],
    anyWorkflowType: true,
    imports: [...code.imports],
    wasiImports: [],
    exports: [...code.exports],
    timings: {
      hashMs: loaded.hashMs,
      transpileMs: 0,
      compileMs: code.timings.compileMs,
      instantiateMs: 0,
    },
  };
}

export function createEngineHandlers(
  onGuestCall: (site: GuestCallSite | undefined) => void,
  transpileStore?: TranspileStore,
): EngineHandlers {
  const cache = new CodeCache(undefined, transpileStore);
  let current: LoadedWorkflowCode | undefined;
  const runs = new DrivenRuns();

  const loadedCode = () => {
    if (!current) throw new EngineRequestFailure('no-code', 'Load a component first.');
    return current;
  };

  return {
    async 'load-code'({ source, maxMemoryBytes }) {
      const bytes =
        source.kind === 'bytes' ? new Uint8Array(source.bytes) : await fetchCode(source.url);
      const label =
        source.kind === 'bytes'
          ? source.label
          : (source.label ?? (source.url.split('/').pop() || source.url));
      // Only code that loads completely replaces the current code.
      const loaded = await cache.load(bytes, label, {
        onGuestCall,
        ...(maxMemoryBytes !== undefined && { maxMemoryBytes }),
      });
      current = loaded.code;
      return summary(loaded.code, label, loaded);
    },

    async 'run-first-activation'({ workflowType, args }) {
      const started = performance.now();
      const { identity, activation } = firstActivation({ workflowType, args });
      const driver = startRun(loadedCode(), identity, { onGuestCall });
      const completion = await driver.activate(activation);
      return {
        workflowType,
        args,
        activation: jsonView(WorkflowActivation, activation),
        completion: completionView(completion),
        trace: traceViews(driver.trace),
        currentDetails: driver.currentDetails,
        durationMs: performance.now() - started,
      };
    },

    async 'start-run'({ identity }) {
      return { run: runs.start(loadedCode(), identity, { onGuestCall }) };
    },

    async activate({ run, activation }) {
      return runs.activate(run, activation);
    },

    async 'end-run'({ run }) {
      runs.end(run);
      return null;
    },

    async replay({ history, workflowId, workflowType }) {
      const events = (History.decode(new Uint8Array(history)).events ?? []) as HistoryEvent[];
      return replayToEnd(
        events,
        { kind: 'component', component: loadedCode() },
        {
          ...(workflowId !== undefined && { workflowId }),
          ...(workflowType !== undefined && { workflowType }),
          onGuestCall,
        },
      );
    },
  };
}
