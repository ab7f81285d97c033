/**
 * A `handleQuery` interceptor written as for the TypeScript SDK (OpenTelemetry style: async),
 * which this SDK cannot await within the activation that must answer the query.
 */
import type { WorkflowInterceptors } from '@temporalio/workflow';

export function interceptors(): WorkflowInterceptors {
  return {
    inbound: [
      {
        async handleQuery(input, next) {
          return next(input);
        },
      },
    ],
  };
}
