/** A Temporal Failure and its causes, outermost first, as a chain. */
import { JsonTree } from './JsonTree.tsx';

const INFO_KINDS = [
  'applicationFailureInfo',
  'timeoutFailureInfo',
  'canceledFailureInfo',
  'terminatedFailureInfo',
  'serverFailureInfo',
  'resetWorkflowFailureInfo',
  'activityFailureInfo',
  'childWorkflowExecutionFailureInfo',
  'nexusOperationExecutionFailureInfo',
  'nexusHandlerFailureInfo',
] as const;

function kindOf(failure: Record<string, unknown>): {
  kind: string;
  info?: Record<string, unknown>;
} {
  for (const key of INFO_KINDS) {
    const info = failure[key] as Record<string, unknown> | undefined;
    if (info) {
      const type =
        key === 'applicationFailureInfo' ? (info['type'] as string | undefined) : undefined;
      const name = key.replace(/FailureInfo$/, '').replace(/^./, (c) => c.toUpperCase());
      return { kind: type ? `${type} (Application)` : name, info };
    }
  }
  return { kind: 'Failure' };
}

export function FailureView({ failure }: { failure: Record<string, unknown> }) {
  const chain: Array<Record<string, unknown>> = [];
  for (let f: Record<string, unknown> | undefined = failure; f && chain.length < 50;) {
    chain.push(f);
    f = (f['cause'] as { $failure?: Record<string, unknown> } | undefined)?.$failure;
  }
  return (
    <ol className="failure-chain" data-testid="failure-chain">
      {chain.map((f, i) => {
        const { kind, info } = kindOf(f);
        const { cause: _cause, stackTrace, message, source, ...rest } = f;
        return (
          <li key={i} className="failure">
            <div className="failure-head">
              {i > 0 && <span className="muted">caused by </span>}
              <span className="badge bad">{kind}</span>{' '}
              <strong className="failure-message">{String(message ?? '')}</strong>
              {source ? <span className="muted"> · {String(source)}</span> : null}
              {info?.['nonRetryable'] ? (
                <>
                  {' '}
                  <span className="badge subtle">non-retryable</span>
                </>
              ) : null}
            </div>
            {typeof stackTrace === 'string' && stackTrace && (
              <details>
                <summary>Stack trace</summary>
                <pre className="stack">{stackTrace}</pre>
              </details>
            )}
            {Object.keys(rest).length > 0 && (
              <details>
                <summary>Details</summary>
                <JsonTree value={rest} open={2} />
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
