/**
 * Who plays lang for the bridge: the connected page (it hosts the component and answers `activate`
 * requests), or the bridge itself running the component in a Node worker thread with the same host.
 * Either way every activation gets a completion: when the page is missing, goes away, answers with
 * an error or garbage, takes too long, or the bridge is shutting down, the activation is failed with
 * a message saying so, sdk-core fails the workflow task, and Temporal retries it.
 */
import { EngineLang, failedAnswer } from '../../engine/bridge/engine-lang.ts';
import type { RunInfo } from '../../engine/bridge/protocol.ts';
import type { CompletionView, TraceEntryView } from '../../engine/host/trace-view.ts';
import { describeThrown } from '../../engine/host/errors.ts';
import { WorkflowActivationCompletion } from '../../engine/proto/index.ts';
import type { EngineClient } from '../../engine/remote/client.ts';
import { PageGoneError, PageRefusedError } from './page-link.ts';
import type { BridgeServer } from './server.ts';

/** One activation to answer. */
export interface Work {
  run: RunInfo;
  index: number;
  /** Encoded coresdk.workflow_activation.WorkflowActivation. */
  activation: Uint8Array;
  /** It holds InitializeWorkflow: a new instance starts here. */
  starts: boolean;
  /** "activation 2 (fireTimer) of run …", for messages. */
  label: string;
}

export interface Answer {
  /** Encoded WorkflowActivationCompletion carrying the activation's run id. */
  completion: Uint8Array;
  by: 'page' | 'bridge' | 'failed-by-bridge';
  /** Why the bridge failed the activation itself. */
  reason?: string;
  /** When the bridge ran the component. */
  view?: CompletionView;
  trace?: TraceEntryView[];
}

export interface BridgeLang {
  readonly kind: 'page' | 'bridge';
  /** Never rejects. `stop` aborts once the bridge cannot wait any longer (shutdown). */
  answer(work: Work, stop: AbortSignal): Promise<Answer>;
  /** sdk-core evicted the run. */
  forget(runId: string): void;
}

export function failedByBridge(runId: string, reason: string): Answer {
  return {
    completion: failedAnswer(runId, `workflow-playground bridge: ${reason}`).completion,
    by: 'failed-by-bridge',
    reason,
  };
}

/**
 * The page's completion, checked: it must decode, say success or failure, and carry the
 * activation's run id (sdk-core silently ignores a completion for another run id and waits
 * forever for the right one, so the id is set here rather than trusted).
 */
export function checkedCompletion(bytes: Uint8Array, runId: string): Uint8Array | string {
  let completion;
  try {
    completion = WorkflowActivationCompletion.decode(bytes);
  } catch (thrown) {
    return `the page's completion is not a coresdk.workflow_completion.WorkflowActivationCompletion: ${describeThrown(thrown)}`;
  }
  if (!completion.successful && !completion.failed)
    return "the page's completion is neither successful nor failed";
  return WorkflowActivationCompletion.encode({ ...completion, runId });
}

/** Rejects when `signal` aborts, with its reason. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fire = () => reject(signal.reason);
    if (signal.aborted) fire();
    else signal.addEventListener('abort', fire, { once: true });
  });
}

export class PageLang implements BridgeLang {
  readonly kind = 'page';

  constructor(
    private readonly server: BridgeServer,
    private readonly timeoutMs: number,
  ) {}

  async answer(work: Work, stop: AbortSignal): Promise<Answer> {
    const { runId } = work.run;
    if (stop.aborted) return failedByBridge(runId, `it is shutting down (${work.label})`);
    const link = this.server.page;
    if (!link) return failedByBridge(runId, `no page is connected to run ${work.label}`);
    if (work.starts) link.runs.add(runId);
    else if (!link.runs.has(runId)) {
      return failedByBridge(
        runId,
        `the page that ran the earlier activations of this run is gone, so ${work.label} cannot ` +
          'continue it; sdk-core evicts the run and the retried workflow task replays it from the start',
      );
    }
    const seconds = this.timeoutMs / 1000;
    const giveUp = AbortSignal.any([stop, AbortSignal.timeout(this.timeoutMs)]);
    try {
      await Promise.race([link.whenWritable(), aborted(giveUp)]);
      const { completion } = await link.request(
        'activate',
        { run: work.run, index: work.index, activation: work.activation },
        giveUp,
      );
      const checked = checkedCompletion(completion, runId);
      return typeof checked === 'string'
        ? failedByBridge(runId, `${checked} (${work.label})`)
        : { completion: checked, by: 'page' };
    } catch (thrown) {
      if (thrown instanceof PageGoneError)
        return failedByBridge(
          runId,
          `the page disconnected before completing ${work.label} (${thrown.message})`,
        );
      if (thrown instanceof PageRefusedError)
        return failedByBridge(runId, `the page could not run ${work.label}: ${thrown.message}`);
      if (stop.aborted)
        return failedByBridge(runId, `it shut down before the page completed ${work.label}`);
      if (giveUp.aborted)
        return failedByBridge(
          runId,
          `the page did not complete ${work.label} within ${seconds} s (--activation-timeout)`,
        );
      return failedByBridge(runId, `${work.label}: ${describeThrown(thrown)}`);
    }
  }

  forget(runId: string): void {
    this.server.page?.runs.delete(runId);
  }
}

/** The component run by the bridge, in a Node worker thread with the engine's watchdog. */
export class NodeLang implements BridgeLang {
  readonly kind = 'bridge';
  private readonly lang: EngineLang;

  constructor(engine: EngineClient) {
    this.lang = new EngineLang(engine);
  }

  async answer(work: Work, stop: AbortSignal): Promise<Answer> {
    if (stop.aborted) return failedByBridge(work.run.runId, `it is shutting down (${work.label})`);
    // The engine cannot be interrupted mid-call (its watchdog stops a guest that hangs), so a
    // shutdown waits for the call in progress.
    const answer = await this.lang.activate(work.run, work.activation);
    return { completion: answer.completion, by: 'bridge', view: answer.view, trace: answer.trace };
  }

  forget(runId: string): void {
    void this.lang.forget(runId);
  }
}
