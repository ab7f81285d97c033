/**
 * The timeline area: the workflow tasks as columns (what replay does task by task), or the run
 * over wall-clock time (the Gantt); a live run from a bridge has only the columns.
 */
import { useApp } from '../state/store.ts';
import { setTimelineView } from '../state/inspect.ts';
import { showingLive } from '../state/shown.ts';
import { Timeline } from './Timeline.tsx';
import { Gantt } from './Gantt.tsx';

const VIEWS = [
  { id: 'tasks', label: 'Workflow tasks', title: 'A column per workflow task: what replay does' },
  { id: 'clock', label: 'Wall clock', title: 'Activities, timers, children over real time' },
] as const;

export function TimelinePane() {
  const chosen = useApp((s) => s.timelineView);
  const live = useApp(showingLive);
  const shown = live ? 'tasks' : chosen;
  return (
    <div className="timeline-pane">
      {!live && (
        <div className="view-switch timeline-switch" role="tablist" aria-label="Timeline view">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              role="tab"
              aria-selected={shown === v.id}
              title={v.title}
              onClick={() => setTimelineView(v.id)}
            >
              {v.label}
            </button>
          ))}
        </div>
      )}
      {shown === 'clock' ? <Gantt /> : <Timeline />}
    </div>
  );
}
