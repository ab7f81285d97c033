/**
 * Every activation sdk-core hands the bridge goes through here, in live and in replay mode alike:
 * it is numbered within its run, given to lang (the page or the bridge's own engine), and what
 * sdk-core is given back is reported to the page (`activation-done`) and to the terminal. It also
 * bounds how many activations wait for lang at once, and winds down on shutdown: new activations
 * are failed at once, those in flight get a grace period and are then failed.
 */
import type { RunInfo } from '../../engine/bridge/protocol.ts';
import {
  WorkflowActivation,
  WorkflowActivationCompletion,
  WorkflowCommand,
  root,
  type coresdk,
} from '../../engine/proto/index.ts';
import type { BridgeLang, Work } from './lang.ts';
import type { BridgeServer } from './server.ts';

type IWorkflowActivation = coresdk.workflow_activation.IWorkflowActivation;

export interface RunDefaults {
  namespace: string;
  taskQueue: string;
  /** Used until an InitializeWorkflow names the workflow (replay: the id the replay runs as). */
  workflowId?: string;
}

const JOB_VARIANTS = root.lookupType('coresdk.workflow_activation.WorkflowActivationJob').oneofs[
  'variant'
]!.oneof;
const COMMAND_VARIANTS = WorkflowCommand.type.oneofs['variant']!.oneof;

/** Which member of the `variant` oneof a job or command holds, e.g. `fireTimer`, `startTimer`. */
function variant(names: readonly string[], message: object): string {
  return names.find((name) => (message as Record<string, unknown>)[name] != null) ?? '?';
}

export function jobKinds(activation: IWorkflowActivation): string[] {
  return (activation.jobs ?? []).map((job) => variant(JOB_VARIANTS, job));
}

/** What the bridge knows of each run it has seen: who it is and how many activations it had. */
class RunBook {
  private readonly runs = new Map<string, { info: RunInfo; next: number }>();

  constructor(private readonly defaults: RunDefaults) {}

  see(activation: IWorkflowActivation): { run: RunInfo; index: number } {
    const runId = activation.runId ?? '';
    const init = activation.jobs?.find((job) => job.initializeWorkflow)?.initializeWorkflow;
    let entry = this.runs.get(runId);
    if (init || !entry) {
      entry = {
        info: {
          runId,
          workflowId: init?.workflowId ?? entry?.info.workflowId ?? this.defaults.workflowId ?? '',
          workflowType: init?.workflowType ?? entry?.info.workflowType ?? '',
          namespace: this.defaults.namespace,
          taskQueue: this.defaults.taskQueue,
        },
        next: 0,
      };
      this.runs.set(runId, entry);
    }
    return { run: entry.info, index: entry.next++ };
  }

  info(runId: string): RunInfo {
    return (
      this.runs.get(runId)?.info ?? {
        runId,
        workflowId: this.defaults.workflowId ?? '',
        workflowType: '',
        namespace: this.defaults.namespace,
        taskQueue: this.defaults.taskQueue,
      }
    );
  }

  end(runId: string): void {
    this.runs.delete(runId);
  }
}

/** "2 command(s): startTimer, …" or "failed: …", for the terminal. */
function summary(completion: coresdk.workflow_completion.IWorkflowActivationCompletion): string {
  if (completion.failed) return `failed: ${completion.failed.failure?.message ?? ''}`;
  const commands = completion.successful?.commands ?? [];
  const kinds = commands.map((command) => variant(COMMAND_VARIANTS, command));
  return `${commands.length} command(s)${kinds.length ? `: ${kinds.join(', ')}` : ''}`;
}

export class Dispatcher {
  private readonly book: RunBook;
  private readonly stopping = new AbortController();
  private readonly stopped = new Promise<void>((resolve) =>
    this.stopping.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  private closing = false;
  private inFlight = 0;
  private capacityWaiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly lang: BridgeLang,
    private readonly server: BridgeServer,
    defaults: RunDefaults,
    private readonly maxInFlight: number,
    private readonly log: (line: string) => void,
  ) {
    this.book = new RunBook(defaults);
  }

  /** Resolves when fewer than `maxInFlight` activations are waiting for lang. */
  whenCapacity(): Promise<void> {
    if (this.inFlight < this.maxInFlight) return Promise.resolve();
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }

  /** Answers one activation; returns the encoded WorkflowActivationCompletion for sdk-core. */
  async answer(activation: IWorkflowActivation, encoded?: Uint8Array): Promise<Uint8Array> {
    const { run, index } = this.book.see(activation);
    const kinds = jobKinds(activation);
    const label = `activation ${index + 1} (${kinds.join(', ')}) of ${run.workflowType || 'run'} ${run.workflowId} ${run.runId}`;
    const work: Work = {
      run,
      index,
      activation: encoded ?? WorkflowActivation.encode(activation),
      starts: kinds.includes('initializeWorkflow'),
      label,
    };
    this.inFlight++;
    try {
      const page = this.server.page;
      if (this.lang.kind === 'bridge' && page) {
        // The backpressure point when the bridge runs the component: the next activation waits
        // until the page has taken in the previous ones (or the bridge is stopping).
        const backlog = page.backlog;
        if (backlog !== undefined)
          this.log(`${label}: held back, the page has not read ${backlog} bytes yet`);
        await Promise.race([page.whenWritable(), this.stopped]);
        page.event('activation', { run, index, activation: work.activation });
      }
      const answer = this.closing
        ? await this.lang.answer(work, AbortSignal.abort())
        : await this.lang.answer(work, this.stopping.signal);
      this.log(
        answer.by === 'failed-by-bridge'
          ? `${label}: FAILED by the bridge: ${answer.reason}`
          : `${label}: ${answer.by === 'page' ? 'page' : 'component'} → ${summary(WorkflowActivationCompletion.decode(answer.completion))}`,
      );
      // Not held back: sdk-core gets the completion now; the next activation waits instead.
      this.server.page?.event('activation-done', {
        run,
        index,
        completion: answer.completion,
        by: answer.by,
        ...(answer.reason !== undefined ? { reason: answer.reason } : {}),
        ...(answer.view ? { view: answer.view as unknown as Record<string, unknown> } : {}),
        ...(answer.trace ? { trace: answer.trace as unknown as Record<string, unknown>[] } : {}),
      });
      return answer.completion;
    } finally {
      this.inFlight--;
      this.capacityWaiters.shift()?.();
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** sdk-core evicted a run (or a replay ended): tell the page, forget the run. */
  runEnded(
    runId: string,
    reason: string,
    message: string,
    verdict?: Record<string, unknown>,
  ): void {
    const run = this.book.info(runId);
    this.book.end(runId);
    this.lang.forget(runId);
    this.server.page?.event('run-ended', {
      run,
      reason,
      message,
      ...(verdict ? { verdict } : {}),
    });
  }

  /**
   * From now on activations are failed at once; those in flight get `graceMs` to be answered and
   * are then failed. Resolves when none is in flight.
   */
  async shutDown(graceMs: number): Promise<void> {
    this.closing = true;
    const timer = setTimeout(() => this.stopping.abort(), graceMs);
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    clearTimeout(timer);
    this.stopping.abort();
  }
}
