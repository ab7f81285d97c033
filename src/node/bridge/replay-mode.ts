/**
 * Replay mode: a history fed through sdk-core's offline replay worker (the oracle's
 * SdkCoreReplayer), with lang played through the dispatcher by the page or the bridge's engine.
 * A replay starts when a page says hello (or asks for one); if one is running then, the next
 * starts when it ends. Its end is reported with sdk-core's verdict.
 */
import { History, WorkflowActivationCompletion, type temporal } from '../../engine/proto/index.ts';
import type { OracleRun, OracleVerdict, SdkCoreReplayer } from '../oracle/index.ts';
import type { Dispatcher } from './dispatcher.ts';
import type { FetchedHistory } from './server-client.ts';
import type { BridgeServer } from './server.ts';

export interface ReplaySource {
  /** File name or URL the history came from. */
  label: string;
  history: temporal.api.history.v1.IHistory;
  workflowId: string;
  /** Replay must end within this time, whatever lang does. */
  timeoutMs: number;
}

/** Events per page when the page asks for the replayed history (a page must fit in one frame). */
const EVENTS_PER_PAGE = 1000;

/** One line of sdk-core's verdict for the terminal. */
export function describeVerdict(verdict: OracleVerdict): string {
  switch (verdict.kind) {
    case 'ok':
      return `ok: sdk-core replayed the history to event ${verdict.lastProcessedEventId} without nondeterminism`;
    case 'nondeterminism':
      return `NONDETERMINISM at event ${verdict.eventId}: ${verdict.message}`;
    case 'task-failure':
      return `TASK FAILURE at activation ${verdict.activationIndex + 1}: ${verdict.message}`;
    case 'fatal':
      return `FATAL (${verdict.reason}): ${verdict.message}`;
    case 'timeout':
      return `TIMED OUT: ${verdict.message}`;
    case 'error':
      return `ERROR: ${verdict.message}`;
  }
}

export class ReplayMode {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly replayer: SdkCoreReplayer,
    private readonly source: ReplaySource,
    private readonly dispatcher: Dispatcher,
    private readonly server: BridgeServer,
    private readonly log: (line: string) => void,
    private readonly onEnd: (run: OracleRun) => void,
  ) {}

  /** Starts a replay now, or once the one in progress ends; true if it started now. */
  request(): boolean {
    if (this.running) {
      this.again = true;
      return false;
    }
    this.running = this.replayOnce().finally(() => {
      this.running = undefined;
      if (this.again && this.server.page) {
        this.again = false;
        this.request();
      }
    });
    return true;
  }

  /** Resolves when no replay is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * The history being replayed, to a page that asks for it by workflow id (to open it in the
   * debugger), in pages as a server sends them.
   */
  async sendHistory(
    workflowId: string,
    onPage: (history: Uint8Array, page: number) => Promise<void>,
  ): Promise<FetchedHistory> {
    const { history, label } = this.source;
    if (workflowId !== this.source.workflowId)
      throw Object.assign(
        new Error(
          `this bridge replays ${label} as workflow ${this.source.workflowId}; it has no history of ${workflowId}`,
        ),
        { code: 'not-found' },
      );
    const events = history.events ?? [];
    let pages = 0;
    for (let at = 0; at === 0 || at < events.length; at += EVENTS_PER_PAGE)
      await onPage(History.encode({ events: events.slice(at, at + EVENTS_PER_PAGE) }), pages++);
    const started = events[0]?.workflowExecutionStartedEventAttributes;
    return {
      workflowId,
      runId: started?.originalExecutionRunId ?? '',
      events: events.length,
      pages,
    };
  }

  /** No more replays after the one in progress. */
  stop(): void {
    this.again = false;
  }

  private async replayOnce(): Promise<void> {
    this.log(`bridge: replaying ${this.source.label} through sdk-core`);
    this.server.page?.event('status', {
      state: 'replaying',
      message: `replaying ${this.source.label} through sdk-core`,
    });
    const run = await this.replayer.replay(
      this.source.history,
      async (activation) =>
        WorkflowActivationCompletion.decode(await this.dispatcher.answer(activation)),
      { workflowId: this.source.workflowId, timeoutMs: this.source.timeoutMs },
    );
    const runId = run.activations[0]?.runId ?? '';
    this.dispatcher.runEnded(
      runId,
      run.eviction?.reason ?? 'NONE',
      run.eviction?.message ?? '',
      run.verdict as unknown as Record<string, unknown>,
    );
    this.log(`bridge: replay of ${this.source.label}: ${describeVerdict(run.verdict)}`);
    this.server.page?.event('status', {
      state: 'idle',
      message: `replay finished: ${describeVerdict(run.verdict)}`,
    });
    this.onEnd(run);
  }
}
