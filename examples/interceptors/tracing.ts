/**
 * A tracing interceptor module, registered for the component at build time
 * (`workflow-playground build workflow.ts --interceptors tracing.ts`). It logs every inbound call
 * and every activity and timer the workflow starts, and passes a trace id to activities in their
 * headers, which is how OpenTelemetry interceptors propagate context. The log records and the
 * headers show in the host's trace.
 */
import { log, workflowInfo, type WorkflowInterceptorsFactory } from '../../sdk/index.ts';
import { toPayload } from '../../src/engine/proto/payload.ts';

export const interceptors: WorkflowInterceptorsFactory = () => {
  const traceId = () => `trace-${workflowInfo().workflowId}-${workflowInfo().runId.slice(0, 8)}`;
  return {
    inbound: [
      {
        async execute(input, next) {
          log.info('workflow started', { args: input.args });
          try {
            return await next(input);
          } finally {
            log.info('workflow function returned');
          }
        },
        async handleSignal(input, next) {
          log.info(`signal ${input.signalName}`, { args: input.args });
          return next(input);
        },
      },
    ],
    outbound: [
      {
        async scheduleActivity(input, next) {
          log.info(`activity ${input.activityType}`, { seq: input.seq });
          const headers = { ...input.headers, 'x-trace-id': toPayload(traceId()) };
          return next({ ...input, headers });
        },
        async startTimer(input, next) {
          log.info(`timer ${input.durationMs} ms`, { seq: input.seq });
          return next(input);
        },
        getLogAttributes(input, next) {
          return next({ ...input, traceId: traceId() });
        },
      },
    ],
  };
};
