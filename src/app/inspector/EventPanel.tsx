/** One history event: attributes (payloads decoded, failures as chains), related events, breakpoints. */
import { useApp } from '../state/store.ts';
import { select } from '../state/inspect.ts';
import { toggleBreakpoint } from '../state/stepping.ts';
import { isoTime, sinceStart } from '../common/format.ts';
import { CATEGORY_LABELS } from '../../engine/inspect/categories.ts';
import { JsonTree } from './JsonTree.tsx';

export function EventPanel() {
  const detail = useApp((s) => s.detail.event);
  const index = useApp((s) => s.history.view?.index);
  const breakpoints = useApp((s) => s.session?.breakpoints);
  if (!detail || !index)
    return <p className="muted empty">Select an event in the list or the timeline.</p>;
  const { eventId, eventType } = detail;
  const time = index.timeMs[eventId - 1]!;
  const atEvent = !!breakpoints?.some((b) => b.kind === 'event' && b.eventId === eventId);
  const onType = !!breakpoints?.some((b) => b.kind === 'event-type' && b.eventType === eventType);
  const { eventId: _id, eventTime: _time, eventType: _type, ...rest } = detail.json;
  // Empty repeated fields (links, group markers) say nothing.
  const fields = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => !(Array.isArray(v) && v.length === 0)),
  );
  return (
    <div data-testid="event-detail">
      <h3>
        Event {eventId} <span className={`badge cat-${detail.category}`}>{eventType}</span>{' '}
        <span className="muted">
          {CATEGORY_LABELS[detail.category]} · {isoTime(time)} ({sinceStart(time, index.timeMs[0]!)}
          ) ·{' '}
          {detail.task >= 0 ? (
            <button
              type="button"
              className="link"
              onClick={() => select({ kind: 'task', task: detail.task })}
            >
              workflow task {detail.task + 1}
            </button>
          ) : (
            'in no workflow task'
          )}
        </span>
      </h3>
      <div className="actions">
        <button
          type="button"
          className={`toggle${atEvent ? ' on bp' : ''}`}
          aria-pressed={atEvent}
          onClick={() => void toggleBreakpoint({ kind: 'event', eventId })}
        >
          ● Break at this event
        </button>
        <button
          type="button"
          className={`toggle${onType ? ' on bp' : ''}`}
          aria-pressed={onType}
          onClick={() => void toggleBreakpoint({ kind: 'event-type', eventType })}
        >
          ● Break on every {eventType}
        </button>
      </div>
      {detail.codecError && (
        <p className="error-inline" role="alert">
          {detail.codecError}
        </p>
      )}
      {detail.related.length > 0 && (
        <>
          <h4>Related events</h4>
          <ul className="related" data-testid="related-events">
            {detail.related.map((r) => (
              <li key={`${r.eventId}:${r.relation}`}>
                <button
                  type="button"
                  className="link"
                  onClick={() => select({ kind: 'event', eventId: r.eventId })}
                >
                  #{r.eventId} {r.eventType}
                </button>{' '}
                <span className="muted">{r.relation}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>Attributes</h4>
      <JsonTree value={fields} open={4} />
    </div>
  );
}
