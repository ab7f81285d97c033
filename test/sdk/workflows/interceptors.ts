/**
 * A tracing interceptor module, as a user would write one: it logs what the workflow is asked
 * and asks, and propagates a trace id to activities and to the next run as a header.
 */
import { log, workflowInfo, type WorkflowInterceptors } from '../../../sdk/index.ts';
import { toPayload } from '../../../src/engine/proto/payload.ts';

export function interceptors(): WorkflowInterceptors {
  const traceId = () => `trace-${workflowInfo().workflowId}`;
  return {
    inbound: [
      {
        async execute(input, next) {
          log.info('execute', { args: input.args.length });
          return next(input);
        },
        async handleSignal(input, next) {
          log.info(`signal ${input.signalName}`);
          return next(input);
        },
        handleQuery(input, next) {
          return `[traced] ${String(next(input))}`;
        },
      },
    ],
    outbound: [
      {
        async scheduleActivity(input, next) {
          log.info(`schedule ${input.activityType}`, { seq: input.seq });
          return next({
            ...input,
            headers: { ...input.headers, 'trace-id': toPayload(traceId()) },
          });
        },
        async startTimer(input, next) {
          log.debug(`timer ${input.durationMs} ms`);
          return next(input);
        },
        async continueAsNew(input, next) {
          return next({
            ...input,
            headers: { ...input.headers, 'trace-id': toPayload(traceId()) },
          });
        },
        getLogAttributes(input, next) {
          return next({ ...input, traceId: traceId() });
        },
      },
    ],
  };
}
