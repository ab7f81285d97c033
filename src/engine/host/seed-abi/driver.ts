/**
 * Runs a seed-ABI module as a workflow that finishes in its first activation: a fresh instance
 * calls `run()`, which reads its input with `get_info` and ends the workflow with `complete`
 * (CompleteWorkflowExecution) or `complete_with_failure` (FailWorkflowExecution); `write_log`
 * lines go to the trace. Anything else — returning without completing, a trap, bad JSON or bad
 * memory ranges — fails the workflow task with a message naming the call and the field.
 */
import { jobVariant, type coresdk, type temporal } from '../../proto/index.ts';
import { describeThrown, readableStack } from '../errors.ts';
import type { ActivationCompletion, RunDriver, RunIdentity, RunOptions } from '../run.ts';
import { TraceRecorder, type CallEntry, type TraceEntry } from '../trace.ts';
import {
  failureFromJson,
  infoJson,
  parseJson,
  payloadsFromJson,
  SeedAbiError,
} from './json-forms.ts';
import type { LoadedSeedModule, SeedFunction } from './module.ts';

type IWorkflowActivation = coresdk.workflow_activation.IWorkflowActivation;
type IWorkflowCommand = coresdk.workflow_commands.IWorkflowCommand;
type IFailure = temporal.api.failure.v1.IFailure;

const LOG_LEVELS: Record<number, string> = {
  1: 'error',
  2: 'warn',
  3: 'info',
  4: 'debug',
  5: 'trace',
};

/** Thrown from `complete`/`complete_with_failure` to stop `run` where it stands. */
class Finished {
  constructor(readonly command: IWorkflowCommand) {}
}

class TaskFailed extends Error {
  constructor(
    message: string,
    readonly failure: IFailure = { message },
  ) {
    super(message);
  }
}

function jobKinds(activation: IWorkflowActivation): string {
  return (activation.jobs ?? []).map((job) => jobVariant(job)).join(', ');
}

export class SeedRunDriver implements RunDriver {
  readonly currentDetails = '';
  private readonly recorder = new TraceRecorder();
  private ran = false;

  constructor(
    private readonly seed: LoadedSeedModule,
    private readonly identity: RunIdentity,
    private readonly options: RunOptions = {},
  ) {}

  get trace(): readonly TraceEntry[] {
    return this.recorder.entries;
  }

  async activate(activation: IWorkflowActivation): Promise<ActivationCompletion> {
    this.recorder.activation++;
    const jobs = activation.jobs ?? [];
    if (jobs.length > 0 && jobs.every((job) => job.removeFromCache)) {
      return { status: 'success', commands: [], origins: [] };
    }
    try {
      const init = jobs.find((job) => job.initializeWorkflow)?.initializeWorkflow;
      if (this.ran || !init) {
        throw new TaskFailed(
          this.ran
            ? `A seed-ABI module runs once, in the first activation of its run, and cannot ` +
                `handle later activations (this one carries ${jobKinds(activation) || 'no jobs'}).`
            : 'The first activation of a run must carry an InitializeWorkflow job.',
        );
      }
      this.ran = true;
      const command = await this.run(init.arguments ?? []);
      return { status: 'success', commands: [command], origins: ['guest'] };
    } catch (thrown) {
      const failed =
        thrown instanceof TaskFailed
          ? thrown
          : new TaskFailed(`Host error: ${describeThrown(thrown)}`);
      this.recorder.record({
        type: 'task-failure',
        message: failed.message,
        failure: failed.failure,
      });
      return { status: 'failed', message: failed.message, failure: failed.failure };
    }
  }

  private async run(params: readonly temporal.api.common.v1.IPayload[]): Promise<IWorkflowCommand> {
    const info = new TextEncoder().encode(infoJson(params));
    let memory: WebAssembly.Memory | undefined;
    const current = this.recorder.record<CallEntry>({ type: 'run', durationMs: 0, outcome: '' });

    /** The memory range [offset, offset + length), checked; u32 arguments arrive as i32. */
    const range = (what: string, offset: number, length: number): Uint8Array => {
      if (!memory)
        throw new SeedAbiError('called before the module had memory (in its start function)');
      const [start, len] = [offset >>> 0, length >>> 0];
      if (start + len > memory.buffer.byteLength) {
        throw new SeedAbiError(
          `${what} ${start}..${start + len} lies outside the module's memory ` +
            `(${memory.buffer.byteLength} bytes)`,
        );
      }
      return new Uint8Array(memory.buffer, start, len);
    };
    const finish = (fn: SeedFunction, command: IWorkflowCommand): never => {
      this.recorder.record({ type: 'command', call: current.seq, origin: 'guest', command });
      current.outcome = fn;
      throw new Finished(command);
    };

    const functions: Record<SeedFunction, (...args: number[]) => number | void> = {
      complete: (offset, length) => {
        const bytes = range('output', offset!, length!);
        const payloads =
          bytes.length === 0 ? [] : payloadsFromJson(parseJson(bytes, 'output'), 'output');
        if (payloads.length > 1) {
          throw new SeedAbiError(
            `output holds ${payloads.length} payloads; a workflow result is one payload`,
          );
        }
        finish('complete', {
          completeWorkflowExecution: payloads[0] ? { result: payloads[0] } : {},
        });
      },
      complete_with_failure: (offset, length) => {
        const bytes = range('failure', offset!, length!);
        const failure =
          bytes.length === 0 ? {} : failureFromJson(parseJson(bytes, 'failure'), 'failure');
        finish('complete_with_failure', { failWorkflowExecution: { failure } });
      },
      get_info_len: () => info.length,
      get_info: (offset, length) => {
        if (length! >>> 0 !== info.length) {
          throw new SeedAbiError(
            `info_len ${length! >>> 0} does not match get_info_len() = ${info.length}`,
          );
        }
        range('info', offset!, length!).set(info);
      },
      write_log: (level, offset, length) => {
        const bytes = range('message', offset!, length!);
        const name = LOG_LEVELS[level!];
        // The spec: an invalid level means no log.
        if (!name) return;
        this.recorder.record({
          type: 'log',
          call: current.seq,
          source: 'write_log',
          level: name,
          text: new TextDecoder().decode(bytes),
        });
      },
    };

    const imports: Record<string, Record<string, (...args: number[]) => number | void>> = {};
    for (const { module, name } of WebAssembly.Module.imports(this.seed.module)) {
      const fn = functions[name as SeedFunction];
      // A SeedAbiError becomes a task failure that names the function it came from.
      (imports[module] ??= {})[name] = (...args: number[]) => {
        try {
          return fn(...args);
        } catch (thrown) {
          throw thrown instanceof SeedAbiError
            ? new SeedAbiError(`${name}: ${thrown.message}`)
            : thrown;
        }
      };
    }

    const mark = this.options.onGuestCall ?? (() => {});
    const started = performance.now();
    mark({ activation: this.recorder.activation, call: 'run' });
    try {
      const instance = await WebAssembly.instantiate(this.seed.module, imports);
      memory = instance.exports['memory'] as WebAssembly.Memory;
      (instance.exports['run'] as () => void)();
      throw new TaskFailed(
        'run returned without calling complete or complete_with_failure; a seed-ABI workflow ' +
          'must finish in its first activation.',
      );
    } catch (thrown) {
      if (thrown instanceof Finished) return thrown.command;
      const failed =
        thrown instanceof TaskFailed
          ? thrown
          : thrown instanceof SeedAbiError
            ? new TaskFailed(thrown.message)
            : trapped(thrown);
      current.outcome = 'error';
      current.error = failed.message;
      throw failed;
    } finally {
      current.durationMs = performance.now() - started;
      mark(undefined);
    }
  }
}

function trapped(thrown: unknown): TaskFailed {
  const message = `WASM workflow trapped in run: ${describeThrown(thrown)}`;
  return new TaskFailed(message, { message, stackTrace: readableStack(thrown) ?? null });
}
