/**
 * What the engine does for each call of the protocol, independent of the transport: it holds the
 * loaded code (cached by content hash) and the runs being driven.
 */
import { encodeActivationCompletion } from '../host/completion.ts';
import { describeThrown } from '../host/errors.ts';
import { CodeCache, fetchCode, startRun, type LoadedWorkflowCode } from '../host/load.ts';
import type { GuestCallSite, RunDriver } from '../host/run.ts';
import { firstActivation } from '../host/start.ts';
import { completionView, traceView, traceViews } from '../host/trace-view.ts';
import { WorkflowActivation } from '../proto/index.ts';
import { jsonView } from '../proto/json-view.ts';
import type { CodeSummary, EngineCall, EngineRequest, EngineResult } from './protocol.ts';

export type EngineHandlers = {
  [K in EngineCall]: (request: EngineRequest<K>) => Promise<EngineResult<K>>;
};

/** A request the engine cannot serve as asked or in its state; becomes an EngineError. */
export class EngineRequestFailure extends Error {
  constructor(
    readonly code: 'no-code' | 'no-run' | 'bad-request',
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
): EngineHandlers {
  const cache = new CodeCache();
  let current: LoadedWorkflowCode | undefined;
  const runs = new Map<number, { driver: RunDriver; reported: number }>();
  let nextRun = 1;

  const loadedCode = () => {
    if (!current) throw new EngineRequestFailure('no-code', 'Load a component first.');
    return current;
  };

  return {
    async 'load-code'({ source }) {
      const bytes =
        source.kind === 'bytes' ? new Uint8Array(source.bytes) : await fetchCode(source.url);
      const label =
        source.kind === 'bytes'
          ? source.label
          : (source.label ?? (source.url.split('/').pop() || source.url));
      // Only code that loads completely replaces the current code.
      const loaded = await cache.load(bytes, label, { onGuestCall });
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
      const run = nextRun++;
      runs.set(run, { driver: startRun(loadedCode(), identity, { onGuestCall }), reported: 0 });
      return { run };
    },

    async activate({ run, activation }) {
      const entry = runs.get(run);
      if (!entry) throw new EngineRequestFailure('no-run', `No run ${run} in this engine.`);
      const { driver } = entry;
      let decoded;
      try {
        decoded = WorkflowActivation.decode(activation);
      } catch (thrown) {
        throw new EngineRequestFailure(
          'bad-request',
          `The activation is not a valid coresdk.workflow_activation.WorkflowActivation: ${describeThrown(thrown)}`,
        );
      }
      const completion = await driver.activate(decoded);
      const trace = driver.trace.slice(entry.reported).map((e) => traceView(e, driver.trace));
      entry.reported = driver.trace.length;
      return {
        completion: completionView(completion),
        encodedCompletion: encodeActivationCompletion(decoded.runId ?? '', completion),
        trace,
        currentDetails: driver.currentDetails,
      };
    },

    async 'end-run'({ run }) {
      runs.delete(run);
      return null;
    },
  };
}
