/**
 * `sleep`: a durable timer on the Temporal service. Apart from timers.ts (`condition`), which
 * makes cancellation scopes, because a scope's timeout sleeps: this module takes the current scope
 * from the frame and does not import the scope class back.
 */
import { msToDuration, toMs, type Duration } from './duration.ts';
import { composeInterceptors, type TimerInput, type TimerOptions } from './interceptors.ts';
import { toPayload } from '../src/engine/proto/payload.ts';
import { currentRun, currentScope } from './runtime/current.ts';
import { settlers } from './runtime/settlers.ts';

/** What Temporal UIs show for a command: a one-line summary and (child workflows) details. */
export function userMetadata(summary: string | undefined, details?: string) {
  if (summary === undefined && details === undefined) return undefined;
  return {
    summary: summary === undefined ? undefined : toPayload(summary),
    details: details === undefined ? undefined : toPayload(details),
  };
}

function startTimer({ seq, durationMs, options }: TimerInput): Promise<void> {
  const run = currentRun('sleep');
  const scope = currentScope('sleep');
  return new Promise<void>((resolve, reject) => {
    if (scope.consideredCancelled) return reject(scope.reason);
    const site = run.pushCommand({
      startTimer: { seq, startToFireTimeout: msToDuration(durationMs) },
      userMetadata: userMetadata(options?.summary),
    });
    const stopListening = scope.cancellable
      ? scope.onCancel((reason) => {
          if (!run.completions.timer.delete(seq)) return;
          run.pushCommand({ cancelTimer: { seq } }, site);
          reject(reason);
        })
      : () => undefined;
    run.completions.timer.set(seq, {
      waiter: run.waiter(site),
      ...settlers(stopListening, resolve, reject),
    });
  });
}

/** Waits `duration` of workflow time (at least 1 ms) on a durable timer. */
export function sleep(duration: Duration, options?: TimerOptions): Promise<void> {
  const run = currentRun('sleep');
  const durationMs = Math.max(1, toMs(duration));
  const seq = run.nextSeq('timer');
  return composeInterceptors(run.outbound, 'startTimer', startTimer)({ durationMs, seq, options });
}
