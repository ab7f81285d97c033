/** Everything the activation, commands and trace inspectors show about one replayed activation. */
import type { TraceEntry } from '../host/trace.ts';
import { traceView, type TraceEntryView } from '../host/trace-view.ts';
import { Failure, WorkflowActivation, WorkflowCommand } from '../proto/index.ts';
import type { CodecServerConfig } from '../proto/codec-server.ts';
import type { SessionStep } from '../session/session.ts';
import { inspectorJson } from './inspector-json.ts';

export interface StepDetail {
  index: number;
  activation: Record<string, unknown>;
  /** The commands answered, as JSON, with who made each (`history` in history-only replay). */
  commands: Array<{ origin: 'guest' | 'host' | 'history'; command: Record<string, unknown> }>;
  failure?: { message: string; failure: Record<string, unknown> };
  /** Every host↔guest call of this activation. */
  trace: TraceEntryView[];
  /** What the workflow last reported through set-current-details, as of the end of this step. */
  currentDetails: string;
  codecError?: string;
}

/**
 * Inspector JSON of messages through one codec server; `codecError` is the first error it gave
 * (the views fall back to the payloads as they are).
 */
export function detailViews(codecServer: CodecServerConfig | undefined) {
  const errors: string[] = [];
  return {
    view: async <T>(codec: Parameters<typeof inspectorJson<T>>[0], message: T) => {
      const result = await inspectorJson(codec, message, codecServer);
      if (result.codecError) errors.push(result.codecError);
      return result.json;
    },
    codecError: (): { codecError?: string } =>
      errors.length > 0 ? { codecError: errors[0]! } : {},
  };
}

export async function stepDetail(
  step: SessionStep,
  trace: readonly TraceEntry[],
  codecServer?: CodecServerConfig,
): Promise<StepDetail> {
  const { view, codecError } = detailViews(codecServer);
  const completion = step.completion;
  const commands =
    completion?.status === 'success'
      ? await Promise.all(
          completion.commands.map(async (command, i) => ({
            origin: completion.origins[i] ?? ('guest' as const),
            command: await view(WorkflowCommand, command),
          })),
        )
      : await Promise.all(
          step.commands.map(async (command) => ({
            origin: 'history' as const,
            command: await view(WorkflowCommand, command),
          })),
        );
  const end = step.trace?.to ?? 0;
  let currentDetails = '';
  for (let i = end - 1; i >= 0; i--) {
    const entry = trace[i]!;
    if (entry.type === 'details') {
      currentDetails = entry.text;
      break;
    }
  }
  return {
    index: step.index,
    activation: await view(WorkflowActivation, step.activation),
    commands,
    ...(completion?.status === 'failed'
      ? {
          failure: {
            message: completion.message,
            failure: await view(Failure, completion.failure),
          },
        }
      : {}),
    trace: step.trace
      ? trace.slice(step.trace.from, step.trace.to).map((entry) => traceView(entry, trace))
      : [],
    currentDetails,
    ...codecError(),
  };
}
