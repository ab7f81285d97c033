/**
 * A collapsible JSON tree. Objects the engine marked as payloads (`$payload`) and failures
 * (`$failure`) get their own views: decoded values with text/hex, and cause chains. Values the
 * schema does not know (`$unknown`) are shown as written, their key marked "(unknown)".
 */
import { useState } from 'react';
import type { PayloadView as Payload } from '../../engine/proto/payload-view.ts';
import { PayloadView } from './PayloadView.tsx';
import { plural } from '../common/format.ts';

const MAX_ITEMS = 100;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function Scalar({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="j-null">{String(value)}</span>;
  if (typeof value === 'string') return <span className="j-str">{JSON.stringify(value)}</span>;
  return <span className="j-num">{String(value)}</span>;
}

function Node({
  name,
  value,
  depth,
  open: openByDefault,
}: {
  name?: string;
  value: unknown;
  depth: number;
  open: number;
}) {
  const [open, setOpen] = useState(depth < openByDefault);
  const [all, setAll] = useState(false);
  const key = name !== undefined && <span className="j-key">{name}: </span>;
  if (isRecord(value) && '$payload' in value)
    return (
      <div className="j-node">
        {key}
        <PayloadView payload={value['$payload'] as Payload} />
      </div>
    );
  if (isRecord(value) && '$unknown' in value)
    return (
      <div
        className="j-unknown"
        title="Not in this version's schema: kept as written, and written back on export"
      >
        <Node
          name={`${name ?? ''} (unknown)`.trimStart()}
          value={value['$unknown']}
          depth={depth}
          open={openByDefault}
        />
      </div>
    );
  if (isRecord(value) && '$failure' in value)
    return (
      <div className="j-node">
        {key}
        <FailureView failure={value['$failure'] as Record<string, unknown>} />
      </div>
    );
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : isRecord(value)
      ? Object.entries(value)
      : [];
  if (!Array.isArray(value) && !isRecord(value))
    return (
      <div className="j-node leaf">
        {key}
        <Scalar value={value} />
      </div>
    );
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0)
    return (
      <div className="j-node leaf">
        {key}
        <span className="j-null">{brackets.join('')}</span>
      </div>
    );
  const shown = all ? entries : entries.slice(0, MAX_ITEMS);
  return (
    <div className="j-node">
      <button
        type="button"
        className="j-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'} {key}
        {!open && (
          <span className="j-null">
            {brackets[0]}
            {Array.isArray(value)
              ? plural(entries.length, 'item')
              : plural(entries.length, 'field')}
            {brackets[1]}
          </span>
        )}
      </button>
      {open && (
        <div className="j-children">
          {shown.map(([k, v]) => (
            <Node
              key={k}
              name={Array.isArray(value) ? undefined : k}
              value={v}
              depth={depth + 1}
              open={openByDefault}
            />
          ))}
          {shown.length < entries.length && (
            <button type="button" className="link" onClick={() => setAll(true)}>
              Show {entries.length - shown.length} more
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export function JsonTree({ value, open = 3 }: { value: unknown; open?: number }) {
  // An object's fields are listed at the top level, without a toggle for the object itself.
  const top = isRecord(value) && !('$payload' in value) && !('$failure' in value);
  return (
    <div className="json-tree mono">
      {top ? (
        Object.keys(value).length === 0 ? (
          <span className="j-null">{'{}'}</span>
        ) : (
          Object.entries(value).map(([k, v]) => (
            <Node key={k} name={k} value={v} depth={1} open={open} />
          ))
        )
      ) : (
        <Node value={value} depth={0} open={open} />
      )}
    </div>
  );
}

// ── Failures (here, not in a module of their own: a failure's details are a tree, and a tree
// holds failures) ──

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

/** A Temporal Failure and its causes, outermost first, as a chain (its details as JSON trees). */
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
