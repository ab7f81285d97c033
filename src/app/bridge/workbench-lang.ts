/**
 * A bridge's activations run in the debugger's own engine worker, with the component the page has
 * loaded: one component host per page, so whatever the user picks (an example, a file, a recent
 * component) is what sdk-core's activations run through. This answers the calls EngineLang makes
 * (src/engine/remote's start-run, activate, end-run) with the workbench's bridge requests.
 *
 * It is also their watchdog. An activation the worker has not answered within the call limit is a
 * guest that never returns: the worker is stopped and restarted the way the debugger's Stop does it
 * (its sources reopened), and the activation fails with a message saying so, which sdk-core hands
 * to the server (Temporal retries the task).
 */
import type { EngineRequester, LangCall } from '../../engine/bridge/engine-lang.ts';
import { WorkflowActivation, jobVariant } from '../../engine/proto/index.ts';
import { EngineRequestError as LangError } from '../../engine/remote/client.ts';
import type {
  EngineError as LangEngineError,
  EngineRequest,
  EngineResult,
} from '../../engine/remote/protocol.ts';
import { EngineRequestError, type EngineClient } from '../engine-worker/client.ts';
import type {
  EngineRequest as WorkbenchRequest,
  EngineResults,
} from '../engine-worker/protocol.ts';

export interface WorkbenchLangOptions {
  engine: () => EngineClient;
  /** How long (s) a bridge activation may keep the worker from answering before it is stopped. */
  callLimitSeconds: () => number;
  /** Stops and restarts the worker, reopening the sources; requests in flight fail. */
  stop: (reason: string) => Promise<void>;
}

/** "activation (fireTimer)", from the encoded activation, for messages. */
function describeActivation(bytes: Uint8Array): string {
  try {
    const jobs = (WorkflowActivation.decode(bytes).jobs ?? []).map(jobVariant);
    return `the activation (${jobs.join(', ') || 'no jobs'})`;
  } catch {
    return 'an activation';
  }
}

export function workbenchLang(options: WorkbenchLangOptions): EngineRequester {
  /** EngineLang's run numbers → the worker's, with the worker generation that holds them. */
  const runs = new Map<number, { generation: number; run: number }>();
  let nextRun = 1;

  /** The workbench's errors in EngineLang's terms (it forgets every run after a replacement). */
  function translate(thrown: unknown, since: number): LangError {
    if (thrown instanceof LangError) return thrown;
    const error =
      thrown instanceof EngineRequestError
        ? thrown.error
        : { code: 'internal' as const, message: String(thrown) };
    const replaced = options.engine().generation !== since;
    const code: LangEngineError['code'] =
      error.code === 'watchdog'
        ? 'watchdog'
        : replaced
          ? 'engine-crashed'
          : error.code === 'no-component'
            ? 'no-code'
            : error.code === 'no-run'
              ? 'no-run'
              : 'internal';
    return new LangError({ code, message: error.message });
  }

  async function guarded<R extends WorkbenchRequest>(
    request: R,
    what: string,
  ): Promise<EngineResults[R['type']]> {
    const engine = options.engine();
    const since = engine.generation;
    const limit = options.callLimitSeconds();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const reason =
          `The workflow code did not return within ${limit} s, in ${what} for the bridge. ` +
          "The page's engine was stopped and restarted; the sources were reopened.";
        void options.stop(reason);
        reject(new LangError({ code: 'watchdog', message: reason }));
      }, limit * 1000);
    });
    try {
      return await Promise.race([engine.request(request), expired]);
    } catch (thrown) {
      throw translate(thrown, since);
    } finally {
      clearTimeout(timer);
    }
  }

  async function call(
    name: LangCall,
    request: EngineRequest<LangCall>,
  ): Promise<EngineResult<LangCall>> {
    switch (name) {
      case 'start-run': {
        const { identity } = request as EngineRequest<'start-run'>;
        const generation = options.engine().generation;
        const { run } = await guarded(
          { type: 'bridge-start-run', identity },
          'starting a workflow instance',
        );
        const id = nextRun++;
        runs.set(id, { generation, run });
        return { run: id };
      }
      case 'activate': {
        const { run, activation } = request as EngineRequest<'activate'>;
        const entry = runs.get(run);
        if (!entry)
          throw new LangError({ code: 'no-run', message: `No run ${run} in this page's engine.` });
        if (entry.generation !== options.engine().generation)
          throw new LangError({
            code: 'engine-crashed',
            message:
              "The page's engine was restarted since this run started, so its workflow instance is gone.",
          });
        return guarded(
          { type: 'bridge-activate', run: entry.run, activation },
          describeActivation(activation),
        );
      }
      case 'end-run': {
        const { run } = request as EngineRequest<'end-run'>;
        const entry = runs.get(run);
        runs.delete(run);
        if (entry && entry.generation === options.engine().generation)
          await guarded({ type: 'bridge-end-run', run: entry.run }, 'ending a run');
        return null;
      }
    }
  }

  return {
    request: <K extends LangCall>(name: K, request: EngineRequest<K>) =>
      call(name, request) as Promise<EngineResult<K>>,
  };
}
