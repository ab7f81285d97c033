/** Filters over the event list: categories, type, text or regular expression, jump to an id. */
import { useMemo, useState } from 'react';
import {
  CATEGORY_LABELS,
  EVENT_CATEGORIES,
  type EventCategory,
} from '../../engine/inspect/categories.ts';
import { useApp } from '../state/store.ts';
import { select, setEventListView, setFilter } from '../state/inspect.ts';
import { toggleBreakpoint } from '../state/stepping.ts';

export function EventFilters({ shown, total }: { shown: number; total: number }) {
  const filter = useApp((s) => s.filter);
  const error = useApp((s) => s.filterError);
  const view = useApp((s) => s.history.view);
  const breakpoints = useApp((s) => s.session?.breakpoints);
  const compact = useApp((s) => s.eventListView === 'compact');
  const [jump, setJump] = useState('');
  const [jumpError, setJumpError] = useState<string>();
  const present = useMemo(() => {
    const found = new Set<EventCategory>();
    if (view) for (const c of view.index.categoryOf) found.add(EVENT_CATEGORIES[c]!);
    return found;
  }, [view]);
  const types = useMemo(() => [...(view?.index.types ?? [])].sort(), [view]);
  const toggleCategory = (c: EventCategory) =>
    setFilter(
      {
        categories: filter.categories.includes(c)
          ? filter.categories.filter((x) => x !== c)
          : [...filter.categories, c],
      },
      true,
    );
  const type = filter.types[0] ?? '';
  const typeHasBreakpoint =
    !!type && !!breakpoints?.some((b) => b.kind === 'event-type' && b.eventType === type);

  return (
    <div className="event-filters">
      <div className="filter-line">
        <div className="search">
          <input
            data-focus="event-search"
            aria-label="Search events"
            placeholder={filter.regex ? 'Regular expression…' : 'Search events…'}
            value={filter.text}
            className={error ? 'invalid' : ''}
            onChange={(e) => setFilter({ text: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
            }}
          />
          <button
            type="button"
            className={`toggle${filter.regex ? ' on' : ''}`}
            aria-pressed={filter.regex}
            title="Regular expression"
            onClick={() => setFilter({ regex: !filter.regex }, true)}
          >
            .*
          </button>
          <button
            type="button"
            className={`toggle${filter.caseSensitive ? ' on' : ''}`}
            aria-pressed={filter.caseSensitive}
            title="Match case"
            onClick={() => setFilter({ caseSensitive: !filter.caseSensitive }, true)}
          >
            Aa
          </button>
          <button
            type="button"
            className={`toggle${filter.attributes ? ' on' : ''}`}
            aria-pressed={filter.attributes}
            title="Also search attributes and decoded payloads (slower on large histories)"
            onClick={() => setFilter({ attributes: !filter.attributes }, true)}
          >
            {'{…}'}
          </button>
        </div>
        <select
          aria-label="Event type"
          value={type}
          onChange={(e) => setFilter({ types: e.target.value ? [e.target.value] : [] }, true)}
        >
          <option value="">All types</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        {type && (
          <button
            type="button"
            className={`toggle${typeHasBreakpoint ? ' on bp' : ''}`}
            title={
              typeHasBreakpoint
                ? `Remove the breakpoint on every ${type}`
                : `Break on every ${type}`
            }
            aria-pressed={typeHasBreakpoint}
            onClick={() => void toggleBreakpoint({ kind: 'event-type', eventType: type })}
          >
            ● break on type
          </button>
        )}
        <form
          className="jump"
          onSubmit={(e) => {
            e.preventDefault();
            const id = Number(jump.replace(/^#/, ''));
            if (!Number.isInteger(id) || id < 1 || id > total) {
              setJumpError(`No event ${jump} (1–${total})`);
              return;
            }
            setJumpError(undefined);
            select({ kind: 'event', eventId: id });
            // Done with the box: the next keys are shortcuts again (b, r, …), not more digits.
            setJump('');
            e.currentTarget.querySelector('input')?.blur();
          }}
        >
          <input
            data-focus="event-jump"
            aria-label="Go to event id"
            placeholder="Go to #"
            value={jump}
            className={jumpError ? 'invalid' : ''}
            title={jumpError}
            onChange={(e) => setJump(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Escape') return;
              setJump('');
              setJumpError(undefined);
              e.currentTarget.blur();
            }}
          />
        </form>
        <span className="count" data-testid="event-count">
          {compact
            ? `${shown.toLocaleString('en-US')} rows · ${total.toLocaleString('en-US')} events`
            : shown === total
              ? `${total.toLocaleString('en-US')} events`
              : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`}
        </span>
      </div>
      <div className="filter-line categories" role="group" aria-label="Categories">
        <button
          type="button"
          className={`toggle compact-toggle${compact ? ' on' : ''}`}
          aria-pressed={compact}
          title="One row per activity, timer, child workflow, update and workflow task, with its outcome and duration"
          onClick={() => setEventListView(compact ? 'all' : 'compact')}
        >
          Compact
        </button>
        {EVENT_CATEGORIES.filter((c) => present.has(c)).map((c) => (
          <button
            key={c}
            type="button"
            className={`category cat-${c}${filter.categories.includes(c) ? ' on' : ''}`}
            aria-pressed={filter.categories.includes(c)}
            onClick={() => toggleCategory(c)}
          >
            <span className="cat-dot" />
            {CATEGORY_LABELS[c]}
          </button>
        ))}
      </div>
      {(error || jumpError) && (
        <p className="filter-error" role="alert">
          {error ?? jumpError}
        </p>
      )}
    </div>
  );
}
