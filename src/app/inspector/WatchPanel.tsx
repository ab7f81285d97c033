/**
 * The watch panel: the workflow's queries answered at the cursor, on a copy of its state (the
 * replay is not disturbed), asked again whenever the cursor moves. Answers that differ from the
 * step the cursor came from are marked; rows can be pinned to the top; queries the workflow does
 * not declare (or declared ones with arguments) can be typed in with JSON arguments.
 */
import { useState } from 'react';
import type { WatchView } from '../../engine/remote/protocol.ts';
import { setWatchQueries, togglePin } from '../state/inspect.ts';
import { useApp } from '../state/store.ts';

type Answer = WatchView['answers'][number];

const keyOf = (q: { name: string; args: unknown[] }) => `${q.name}(${JSON.stringify(q.args)})`;

function AddQuery() {
  const extra = useApp((s) => s.watch.extra);
  const [name, setName] = useState('');
  const [args, setArgs] = useState('[]');
  const [error, setError] = useState<string>();
  const add = () => {
    if (!name.trim()) return setError('Name the query.');
    let parsed: unknown;
    try {
      parsed = JSON.parse(args || '[]');
    } catch (thrown) {
      return setError(`Arguments are not JSON: ${(thrown as Error).message}`);
    }
    if (!Array.isArray(parsed)) return setError('Arguments must be a JSON array, e.g. ["a", 1].');
    setError(undefined);
    const query = { name: name.trim(), args: parsed as unknown[] };
    if (!extra.some((q) => keyOf(q) === keyOf(query))) setWatchQueries([...extra, query]);
    setName('');
  };
  return (
    <form
      className="watch-add"
      onSubmit={(e) => {
        e.preventDefault();
        add();
      }}
    >
      <input
        aria-label="Query name"
        placeholder="query name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <input
        aria-label="Query arguments (JSON array)"
        className="mono"
        value={args}
        onChange={(e) => setArgs(e.target.value)}
      />
      <button type="submit">Add query</button>
      {error && (
        <p className="error-inline" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Row({ answer, previous }: { answer: Answer; previous: WatchView | undefined }) {
  const key = keyOf(answer);
  const pinned = useApp((s) => s.watch.pinned.includes(key));
  const extra = useApp((s) => s.watch.extra);
  const before = previous?.answers.find((a) => keyOf(a) === key);
  const changed =
    before !== undefined && (before.text !== answer.text || before.error !== answer.error);
  const removable = extra.some((q) => keyOf(q) === key);
  return (
    <li
      className={`watch-row${changed ? ' changed' : ''}${pinned ? ' pinned' : ''}`}
      data-testid="watch-row"
      data-query={answer.name}
      data-changed={changed || undefined}
    >
      <div className="watch-head">
        <button
          type="button"
          className="pin"
          aria-pressed={pinned}
          aria-label={`${pinned ? 'Unpin' : 'Pin'} ${answer.name}`}
          title={pinned ? 'Unpin' : 'Pin to the top'}
          onClick={() => togglePin(key)}
        >
          {pinned ? '★' : '☆'}
        </button>
        <code>
          {answer.name}({answer.args.map((a) => JSON.stringify(a)).join(', ')})
        </code>
        {changed && (
          <span className="badge" title={`was: ${before.text ?? before.error}`}>
            changed since activation {previous!.step + 1}
          </span>
        )}
        {removable && (
          <button
            type="button"
            className="link"
            onClick={() => setWatchQueries(extra.filter((q) => keyOf(q) !== key))}
          >
            remove
          </button>
        )}
      </div>
      {answer.error !== undefined ? (
        <p className="error-inline">{answer.error}</p>
      ) : (
        <pre className="watch-value">{answer.text}</pre>
      )}
    </li>
  );
}

export function WatchPanel() {
  const view = useApp((s) => s.detail.watch);
  const previous = useApp((s) => s.watch.previous);
  const pinned = useApp((s) => s.watch.pinned);
  const loading = useApp((s) => s.detail.loading);
  if (!view) return <p className="muted empty">{loading ? 'Asking…' : 'No session open.'}</p>;
  const shownPrevious = previous && previous.step !== view.step ? previous : undefined;
  const answers = [...view.answers].sort(
    (a, b) => Number(pinned.includes(keyOf(b))) - Number(pinned.includes(keyOf(a))),
  );
  return (
    <div data-testid="watch">
      <h3>
        Queries at activation {view.step + 1}{' '}
        <span className="muted">· answered by a copy of the workflow&apos;s state there</span>
      </h3>
      {view.refusal ? (
        <p className="muted">{view.refusal.charAt(0).toUpperCase() + view.refusal.slice(1)}.</p>
      ) : (
        <>
          {view.declared.length === 0 && (
            <p className="muted">The workflow declares no queries; type one in below.</p>
          )}
          <ul className="watch-list">
            {answers.map((answer) => (
              <Row key={keyOf(answer)} answer={answer} previous={shownPrevious} />
            ))}
          </ul>
        </>
      )}
      <AddQuery />
    </div>
  );
}
